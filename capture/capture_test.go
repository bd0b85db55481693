package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/png"
	"net"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sightline-osint/sightline/internal/testenv"
)

func capture(t *testing.T, req Request, p Progress) *Result {
	t.Helper()
	start := time.Now()
	res, err := testBrowser.Capture(context.Background(), req, p)
	if err != nil {
		t.Fatalf("Capture(%s): %v", req.URL, err)
	}
	t.Logf("captured %s in %s", req.URL, time.Since(start).Round(time.Millisecond))
	return res
}

// decodePNG checks the screenshot is a PNG and returns its size.
func decodePNG(t *testing.T, b []byte) image.Config {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || format != "png" {
		t.Fatalf("screenshot is not a PNG (format %q): %v", format, err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatalf("screenshot does not decode: %v", err)
	}
	return cfg
}

func TestCapturePlainPage(t *testing.T) {
	srv := newServer(t)
	var p stages
	res := capture(t, Request{URL: srv.URL + "/tall.html"}, &p)

	if !strings.Contains(res.DOM, "The quick brown fox captured as evidence.") {
		t.Errorf("DOM lacks the page text:\n%s", res.DOM)
	}
	if !strings.HasPrefix(res.DOM, "<!DOCTYPE html>") {
		t.Errorf("DOM does not start with the doctype: %.40q", res.DOM)
	}
	cfg := decodePNG(t, res.Screenshot)
	if cfg.Width != DefaultWidth || cfg.Height <= DefaultHeight {
		t.Errorf("screenshot is %dx%d, want %d wide and taller than %d", cfg.Width, cfg.Height, DefaultWidth, DefaultHeight)
	}
	if res.Meta.PageHeight != cfg.Height {
		t.Errorf("PageHeight %d, screenshot height %d", res.Meta.PageHeight, cfg.Height)
	}
	checkPlainMeta(t, res.Meta, srv)
	want := []string{StageStart, StageLoad, StageSettle, StageScreenshot, StageDOM, StageArtefacts}
	if n := int64(len(want)); !slices.Equal(p.names, want) || p.done != n || p.total != n {
		t.Errorf("progress %v %d/%d, want %v %d/%d", p.names, p.done, p.total, want, n, n)
	}
	// The document, and whatever Chromium fetched after it (the favicon).
	if len(res.Network) == 0 || res.Network[0].Type != "Document" || res.Network[0].URL != res.Meta.RequestedURL {
		t.Fatalf("network %+v, want the document first", res.Network)
	}
	for _, e := range res.Network {
		if !e.Done || e.Response == nil || e.Sent.IsZero() || e.Ended.Before(e.Sent) {
			t.Errorf("exchange %+v: want finished, answered and dated", e)
		}
	}
}

// checkPlainMeta checks the metadata of a complete capture of
// srv/tall.html.
func checkPlainMeta(t *testing.T, m Metadata, srv *httptest.Server) {
	t.Helper()
	if m.Status != 200 || m.StatusText != "OK" || m.MIMEType != "text/html" {
		t.Errorf("status %d %q, MIME %q", m.Status, m.StatusText, m.MIMEType)
	}
	if ct := header(m.Headers, "Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type header %q in %v", ct, m.Headers)
	}
	if port := srv.Listener.Addr().(*net.TCPAddr).Port; m.ServerIP != "127.0.0.1" || m.ServerPort != port {
		t.Errorf("server %s:%d, want 127.0.0.1:%d", m.ServerIP, m.ServerPort, port)
	}
	if m.Protocol != "http/1.1" || m.TLS != nil {
		t.Errorf("protocol %q, TLS %v; want http/1.1 and no TLS", m.Protocol, m.TLS)
	}
	if m.RequestedURL != srv.URL+"/tall.html" || m.FinalURL != m.RequestedURL || len(m.Redirects) != 0 {
		t.Errorf("requested %q, final %q, redirects %v", m.RequestedURL, m.FinalURL, m.Redirects)
	}
	if m.Title != "Plain fixture" {
		t.Errorf("title %q", m.Title)
	}
	if !m.Start.Before(m.End) || m.Start.Location() != time.UTC || m.End.Location() != time.UTC {
		t.Errorf("start %v, end %v: want UTC and start before end", m.Start, m.End)
	}
	if m.Incomplete || m.IncompleteReason != "" {
		t.Errorf("incomplete: %s", m.IncompleteReason)
	}
	if m.Viewport != (Viewport{Width: 1280, Height: 800, DeviceScaleFactor: 1}) {
		t.Errorf("viewport %+v", m.Viewport)
	}
	if m.Browser.Product == "" || m.Browser.UserAgent == "" || m.Browser.Protocol == "" {
		t.Errorf("browser %+v", m.Browser)
	}
}

func TestCaptureRedirect(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/old"}, nil)
	m := res.Meta
	if m.RequestedURL != srv.URL+"/old" || m.FinalURL != srv.URL+"/new" {
		t.Errorf("requested %q, final %q", m.RequestedURL, m.FinalURL)
	}
	want := []Redirect{{URL: srv.URL + "/old", Status: 302, Location: "/new"}}
	if !slices.Equal(m.Redirects, want) {
		t.Errorf("redirects %+v, want %+v", m.Redirects, want)
	}
	if m.Status != 200 || !strings.Contains(res.DOM, "Sightline plain fixture") {
		t.Errorf("status %d; DOM of /new expected", m.Status)
	}
	if len(res.Network) < 2 || !res.Network[0].Redirected || res.Network[0].RequestID != res.Network[1].RequestID {
		t.Errorf("network %+v, want the redirect hop then the document under one request id", res.Network)
	}
}

func TestCaptureHTTPS(t *testing.T) {
	res := capture(t, Request{URL: tlsServer.URL + "/tall.html"}, nil)
	tls := res.Meta.TLS
	if tls == nil {
		t.Fatal("no TLS metadata for an https page")
	}
	if tls.Protocol == "" || tls.Cipher == "" || tls.ValidTo.IsZero() {
		t.Errorf("TLS %+v", tls)
	}
	if len(tls.Chain) == 0 {
		t.Fatalf("no certificate chain: %s", tls.ChainError)
	}
	leaf := tlsServer.Certificate()
	sum := sha256.Sum256(leaf.Raw)
	if got, want := tls.Chain[0].SHA256, hex.EncodeToString(sum[:]); got != want {
		t.Errorf("leaf fingerprint %s, want %s", got, want)
	}
	if !bytes.Equal(tls.Chain[0].DER, leaf.Raw) || !tls.Chain[0].NotAfter.Equal(leaf.NotAfter) {
		t.Errorf("leaf certificate differs from the server's")
	}
	if !strings.Contains(res.DOM, "Sightline plain fixture") {
		t.Errorf("DOM lacks the page text")
	}
}

// TestCaptureHTTPSUntrusted shows that the shared browser accepts the TLS
// fixture only because of its SPKI hash: another self-signed key fails.
func TestCaptureHTTPSUntrusted(t *testing.T) {
	srv := newUntrustedTLSServer(t)
	_, err := testBrowser.Capture(context.Background(), Request{URL: srv.URL + "/tall.html"}, nil)
	var le *LoadError
	if !errors.As(err, &le) || !strings.HasPrefix(le.Reason, "net::ERR_CERT_") {
		t.Fatalf("err = %v, want a LoadError with a certificate error", err)
	}
}

func TestCaptureNeverFinishingPage(t *testing.T) {
	t.Parallel() // mostly waiting: overlap with the other waits
	srv := newServer(t)
	const deadline = 5 * time.Second
	start := time.Now()
	res := capture(t, Request{URL: srv.URL + "/hanging.html", Deadline: deadline}, nil)
	if took := time.Since(start); took < deadline {
		t.Errorf("took %s, less than the %s deadline", took, deadline)
	}
	m := res.Meta
	if !m.Incomplete || m.IncompleteReason != "load event not fired within 5s" {
		t.Errorf("incomplete %v, reason %q", m.Incomplete, m.IncompleteReason)
	}
	decodePNG(t, res.Screenshot)
	if !strings.Contains(res.DOM, "Visible text before the stuck image.") || m.Status != 200 {
		t.Errorf("status %d; DOM lacks the page text", m.Status)
	}
	i := slices.IndexFunc(res.Network, func(e Exchange) bool { return strings.HasSuffix(e.URL, "/never.png") })
	if i < 0 || res.Network[i].Done || res.Network[i].Response != nil {
		t.Errorf("network %+v, want /never.png still in flight", res.Network)
	}
}

func TestCaptureSlowPage(t *testing.T) {
	t.Parallel() // mostly waiting: overlap with the other waits
	srv := newServer(t)
	start := time.Now()
	res := capture(t, Request{URL: srv.URL + "/slow"}, nil)
	if took := time.Since(start); took < 1500*time.Millisecond {
		t.Errorf("took %s: the server waits 1.5s", took)
	}
	if res.Meta.Incomplete || res.Meta.Status != 200 || !strings.Contains(res.DOM, "The quick brown fox") {
		t.Errorf("incomplete %v (%s), status %d", res.Meta.Incomplete, res.Meta.IncompleteReason, res.Meta.Status)
	}
}

func TestCaptureScriptRenderedPage(t *testing.T) {
	srv := newServer(t)
	// A timer is not network activity: only AfterLoad waits for it.
	res := capture(t, Request{URL: srv.URL + "/scripted.html", AfterLoad: 500 * time.Millisecond}, nil)
	for _, text := range []string{"Inserted at the load event.", "Inserted 300 ms after load.", "screen 1280x800"} {
		if !strings.Contains(res.DOM, text) {
			t.Errorf("DOM lacks %q:\n%s", text, res.DOM)
		}
	}
}

func TestCaptureDialogs(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/dialogs.html"}, nil)
	got := res.Meta.Dialogs
	want := []Dialog{
		{Type: "alert", Message: "You are being watched"},
		{Type: "confirm", Message: "Carry on?"},
		{Type: "prompt", Message: "Your name?", DefaultPrompt: "anonymous"},
	}
	if len(got) != len(want) {
		t.Fatalf("dialogs %+v, want %d", got, len(want))
	}
	for i, d := range got {
		if d.Type != want[i].Type || d.Message != want[i].Message || d.DefaultPrompt != want[i].DefaultPrompt ||
			d.URL != srv.URL+"/dialogs.html" || d.Time.Before(res.Meta.Start) || d.Time.After(res.Meta.End) {
			t.Errorf("dialog %d = %+v, want %+v from the page, during the capture", i, d, want[i])
		}
	}
	// Dismissed: confirm answered false, prompt null; the script ran on.
	for _, s := range []string{`data-confirm="false"`, `data-prompt="null"`, "Script finished."} {
		if !strings.Contains(res.DOM, s) {
			t.Errorf("DOM lacks %s", s)
		}
	}
}

func pageTargets(t *testing.T) int {
	t.Helper()
	infos, err := chromedp.Targets(testBrowser.cur.ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, info := range infos {
		if info.Type == "page" {
			n++
		}
	}
	return n
}

// TestCaptureNeverIdlePage: the load event fires but a request stays open, so
// the settle window never passes.
func TestCaptureNeverIdlePage(t *testing.T) {
	t.Parallel() // mostly waiting: overlap with the other waits
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/busy.html", Deadline: 5 * time.Second}, nil)
	if m := res.Meta; !m.Incomplete || m.IncompleteReason != "network not idle for 200ms within 5s: 1 in flight" {
		t.Errorf("incomplete %v, reason %q", m.Incomplete, m.IncompleteReason)
	}
	if !strings.Contains(res.DOM, "Loaded, still talking to the server.") {
		t.Errorf("DOM lacks the page text")
	}
}

func TestCaptureRejectsURL(t *testing.T) {
	var none *Browser // never started: the URL must be refused first
	for _, u := range []string{"ftp://x", "javascript:alert(1)", "not a url", "file:///etc/passwd", "http://", "https:///path", "http://[::1"} {
		_, err := none.Capture(context.Background(), Request{URL: u}, nil)
		if !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("Capture(%q) = %v, want ErrUnsupportedScheme", u, err)
		}
	}
}

func TestCaptureLoadError(t *testing.T) {
	refused := closedPort(t)
	for _, tc := range []struct{ url, reason string }{
		{"http://does-not-exist.invalid/", "net::ERR_NAME_NOT_RESOLVED"},
		{refused, "net::ERR_CONNECTION_REFUSED"},
	} {
		res, err := testBrowser.Capture(context.Background(), Request{URL: tc.url, Deadline: 20 * time.Second}, nil)
		var le *LoadError
		if !errors.As(err, &le) {
			t.Errorf("Capture(%s) = %v, %v; want a LoadError", tc.url, res, err)
			continue
		}
		if le.URL != tc.url || le.Reason != tc.reason {
			t.Errorf("LoadError %+v, want reason %s", le, tc.reason)
		}
		if res != nil {
			t.Errorf("Capture(%s) returned a result with its LoadError", tc.url)
		}
	}
}

// TestCaptureNoResponse: a server that never answers the document is a
// LoadError at the deadline, not a hang and not an empty capture. The
// deadline counts from the navigation, so however long the browser takes
// to open the tab, the page gets its full second.
func TestCaptureNoResponse(t *testing.T) {
	t.Parallel() // mostly waiting: overlap with the other waits
	srv := newServer(t)
	// A watchdog far above the deadline: a capture that ignored its
	// deadline ends with this context's error instead of hanging the suite.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := testBrowser.Capture(ctx, Request{URL: srv.URL + "/never.png", Deadline: time.Second}, nil)
	var le *LoadError
	if !errors.As(err, &le) || le.Reason != "no response within 1s" {
		t.Errorf("err = %v, want a LoadError for no response", err)
	}
}

// TestCaptureBrowserBusy: a tab the browser does not open and prepare in
// time is ErrBrowserBusy, whatever the calls cut short by it said.
func TestCaptureBrowserBusy(t *testing.T) {
	srv := newServer(t)
	_, err := testBrowser.Capture(context.Background(), Request{URL: srv.URL + "/tall.html", TabTimeout: time.Nanosecond}, nil)
	if !errors.Is(err, ErrBrowserBusy) {
		t.Errorf("err = %v, want ErrBrowserBusy", err)
	}
	var le *LoadError
	if errors.As(err, &le) || errors.Is(err, context.Canceled) {
		t.Errorf("err = %v: the page was never asked for", err)
	}
}

// TestCaptureCancelled: cancelling while the page loads ends the capture
// with the caller's context error, whatever the deadline.
func TestCaptureCancelled(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := testBrowser.Capture(ctx, Request{URL: srv.URL + "/hanging.html", Deadline: time.Hour},
		testenv.CancelAt{Name: StageLoad, Cancel: cancel})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the caller's context error", err)
	}
}

func TestCaptureConcurrent(t *testing.T) {
	srv := newServer(t)
	urls := []string{srv.URL + "/tall.html", srv.URL + "/scripted.html", srv.URL + "/old"}
	errs := make(chan error, len(urls))
	for _, u := range urls {
		go func() {
			res, err := testBrowser.Capture(context.Background(), Request{URL: u}, nil)
			if err == nil && !strings.HasPrefix(res.Meta.FinalURL, srv.URL) {
				err = errors.New("final URL " + res.Meta.FinalURL)
			}
			errs <- err
		}()
	}
	for range urls {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// closedPort is an http URL on which nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return (&url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(port), Path: "/"}).String()
}
