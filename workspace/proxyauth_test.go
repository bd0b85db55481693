package workspace

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/internal/testenv"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// The test proxies' credentials: neither may appear anywhere but the
// secret store.
const (
	proxyUser     = "user-secret-4d1f"
	proxyPassword = "pass-secret-9c2e"
)

// identitySite is a fixture that notes each request's remote address,
// User-Agent and Accept-Language by path, and answers /echo with the
// address it saw.
type identitySite struct {
	*httptest.Server
	mu     sync.Mutex
	seen   map[string][3]string
	echoes int
}

func startIdentitySite(t *testing.T) *identitySite {
	s := &identitySite{seen: map[string][3]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen[r.URL.Path] = [3]string{r.RemoteAddr, r.UserAgent(), r.Header.Get("Accept-Language")}
		if r.URL.Path == "/echo" {
			s.echoes++
		}
		s.mu.Unlock()
		if r.URL.Path == "/echo" {
			host, _, _ := net.SplitHostPort(r.RemoteAddr)
			io.WriteString(w, host) //nolint:errcheck // the test reads what arrived
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><title>%s</title><p>a page", r.URL.Path)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *identitySite) saw(path string) ([3]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen[path]
	return v, ok
}

func (s *identitySite) echoCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.echoes
}

// TestPersonaProxyCredentials: a persona's HTTP or SOCKS5 proxy that wants
// a user name and password carries its pages, with its user agent and
// language, and its echo; captures and views record the proxy (that it had
// credentials, not them) and the egress address, views reusing one
// measured recently and saying when; a wrong password or a stopped proxy
// loads nothing and says why; and neither the user name nor the password
// is in the database, the audit export, the bundle or the profile.
func TestPersonaProxyCredentials(t *testing.T) {
	site := startIdentitySite(t)
	ws := caseWorkspace(t)
	ctx := context.Background()
	var bundles []string
	for _, kind := range []string{"http", "socks5"} {
		t.Run(kind, func(t *testing.T) {
			up := testenv.StartProxy(t, kind, proxyUser, proxyPassword)
			name := "covert-" + kind
			must(ws.AddPersona(ctx, Persona{Name: name}))
			n := Network{Proxy: up.URL(), UserAgent: "SightlineTest/3.0 (" + name + ")", Language: "pt-PT",
				Timezone: "Europe/Lisbon", EchoURL: site.URL + "/echo"}
			if err := ws.SetPersonaNetwork(ctx, name, n); err != nil {
				t.Fatal(err)
			}
			if err := ws.SetPersonaProxyAuth(ctx, name, &capture.ProxyAuth{User: proxyUser, Password: "wrong"}); err != nil {
				t.Fatal(err)
			}
			refused := startCapture(t, ws, name, site.URL+"/refused-"+kind)
			if !strings.Contains(refused, "refused the user name or password") || !strings.Contains(refused, up.URL()) {
				t.Errorf("capture with the wrong password: %s, want the proxy's refusal", refused)
			}

			if err := ws.SetPersonaProxyAuth(ctx, name, &capture.ProxyAuth{User: proxyUser, Password: proxyPassword}); err != nil {
				t.Fatal(err)
			}
			b := must(ws.StartBrowser(ctx, name, capture.Options{}))
			c, err := ws.Capture(ctx, b, CaptureRequest{Case: "OP-1", URL: site.URL + "/page-" + kind}, nil)
			if err != nil {
				b.Close()
				t.Fatal(err)
			}
			bundles = append(bundles, c.Bundle)
			seen, _ := site.saw("/page-" + kind)
			echo, _ := site.saw("/echo")
			if !up.CameFrom(seen[0]) || !up.CameFrom(echo[0]) || seen[1] != n.UserAgent || !strings.HasPrefix(seen[2], "pt-PT") {
				t.Errorf("the site saw %v and the echo %v; want the proxy's connections, %q and pt-PT", seen, echo, n.UserAgent)
			}
			id := metadataIdentity(t, c.Bundle)
			if id == nil || id.Proxy != up.URL() || !id.ProxyCredentials || id.EgressIP != "127.0.0.1" || id.EgressMeasured.IsZero() ||
				id.UserAgent != n.UserAgent || id.Timezone != n.Timezone {
				t.Errorf("metadata network identity %+v", id)
			}

			// Views reuse the address the capture measured, and say when
			// it was measured; past EgressMaxAge a view measures again.
			echoes := site.echoCount()
			for _, path := range []string{"/view-1", "/view-2"} {
				must(ws.RecordView(ctx, "OP-1", site.URL+path, name, viewing.Through(b.ViewIdentity(ctx))))
			}
			if got := site.echoCount(); got != echoes {
				t.Errorf("two views asked the echo service %d times; want them to reuse the capture's answer", got-echoes)
			}
			b.EgressMaxAge = time.Nanosecond
			later := b.ViewIdentity(ctx)
			if site.echoCount() != echoes+1 || !later.EgressMeasured.After(id.EgressMeasured) {
				t.Errorf("past EgressMaxAge: %d more echoes, measured %s (the capture's %s)", site.echoCount()-echoes,
					later.EgressMeasured, id.EgressMeasured)
			}
			views := events(t, ws, audit.Filter{Action: "view"})
			for _, ev := range views[len(views)-2:] {
				var d struct {
					Persona string                   `json:"persona"`
					Network *capture.NetworkIdentity `json:"network"`
				}
				if err := json.Unmarshal(ev.Detail, &d); err != nil {
					t.Fatal(err)
				}
				if d.Persona != name || d.Network == nil || d.Network.Proxy != up.URL() || !d.Network.ProxyCredentials ||
					d.Network.EgressIP != "127.0.0.1" || !d.Network.EgressMeasured.Equal(id.EgressMeasured) ||
					d.Network.UserAgent != n.UserAgent || d.Network.Language != "pt-PT" || d.Network.Timezone != n.Timezone {
					t.Errorf("view event %s", ev.Detail)
				}
			}

			up.Close()
			_, err = ws.Capture(ctx, b, CaptureRequest{Case: "OP-1", URL: site.URL + "/down-" + kind}, nil)
			b.Close()
			var le *capture.LoadError
			if !errors.As(err, &le) || !strings.Contains(le.Reason, up.URL()+" is unreachable") {
				t.Errorf("capture with the proxy stopped: %v, want a load error saying it is unreachable", err)
			}
			for _, path := range []string{"/refused-" + kind, "/down-" + kind} {
				if _, ok := site.saw(path); ok {
					t.Errorf("%s reached the site", path)
				}
			}
		})
	}
	assertNoCredentials(t, ws, bundles)
}

// startCapture captures url with a new browser of the persona and returns
// the error, which it wants.
func startCapture(t *testing.T, ws *Workspace, persona, url string) string {
	t.Helper()
	b := must(ws.StartBrowser(context.Background(), persona, capture.Options{}))
	defer b.Close()
	_, err := ws.Capture(context.Background(), b, CaptureRequest{Case: "OP-1", URL: url}, nil)
	var le *capture.LoadError
	if !errors.As(err, &le) {
		t.Errorf("capture %s: %v, want a load error", url, err)
	}
	return fmt.Sprint(err)
}

func metadataIdentity(t *testing.T, path string) *capture.NetworkIdentity {
	t.Helper()
	var meta bundle.Metadata
	if err := json.Unmarshal(must(bundle.ReadFile(path, bundle.MetadataName)), &meta); err != nil {
		t.Fatal(err)
	}
	return meta.Page.Identity
}

// assertNoCredentials looks for the user name and password in every file
// of the workspace but the secret store (the database and its journal, the
// profiles, the bundles' bytes), in every entry of the bundles, gzip
// members opened, and in the audit export; and checks the secret store's
// files are 0600.
func assertNoCredentials(t *testing.T, ws *Workspace, bundles []string) {
	t.Helper()
	ctx := context.Background()
	check := func(where string, data []byte) {
		for _, s := range []string{proxyUser, proxyPassword} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds %q", where, s)
			}
		}
	}
	secrets := filepath.Join(ws.Dir(), "keys", "secrets")
	err := filepath.WalkDir(ws.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		if strings.HasPrefix(path, secrets+string(filepath.Separator)) {
			if info, err := d.Info(); err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("secret file %s: %v %v, want mode 0600", path, info.Mode(), err)
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil {
			check(path, data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(secrets, "proxy.covert-http")); err != nil {
		t.Errorf("the file store holds no credentials: %v", err)
	}
	for _, b := range bundles {
		zr, err := zip.OpenReader(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			check(b+"!"+f.Name, data)
			if strings.HasSuffix(f.Name, ".gz") {
				gz, err := gzip.NewReader(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				plain, _ := io.ReadAll(gz)
				check(b+"!"+f.Name+" (gunzipped)", plain)
			}
		}
		zr.Close()
	}
	for _, format := range []string{"jsonl", "csv"} {
		var out bytes.Buffer
		if _, err := ws.ExportAudit(ctx, &out, format, audit.Filter{}); err != nil {
			t.Fatal(err)
		}
		check("the audit export ("+format+")", out.Bytes())
		if format == "jsonl" && (!strings.Contains(out.String(), `"setting":"persona.proxy_credentials"`) ||
			!strings.Contains(out.String(), `"proxy_credentials":true`)) {
			t.Errorf("the audit export does not say credentials were set and used:\n%s", out.String())
		}
	}
}

// TestPersonaProxyCredentialsMissing: credentials recorded but gone from
// their store stop the browser's start, as does a proxy that cannot take
// them; clearing them is audited.
func TestPersonaProxyCredentialsMissing(t *testing.T) {
	ws := caseWorkspace(t)
	ctx := context.Background()
	must(ws.AddPersona(ctx, Persona{Name: "covert"}))
	if err := ws.SetPersonaProxyAuth(ctx, "covert", &capture.ProxyAuth{User: "u", Password: "p"}); err == nil {
		t.Error("credentials set for a persona with no proxy")
	}
	if err := ws.SetPersonaNetwork(ctx, "covert", Network{Proxy: "socks4://127.0.0.1:1080"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.SetPersonaProxyAuth(ctx, "covert", &capture.ProxyAuth{User: "u", Password: "p"}); err == nil {
		t.Error("credentials set for a socks4 proxy")
	}
	if err := ws.SetPersonaNetwork(ctx, "covert", Network{Proxy: "socks5://127.0.0.1:1080"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.SetPersonaProxyAuth(ctx, "covert", &capture.ProxyAuth{User: "u", Password: "p"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.SetPersonaNetwork(ctx, "covert", Network{Proxy: "https://127.0.0.1:3128"}); err == nil {
		t.Error("a proxy that cannot take the persona's credentials was set")
	}
	if p := must(ws.Persona(ctx, "covert")); !p.Network.ProxyCredentials || p.Network.Proxy != "socks5://127.0.0.1:1080" {
		t.Errorf("persona network %+v", p.Network)
	}
	if err := os.Remove(filepath.Join(ws.Dir(), "keys", "secrets", "proxy.covert")); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.StartBrowser(ctx, "covert", capture.Options{}); !errors.Is(err, ErrProxyCredentialsMissing) {
		t.Errorf("start with the credentials gone: %v, want ErrProxyCredentialsMissing", err)
	}
	if err := ws.SetPersonaProxyAuth(ctx, "covert", nil); err != nil {
		t.Fatal(err)
	}
	if p := must(ws.Persona(ctx, "covert")); p.Network.ProxyCredentials {
		t.Error("credentials still recorded after clearing them")
	}
	ev := events(t, ws, audit.Filter{Action: "settings.change"})
	last := string(ev[len(ev)-1].Detail)
	if !strings.Contains(last, `"setting":"persona.proxy_credentials"`) || !strings.Contains(last, `"new":false`) ||
		!strings.Contains(last, `"store":"file"`) {
		t.Errorf("clearing event %s", last)
	}
}
