package capture

import (
	"errors"
	"fmt"
	"net/url"
)

// ErrUnsupportedScheme is returned for a URL that is not an http or https URL
// with a host: ftp:, javascript:, file:, data:, text that is not a URL.
// Capture returns it before it touches the browser.
var ErrUnsupportedScheme = errors.New("unsupported URL: only http and https URLs with a host can be captured")

// ErrBrowserNotFound is returned by Start when no Chromium executable is found
// (Options.ExecPath, or chromium, chromium-browser, google-chrome on PATH).
var ErrBrowserNotFound = errors.New("chromium not found")

// ErrBrowserBusy is returned when Chromium did not open and prepare a
// capture's tab within Request.TabTimeout: the browser is overloaded or
// hung, and the page was never asked for.
var ErrBrowserBusy = errors.New("the browser did not open a tab in time")

// ErrPageUnresponsive is returned when the page loaded, but did not answer
// the browser for a step the capture cannot do without (the screenshot,
// the DOM) within Request.StepTimeout: a script that never ends, or a page
// too heavy to draw. The browser is fine; the next capture works.
var ErrPageUnresponsive = errors.New("the page did not answer the browser")

// ErrPageCrashed is returned when the page's renderer crashed during the
// capture: out of memory, or a fault in Chromium. Nothing of the page is
// kept; the browser is fine and the next capture works.
var ErrPageCrashed = errors.New("the page's renderer crashed (out of memory, or a fault in Chromium)")

// LoadError is returned when the page did not load at all, so there is
// nothing to preserve: the host name did not resolve, the connection was
// refused or reset, the certificate was rejected, or no response came before
// the deadline. Reason is Chromium's error text (net::ERR_NAME_NOT_RESOLVED,
// see net/base/net_error_list.h) or says what timed out.
type LoadError struct {
	URL    string
	Reason string

	err error // chromedp's error, when there is one
}

// Error gives the reason; Capture's own wrapping adds the URL.
func (e *LoadError) Error() string {
	return "page did not load: " + e.Reason
}

// Unwrap gives chromedp's *LoadError when the browser reported the failure.
func (e *LoadError) Unwrap() error {
	return e.err
}

// checkURL accepts only http and https URLs with a host.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupportedScheme, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrUnsupportedScheme
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%w: no host", ErrUnsupportedScheme)
	}
	return u, nil
}
