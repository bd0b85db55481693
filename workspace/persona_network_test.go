package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/warc"
	"github.com/sightline-osint/sightline/evidence/bundle"
)

// forwardProxy is a plain HTTP proxy for the test: it forwards requests
// in absolute form and counts them by host.
type forwardProxy struct {
	mu   sync.Mutex
	seen []string
}

func (p *forwardProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.seen = append(p.seen, r.URL.String())
	p.mu.Unlock()
	out, err := http.NewRequestWithContext(r.Context(), r.Method, r.URL.String(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body) //nolint:errcheck // the browser reads what arrived
}

func (p *forwardProxy) saw(part string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.seen {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

// TestPersonaNetworkIdentity: a persona's pages go through its proxy with
// its user agent, language and time zone; the capture records them and the
// address the echo service saw, in metadata.json, the WARC's warcinfo and
// the capture event; and with its proxy down nothing is loaded directly.
func TestPersonaNetworkIdentity(t *testing.T) {
	var mu sync.Mutex
	var agent, lang string
	direct := 0
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		direct++
		agent, lang = r.UserAgent(), r.Header.Get("Accept-Language")
		mu.Unlock()
		if r.URL.Path == "/echo" {
			host, _, _ := net.SplitHostPort(r.RemoteAddr)
			io.WriteString(w, host) //nolint:errcheck // the test reads what arrived
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!DOCTYPE html><title>Zone</title><p id="tz"></p>
<script>document.getElementById("tz").textContent = "zone " + Intl.DateTimeFormat().resolvedOptions().timeZone + " lang " + navigator.language;</script>`) //nolint:errcheck
	}))
	defer site.Close()
	proxy := &forwardProxy{}
	psrv := httptest.NewServer(proxy)

	ws := caseWorkspace(t)
	ctx := context.Background()
	must(ws.AddPersona(ctx, Persona{Name: "covert", Note: "test identity"}))
	if err := ws.SetPersonaNetwork(ctx, "covert", Network{Proxy: "http://user:pw@" + psrv.Listener.Addr().String()}); err == nil {
		t.Error("a proxy URL with credentials was accepted")
	}
	n := Network{Proxy: "http://" + psrv.Listener.Addr().String(), UserAgent: "SightlineTest/1.0 (persona covert)",
		Language: "cy", Timezone: "Pacific/Auckland", EchoURL: site.URL + "/echo"}
	if err := ws.SetPersonaNetwork(ctx, "covert", n); err != nil {
		t.Fatal(err)
	}
	b := must(ws.StartBrowser(ctx, "covert", capture.Options{}))
	c, err := ws.Capture(ctx, b, CaptureRequest{Case: "OP-1", URL: site.URL + "/page"}, nil)
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !proxy.saw(site.URL+"/page") || !proxy.saw("/echo") {
		t.Errorf("the proxy saw %v, want the page and the echo", proxy.seen)
	}
	mu.Lock()
	if agent != n.UserAgent || !strings.HasPrefix(lang, "cy") {
		t.Errorf("the site saw User-Agent %q and Accept-Language %q", agent, lang)
	}
	mu.Unlock()
	var meta bundle.Metadata
	if err := json.Unmarshal(must(bundle.ReadFile(c.Bundle, bundle.MetadataName)), &meta); err != nil {
		t.Fatal(err)
	}
	id := meta.Page.Identity
	if id == nil || id.Persona != "covert" || id.Proxy != n.Proxy || id.EgressIP != "127.0.0.1" || id.EgressSource != n.EchoURL ||
		id.Timezone != n.Timezone || id.Language != "cy" || id.UserAgent != n.UserAgent {
		t.Errorf("metadata network identity %+v", id)
	}
	if dom := string(must(bundle.ReadFile(c.Bundle, bundle.DOMName))); !strings.Contains(dom, "zone Pacific/Auckland lang cy") {
		t.Errorf("the page saw another time zone or language: %s", dom)
	}
	info, err := warc.NewReader(bytes.NewReader(must(bundle.ReadFile(c.Bundle, bundle.WARCName)))).Next()
	if err != nil || info.Type != warc.TypeWarcinfo || !strings.Contains(string(info.Block), "egress-ip: 127.0.0.1\r\n") ||
		!strings.Contains(string(info.Block), "proxy: "+n.Proxy+"\r\n") || !strings.Contains(string(info.Block), "timezone: Pacific/Auckland") {
		t.Errorf("warcinfo %s: %v", info.Block, err)
	}
	ev := events(t, ws, audit.Filter{Action: "capture"})
	if len(ev) != 1 || !strings.Contains(string(ev[0].Detail), `"egress_ip":"127.0.0.1"`) || strings.Contains(string(ev[0].Detail), "pw@") {
		t.Errorf("capture event %s", ev[0].Detail)
	}

	// The proxy down: the load fails, and nothing reached the site directly.
	psrv.Close()
	mu.Lock()
	before := direct
	mu.Unlock()
	b = must(ws.StartBrowser(ctx, "covert", capture.Options{}))
	defer b.Close()
	_, err = ws.Capture(ctx, b, CaptureRequest{Case: "OP-1", URL: site.URL + "/page"}, nil)
	var le *capture.LoadError
	if !errors.As(err, &le) {
		t.Errorf("capture with the proxy down: %v, want a load error", err)
	}
	mu.Lock()
	if direct != before {
		t.Errorf("the site got %d requests with the persona's proxy down", direct-before)
	}
	mu.Unlock()
}
