package capture

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// proxySites are a plain and a TLS fixture that note, per path, the
// address each request came from and its user agent.
type proxySites struct {
	plain, secure *httptest.Server
	mu            sync.Mutex
	seen          map[string][2]string // path: remote address, User-Agent
}

func startProxySites(t *testing.T) *proxySites {
	s := &proxySites{seen: map[string][2]string{}}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen[r.URL.Path] = [2]string{r.RemoteAddr, r.UserAgent()}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><title>%s</title><p>through the proxy", r.URL.Path)
	})
	s.plain, s.secure = httptest.NewServer(h), httptest.NewTLSServer(h)
	t.Cleanup(s.plain.Close)
	t.Cleanup(s.secure.Close)
	return s
}

func (s *proxySites) saw(path string) ([2]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen[path]
	return v, ok
}

// TestProxyWithCredentials: through an HTTP and a SOCKS5 proxy that want a
// user name and password, plain and TLS pages load with the persona's user
// agent, on the proxy's connections, and the browser's command line holds
// no credentials; with the proxy stopped, or the password wrong, nothing
// loads and the error says why.
func TestProxyWithCredentials(t *testing.T) {
	sites := startProxySites(t)
	const agent = "SightlineTest/2.0 (proxy credentials)"
	for _, kind := range []string{"http", "socks5"} {
		t.Run(kind, func(t *testing.T) {
			up := testenv.StartProxy(t, kind, "user-secret", "pass-secret")
			b, err := startBrowser(Options{Proxy: up.URL(), ProxyAuth: &ProxyAuth{User: "user-secret", Password: "pass-secret"},
				UserAgent: agent, IgnoreCertSPKI: []string{SPKIHash(sites.secure.Certificate())}})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if args := strings.Join(b.Version().Args, " "); strings.Contains(args, "secret") || strings.Contains(args, up.Addr) {
				t.Errorf("Chromium's command line names the proxy or its credentials: %s", args)
			}
			for _, site := range []*httptest.Server{sites.plain, sites.secure} {
				path := "/" + kind + "-" + strings.TrimPrefix(site.URL[:5], "http")
				if _, err := b.Capture(context.Background(), Request{URL: site.URL + path}, nil); err != nil {
					t.Fatalf("capture %s: %v", path, err)
				}
				seen, ok := sites.saw(path)
				if !ok || !up.CameFrom(seen[0]) || seen[1] != agent {
					t.Errorf("%s: the site saw %v (%v), want the proxy's connection and %q; the proxy reached %v",
						path, seen, ok, agent, up.Targets())
				}
			}

			up.Close()
			for _, site := range []*httptest.Server{sites.plain, sites.secure} {
				path := "/" + kind + "-down"
				_, err := b.Capture(context.Background(), Request{URL: site.URL + path}, nil)
				var le *LoadError
				if !errors.As(err, &le) || !strings.Contains(le.Reason, "proxy "+up.URL()+" is unreachable") {
					t.Errorf("capture through a stopped proxy: %v, want a load error that says the proxy is unreachable", err)
				}
				t.Logf("%s through the stopped proxy: %v", site.URL, err)
				if _, ok := sites.saw(path); ok {
					t.Errorf("%s loaded with the proxy stopped", path)
				}
			}
		})
	}

	t.Run("wrong password", func(t *testing.T) {
		up := testenv.StartProxy(t, "http", "user-secret", "pass-secret")
		b, err := startBrowser(Options{Proxy: up.URL(), ProxyAuth: &ProxyAuth{User: "user-secret", Password: "wrong"}})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		for _, site := range []*httptest.Server{sites.plain, sites.secure} {
			_, err := b.Capture(context.Background(), Request{URL: site.URL + "/refused"}, nil)
			var le *LoadError
			if !errors.As(err, &le) || !strings.Contains(le.Reason, "refused the user name or password") || strings.Contains(err.Error(), "secret") {
				t.Errorf("capture with the wrong password: %v, want a load error that says the proxy refused it", err)
			}
			t.Logf("%s with the wrong password: %v", site.URL, err)
		}
		if _, ok := sites.saw("/refused"); ok || up.Refused() == 0 {
			t.Errorf("with the wrong password: loaded %v, refused %d", ok, up.Refused())
		}
	})
}

// TestProxyAuthOptions: credentials need an http:// or socks5:// proxy and
// never print.
func TestProxyAuthOptions(t *testing.T) {
	for _, p := range []string{"", "https://127.0.0.1:3128", "socks4://127.0.0.1:1080"} {
		if err := (Options{Proxy: p, ProxyAuth: &ProxyAuth{User: "u", Password: "p"}}).CheckIdentity(); err == nil {
			t.Errorf("credentials for proxy %q accepted", p)
		}
	}
	o := Options{Proxy: "socks5://127.0.0.1:9050", ProxyAuth: &ProxyAuth{User: "user-secret", Password: "pass-secret"}}
	if s := fmt.Sprintf("%v %+v %#v %s", o, o, o, *o.ProxyAuth); strings.Contains(s, "secret") {
		t.Errorf("the options print their credentials: %s", s)
	}
}
