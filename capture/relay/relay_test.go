package relay

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// sites are a plain and a TLS test server that answer with the address
// they saw the connection come from.
func sites(t *testing.T) (plain, secure *httptest.Server) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "from %s ua %s", r.RemoteAddr, r.UserAgent())
	})
	plain, secure = httptest.NewServer(h), httptest.NewTLSServer(h)
	t.Cleanup(plain.Close)
	t.Cleanup(secure.Close)
	return plain, secure
}

// client uses the relay as its proxy, as Chromium does.
func client(t *testing.T, r *Relay, secure *httptest.Server) *http.Client {
	u, err := url.Parse(r.URL())
	if err != nil {
		t.Fatal(err)
	}
	tr := secure.Client().Transport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyURL(u)
	tr.TLSClientConfig = &tls.Config{RootCAs: secure.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}
	tr.DisableKeepAlives = false
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func get(c *http.Client, u string) (string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// TestRelayCarries: through an HTTP and a SOCKS5 upstream that want a user
// name and password, plain and TLS requests reach the site, from the
// upstream's connection; and the relay's own URL holds no credentials.
func TestRelayCarries(t *testing.T) {
	plain, secure := sites(t)
	for _, kind := range []string{"http", "socks5"} {
		t.Run(kind, func(t *testing.T) {
			up := testenv.StartProxy(t, kind, "user-secret", "pass-secret")
			r, err := Start(Upstream{URL: up.URL(), User: "user-secret", Password: "pass-secret"})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if strings.Contains(r.URL(), "secret") || strings.Contains(fmt.Sprintf("%v %+v %#v", r.up, r.up, r.up), "secret") {
				t.Errorf("the relay names its credentials: %s", r.URL())
			}
			c := client(t, r, secure)
			for _, site := range []*httptest.Server{plain, secure, plain} {
				body, err := get(c, site.URL+"/x")
				if err != nil {
					t.Fatalf("get %s: %v", site.URL, err)
				}
				from, _, _ := strings.Cut(strings.TrimPrefix(body, "from "), " ")
				if !up.CameFrom(from) {
					t.Errorf("%s: the site saw %s, not the proxy's connection (targets %v)", site.URL, from, up.Targets())
				}
			}
			if err := r.Failure(); err != nil {
				t.Errorf("failure after success: %v", err)
			}
		})
	}
}

// TestRelayFailsClosed: wrong credentials and a stopped upstream load
// nothing, the site sees no connection, and Failure says why.
func TestRelayFailsClosed(t *testing.T) {
	var hits atomic.Int32
	site := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer site.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer secure.Close()
	for _, kind := range []string{"http", "socks5"} {
		up := testenv.StartProxy(t, kind, "user-secret", "pass-secret")
		for _, tc := range []struct {
			name, password string
			stop           bool
			want           string
			wantErr        error
		}{
			{"wrong password", "wrong", false, "refused the user name or password", ErrCredentialsRefused},
			{"stopped", "pass-secret", true, "is unreachable", nil},
		} {
			t.Run(kind+"/"+tc.name, func(t *testing.T) {
				if tc.stop {
					up.Close()
				}
				r, err := Start(Upstream{URL: up.URL(), User: "user-secret", Password: tc.password})
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				c := client(t, r, secure)
				for _, u := range []string{site.URL, secure.URL} {
					if body, err := get(c, u); err == nil {
						t.Errorf("%s loaded through the relay: %q", u, body)
					}
					err := r.Failure()
					if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), up.URL()) {
						t.Errorf("%s: failure %v, want %q", u, err, tc.want)
					}
					if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
						t.Errorf("%s: failure %v is not %v", u, err, tc.wantErr)
					}
					if err != nil && strings.Contains(err.Error(), "secret") {
						t.Errorf("the failure names the credentials: %v", err)
					}
				}
				if n := hits.Load(); n != 0 {
					t.Errorf("the sites saw %d requests", n)
				}
			})
		}
	}
}

// TestStartRefuses: what the relay cannot carry.
func TestStartRefuses(t *testing.T) {
	for _, u := range []string{"https://127.0.0.1:3128", "socks4://127.0.0.1:1080", "http://u:p@127.0.0.1:3128", "socks5://127.0.0.1", "::"} {
		if r, err := Start(Upstream{URL: u, User: "u", Password: "p"}); err == nil {
			r.Close()
			t.Errorf("Start(%q) worked", u)
		}
	}
}
