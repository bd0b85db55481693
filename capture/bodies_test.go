package capture

import (
	"bytes"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// exchange is the last exchange for url that was not a redirect hop.
func exchange(t *testing.T, ex []Exchange, url string) *Exchange {
	t.Helper()
	for i := len(ex) - 1; i >= 0; i-- {
		if ex[i].URL == url && !ex[i].Redirected {
			return &ex[i]
		}
	}
	t.Errorf("no exchange for %s", url)
	return nil
}

// fullBodies are the bodies the /full fixture's server sends, by path.
func fullBodies(t *testing.T) map[string][]byte {
	t.Helper()
	html, err := os.ReadFile("testdata/full.html")
	if err != nil {
		t.Fatal(err)
	}
	css, err := os.ReadFile("testdata/style.css")
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"/full": html, "/style.css": css, "/img/pixel.png": site.pixel, "/img/pixel2.png": site.pixel2,
		"/font.ttf": site.font, "/api/data.json": site.data, "/api/echo": []byte("POST q=sightline"),
		"/api/big.json": site.big, "/gzip.txt": site.gzipText, "/latin1.txt": site.latin1,
	}
}

func TestCaptureNetworkBodies(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/full"}, nil)
	for path, want := range fullBodies(t) {
		e := exchange(t, res.Network, srv.URL+path)
		if e == nil {
			continue
		}
		if e.BodyState != BodyKept && e.BodyState != BodyRefetched || !bytes.Equal(e.Body, want) {
			t.Errorf("%s: body state %q, %d bytes, want the %d bytes the server sent", path, e.BodyState, len(e.Body), len(want))
		}
		if e.BodySize != int64(len(want)) {
			t.Errorf("%s: body size %d, want %d", path, e.BodySize, len(want))
		}
	}
	// The fetch() chain after the load event is in the DOM: the capture
	// waited for it.
	for _, s := range []string{"Fetched after load 42", "Echo: POST q=sightline", `data-big="5010"`} {
		if !strings.Contains(res.DOM, s) {
			t.Errorf("DOM lacks %s", s)
		}
	}
	for _, e := range res.Network {
		if e.BodyState == "" {
			t.Errorf("%s has no body state", e.URL)
		}
	}
	t.Run("redirect", func(t *testing.T) { checkSubresourceRedirect(t, res.Network, srv) })
	t.Run("encoding", func(t *testing.T) { checkEncodings(t, res.Network, srv) })
	t.Run("headers", func(t *testing.T) { checkHeaders(t, res, srv) })
	t.Run("cookies", func(t *testing.T) { checkCookies(t, res.Meta.Cookies) })
}

func checkSubresourceRedirect(t *testing.T, ex []Exchange, srv *httptest.Server) {
	i := slices.IndexFunc(ex, func(e Exchange) bool { return e.URL == srv.URL+"/img/moved.png" })
	if i < 0 || i+1 >= len(ex) {
		t.Fatalf("no redirect hop for /img/moved.png")
	}
	hop := ex[i]
	if !hop.Redirected || hop.Response == nil || hop.Response.Status != 302 ||
		header(hop.Response.Headers, "Location") != "/img/pixel2.png" {
		t.Errorf("hop %+v, want a 302 to /img/pixel2.png", hop)
	}
	if !strings.HasPrefix(hop.BodyState, BodyMissing+": redirect") || hop.Body != nil {
		t.Errorf("hop body state %q, %d bytes: a redirect has no body to keep", hop.BodyState, len(hop.Body))
	}
	next := exchange(t, ex, srv.URL+"/img/pixel2.png")
	if next != nil && next.RequestID != hop.RequestID {
		t.Errorf("the redirect target has request %s, the hop %s", next.RequestID, hop.RequestID)
	}
}

func checkEncodings(t *testing.T, ex []Exchange, srv *httptest.Server) {
	if e := exchange(t, ex, srv.URL+"/gzip.txt"); e != nil {
		if e.Response.ContentEncoding != "gzip" || e.EncodedBytes >= int64(len(site.gzipText)) {
			t.Errorf("gzip: encoding %q, %d bytes on the wire for %d decoded", e.Response.ContentEncoding, e.EncodedBytes, len(e.Body))
		}
	}
	// Chromium hands text back as UTF-8; the capture fetched the bytes again.
	if e := exchange(t, ex, srv.URL+"/latin1.txt"); e != nil && e.BodyState != BodyRefetched {
		t.Errorf("latin1: body state %q, want %q", e.BodyState, BodyRefetched)
	}
	if e := exchange(t, ex, srv.URL+"/api/echo"); e != nil {
		if e.Method != "POST" || string(e.PostData) != "q=sightline" {
			t.Errorf("echo: %s with body %q", e.Method, e.PostData)
		}
	}
}

func checkHeaders(t *testing.T, res *Result, srv *httptest.Server) {
	m := res.Meta
	if !strings.HasPrefix(m.HeadersText, "HTTP/1.1 200 OK\r\n") {
		t.Errorf("headers text %q", m.HeadersText)
	}
	var dup, cookies []string
	for _, f := range m.HeaderFields {
		switch f.Name {
		case "X-Dup":
			dup = append(dup, f.Value)
		case "Set-Cookie":
			cookies = append(cookies, f.Value)
		}
	}
	if !slices.Equal(dup, []string{"one", "two"}) || len(cookies) != 2 {
		t.Errorf("header fields %+v: want X-Dup one then two, and two Set-Cookie", m.HeaderFields)
	}
	e := exchange(t, res.Network, srv.URL+"/full")
	if e != nil && header(e.SentHeaders, "Host") == "" {
		t.Errorf("the document's wire request headers lack Host: %v", e.SentHeaders)
	}
	tm := m.Timing
	if tm.NavigationStart.IsZero() || tm.DOMContentLoaded.Before(tm.NavigationStart) || tm.Load.Before(tm.DOMContentLoaded) ||
		tm.NetworkIdle.Before(tm.Load) || tm.CaptureEnd.Before(tm.NetworkIdle) || tm.CaptureEnd != m.End {
		t.Errorf("timing out of order: %+v", tm)
	}
}

func checkCookies(t *testing.T, cookies []Cookie) {
	i := slices.IndexFunc(cookies, func(c Cookie) bool { return c.Name == "session" })
	j := slices.IndexFunc(cookies, func(c Cookie) bool { return c.Name == "pref" })
	if i < 0 || j < 0 {
		t.Fatalf("cookies %+v, want session and pref", cookies)
	}
	s, p := cookies[i], cookies[j]
	if s.Value != "abc123" || !s.HTTPOnly || !s.Session || s.SameSite != "Lax" || s.Path != "/" || s.Domain != "127.0.0.1" {
		t.Errorf("session cookie %+v", s)
	}
	if p.Value != "dark" || p.Session || p.HTTPOnly || time.Until(p.Expires) < 50*time.Minute || time.Until(p.Expires) > time.Hour {
		t.Errorf("pref cookie %+v, want it to expire in an hour", p)
	}
}

// TestCaptureEvictedBody: a body Chromium no longer holds is fetched again.
func TestCaptureEvictedBody(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/full", resourceBuffer: 1000}, nil)
	e := exchange(t, res.Network, srv.URL+"/api/big.json")
	if e == nil {
		return
	}
	if e.BodyState != BodyRefetched || !bytes.Equal(e.Body, site.big) {
		t.Errorf("big.json: state %q, %d bytes; want it refetched whole", e.BodyState, len(e.Body))
	}
	for path, want := range fullBodies(t) {
		if e := exchange(t, res.Network, srv.URL+path); e != nil && !bytes.Equal(e.Body, want) {
			t.Errorf("%s: state %q, %d bytes; want %d", path, e.BodyState, len(e.Body), len(want))
		}
	}
}

func TestCaptureBodyCap(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/full", MaxBodyBytes: 2000}, nil)
	for path, want := range fullBodies(t) {
		e := exchange(t, res.Network, srv.URL+path)
		switch {
		case e == nil:
		case len(want) > 2000 && (e.BodyState != BodyTruncated || e.Body != nil || e.BodySize != int64(len(want))):
			t.Errorf("%s: state %q, %d bytes kept, size %d; want not kept, size %d", path, e.BodyState, len(e.Body), e.BodySize, len(want))
		case len(want) <= 2000 && !bytes.Equal(e.Body, want):
			t.Errorf("%s: state %q, %d bytes; want %d", path, e.BodyState, len(e.Body), len(want))
		}
	}
}

func TestParseHeadersText(t *testing.T) {
	text := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: a=1\r\nX-Long: first\r\n  folded\r\nSet-Cookie: b=2\r\n\r\n"
	got := parseHeadersText(text)
	want := []HeaderField{
		{"Content-Type", "text/html"}, {"Set-Cookie", "a=1"}, {"X-Long", "first folded"}, {"Set-Cookie", "b=2"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("parseHeadersText = %+v, want %+v", got, want)
	}
	res := &Response{Headers: map[string]string{"b": "2", "a": "1\n3"}}
	if got, want := headerFields(res), []HeaderField{{"a", "1"}, {"a", "3"}, {"b", "2"}}; !slices.Equal(got, want) {
		t.Errorf("headerFields from the map = %+v, want %+v", got, want)
	}
}
