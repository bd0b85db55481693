package capture

import (
	"strings"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/sightline-osint/sightline/capture/social"
)

// Metadata is what a capture records about the page (DESIGN.md §3). Times are
// UTC, to the millisecond.
type Metadata struct {
	RequestedURL string     `json:"requested_url"`
	FinalURL     string     `json:"final_url"`
	Redirects    []Redirect `json:"redirects,omitempty"` // HTTP redirects of the main document, in order

	// The main document's response.
	Status       int               `json:"status"`
	StatusText   string            `json:"status_text"`
	MIMEType     string            `json:"mime_type"`
	Headers      map[string]string `json:"headers"` // repeated headers joined by a newline
	HeadersText  string            `json:"headers_text,omitempty"`
	HeaderFields []HeaderField     `json:"header_fields,omitempty"` // in wire order when HeadersText was given
	ServerIP     string            `json:"server_ip"`
	ServerPort   int               `json:"server_port"`
	Protocol     string            `json:"protocol"`      // http/1.1, h2, ...
	TLS          *TLS              `json:"tls,omitempty"` // nil for http

	Title      string      `json:"title"`
	Start      time.Time   `json:"start"`
	End        time.Time   `json:"end"`
	Timing     Timing      `json:"timing"`
	Browser    BrowserInfo `json:"browser"`
	Viewport   Viewport    `json:"viewport"`
	PageHeight int         `json:"page_height"` // CSS pixels of the whole document
	Screenshot Screenshot  `json:"screenshot"`
	Scroll     *Scroll     `json:"scroll,omitempty"` // nil when the request asked for none

	Incomplete       bool   `json:"incomplete"`
	IncompleteReason string `json:"incomplete_reason,omitempty"`
	// NavigationDownload: the URL answered with a file to download rather
	// than a page; Result.Downloads holds it and the page is blank.
	NavigationDownload bool `json:"navigation_download,omitempty"`

	Dialogs []Dialog `json:"dialogs,omitempty"`
	Popups  []Popup  `json:"popups,omitempty"`
	// Login is whether the page showed the persona logged in.
	Login   Login    `json:"login"`
	Cookies []Cookie `json:"cookies,omitempty"`

	// Identity is the network identity the page was collected from (the
	// workspace fills it in: persona, proxy, egress address); nil when not
	// recorded.
	Identity *NetworkIdentity `json:"network_identity,omitempty"`

	// Social names the platform, the account and the post the page shows
	// (evidence/posts.json has the posts); nil when posts were not read.
	Social *social.Summary `json:"social,omitempty"`

	// ArtefactErrors says, per optional artefact (viewport, text, mhtml,
	// pdf, cookies, ...), why it is missing from the Result.
	ArtefactErrors map[string]string `json:"artefact_errors,omitempty"`
}

// Redirect is one HTTP redirect hop of the main document.
type Redirect struct {
	URL      string `json:"url"`
	Status   int    `json:"status"`
	Location string `json:"location"`
}

// Viewport is the emulated screen the page was laid out for, in CSS pixels.
type Viewport struct {
	Width             int     `json:"width"`
	Height            int     `json:"height"`
	DeviceScaleFactor float64 `json:"device_scale_factor"`
}

// Dialog is a JavaScript dialog the page opened during the capture. Alerts,
// confirms and prompts were dismissed (confirm answered false, prompt null);
// beforeunload was accepted so the page could go.
type Dialog struct {
	Type          string    `json:"type"` // alert, confirm, prompt, beforeunload
	Message       string    `json:"message"`
	DefaultPrompt string    `json:"default_prompt,omitempty"`
	URL           string    `json:"url"` // the frame that opened it
	Time          time.Time `json:"time"`
}

// describeMain fills m with what the network said about the main document:
// its redirect hops and its final response. The main document is the load
// that the main frame committed last, or, when none did (the URL was a
// download), the capture's own navigation.
func describeMain(m *Metadata, ex []Exchange, frame, loader string) {
	var final *Exchange
	for i := range ex {
		e := &ex[i]
		if e.Type != string(network.ResourceTypeDocument) || e.FrameID != frame || e.Response == nil ||
			(loader != "" && e.loaderID != loader) {
			continue
		}
		if e.Redirected {
			m.Redirects = append(m.Redirects, Redirect{
				URL: e.URL, Status: e.Response.Status, Location: header(e.Response.Headers, "Location"),
			})
			continue
		}
		final = e
	}
	if final == nil {
		return
	}
	res := final.Response
	m.FinalURL = final.URL
	m.Status, m.StatusText, m.MIMEType, m.Headers = res.Status, res.StatusText, res.MIMEType, res.Headers
	m.HeadersText, m.HeaderFields = res.HeadersText, res.HeaderFields
	m.ServerIP, m.ServerPort, m.Protocol = res.RemoteIP, res.RemotePort, res.Protocol
	if res.TLS != nil {
		t := *res.TLS
		m.TLS = &t
	}
}

// mainLoader is the document load describeMain reports: the main frame's
// last committed one, else the navigation's.
func (r *recorder) mainLoader(navLoader string) (frame, loader string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.committed != "" {
		return string(r.mainFrame), string(r.committed)
	}
	return string(r.mainFrame), navLoader
}

// header looks a header up without regard to case: HTTP/2 names are lower
// case, HTTP/1.1 names as the server wrote them.
func header(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// ArtefactError records why an optional part of the capture is missing or
// was made otherwise (ArtefactErrors).
func (m *Metadata) ArtefactError(name, reason string) {
	if m.ArtefactErrors == nil {
		m.ArtefactErrors = map[string]string{}
	}
	m.ArtefactErrors[name] = reason
}
