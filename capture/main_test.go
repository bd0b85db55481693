package capture

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// The suite shares one browser, started in TestMain, as the application does,
// and one TLS fixture server whose key that browser accepts.
var (
	testBrowser *Browser
	tlsServer   *httptest.Server
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	profile, err := os.MkdirTemp("", "sightline-capture-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(profile)

	quit := make(chan struct{})
	tlsServer = httptest.NewTLSServer(fixtures(quit))
	defer tlsServer.Close()
	defer close(quit)

	start := time.Now()
	testBrowser, err = startBrowser(Options{
		ProfileDir:     profile,
		IgnoreCertSPKI: []string{SPKIHash(tlsServer.Certificate())},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "capture tests need Chromium:", err)
		return 1
	}
	defer testBrowser.Close()
	if testing.Verbose() {
		fmt.Printf("browser %s started in %s\n", testBrowser.Version().Product, time.Since(start).Round(time.Millisecond))
	}
	return m.Run()
}

// startBrowser starts Chromium for a test. Its start is not what any test
// measures, so it is bounded only against a hang.
func startBrowser(opts Options) (*Browser, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	return Start(ctx, opts)
}

// fixtures serves testdata/ and the routes the tests need:
//
//	/old     302 to /new
//	/new     the tall page
//	/slow    the tall page after 1.5s
//	/never*  never answers (until the request or the server ends)
//
// and those of siteRoutes (fixtures_test.go).
func fixtures(quit <-chan struct{}) http.Handler {
	mux := http.NewServeMux()
	files := http.FileServerFS(os.DirFS("testdata"))
	mux.Handle("/", files)
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusFound)
	})
	mux.HandleFunc("/new", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, os.DirFS("testdata"), "tall.html")
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(1500 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		http.ServeFileFS(w, r, os.DirFS("testdata"), "tall.html")
	})
	mux.HandleFunc("/never.png", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	})
	siteRoutes(mux)
	return mux
}

// newServer is a plain-HTTP fixture server for one test.
func newServer(t testing.TB) *httptest.Server {
	t.Helper()
	quit := make(chan struct{})
	srv := httptest.NewServer(fixtures(quit))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(quit) }) // runs first: frees stuck handlers
	return srv
}

// waitFor waits until cond holds. The bound only stops a broken test from
// hanging the suite: it is far above what any machine needs.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	const bound = time.Minute
	for start := time.Now(); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > bound {
			t.Fatalf("still waiting for %s after %s", what, bound)
		}
	}
}

// stages records what a capture reports.
type stages struct {
	names       []string
	done, total int64
}

func (s *stages) Stage(name string)     { s.names = append(s.names, name) }
func (s *stages) Add(done, total int64) { s.done += done; s.total += total }
