package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// hostile serves pages built to hurt a capture tool. Sizes and counts are
// the under make stress and a tenth of them in make test.
func hostile(t *testing.T) *httptest.Server {
	t.Helper()
	mb := testenv.Scale(20, 200)
	htmlMB := testenv.Scale(5, 50)
	frames := testenv.Scale(100, 500)
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><html><head><meta charset=utf-8><title>Hostile</title></head><body><p>Hostile page</p>%s</body></html>", body)
		}
	}
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.Handle("/huge-response.html", page(`<img src="/huge.bin">`))
	mux.HandleFunc("/huge.bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Content-Length", strconv.Itoa(mb<<20))
		chunk := make([]byte, 1<<20)
		for range mb {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/huge.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><head><title>Huge document</title></head><body>")
		line := []byte(strings.Repeat("<p>filler text of a very long document</p>", 64) + "\n")
		for n := 0; n < htmlMB<<20; n += len(line) {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
		io.WriteString(w, "</body></html>")
	})
	mux.Handle("/spin-before.html", page(`<script>while (true) {}</script>`))
	mux.Handle("/spin-after.html", page(`<script>addEventListener("load", () => setTimeout(() => { while (true) {} }, 0))</script>`))
	mux.Handle("/popup-storm.html", page(`<script>for (let i = 0; i < 150; i++) window.open("/popup-storm-child.html?" + i)</script>`))
	mux.Handle("/popup-storm-child.html", page(""))
	mux.HandleFunc("/nest", func(w http.ResponseWriter, r *http.Request) {
		d, _ := strconv.Atoi(r.URL.Query().Get("d"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if d <= 0 {
			io.WriteString(w, "<p>the innermost frame</p>")
			return
		}
		fmt.Fprintf(w, `<p>depth %d</p><iframe src="/nest?d=%d" width=300 height=200></iframe>`, d, d-1)
	})
	mux.Handle("/nested.html", page(fmt.Sprintf(`<iframe src="/nest?d=%d" width=400 height=300></iframe>`, frames)))
	mux.Handle("/goes-away.html", page(`<script>addEventListener("load", () => setTimeout(() => { location = "/elsewhere.html" }, 50))</script>`))
	mux.Handle("/elsewhere.html", page("<p>Elsewhere</p>"))
	mux.Handle("/out-of-memory.html", page(`<script>const a = []; while (true) a.push(new Array(1e6).fill(Math.random()))</script>`))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestCaptureHostilePages: each hostile page gives a bounded, recorded
// result — a capture (marked incomplete with the reason where the page did
// not finish) or a clear error — and the browser captures a plain page
// after each. The bound is the Deadline for the page and StepTimeout for
// each step after it; which of the two results a heavy page gives depends
// on the machine's speed, so either passes. The time and the memory of
// every Chromium on the machine after each are logged.
func TestCaptureHostilePages(t *testing.T) {
	srv := hostile(t)
	plain := newServer(t)
	const deadline = 20 * time.Second
	cases := []struct {
		name, path string
		check      func(*Result, error) error
	}{
		{"endless redirect loop", "/loop", func(_ *Result, err error) error {
			var le *LoadError
			if !errors.As(err, &le) || !strings.Contains(le.Reason, "TOO_MANY_REDIRECTS") {
				return fmt.Errorf("want a LoadError for too many redirects, got %v", err)
			}
			return nil
		}},
		{"huge response", "/huge-response.html", bounded},
		{"huge HTML document", "/huge.html", bounded},
		{"endless script before load", "/spin-before.html", incompleteOrError},
		{"endless script after load", "/spin-after.html", incompleteOrError},
		{"window.open storm", "/popup-storm.html", bounded},
		{"deeply nested iframes", "/nested.html", bounded},
		{"page that navigates away", "/goes-away.html", bounded},
	}
	if testenv.Scale(0, 1) == 1 {
		// Some 5 GB of memory before V8 gives up: under make stress only.
		cases = append(cases, struct {
			name, path string
			check      func(*Result, error) error
		}{"renderer out of memory", "/out-of-memory.html", func(_ *Result, err error) error {
			if !errors.Is(err, ErrPageCrashed) {
				return fmt.Errorf("want ErrPageCrashed, got %v", err)
			}
			return nil
		}})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // mostly Chromium's work and waits: overlap them
			start := time.Now()
			res, err := testBrowser.Capture(context.Background(), Request{URL: srv.URL + tc.path, Deadline: deadline}, nil)
			took := time.Since(start)
			if cerr := tc.check(res, err); cerr != nil {
				t.Error(cerr)
			}
			outcome := "error: " + fmt.Sprint(err)
			if err == nil {
				outcome = fmt.Sprintf("captured, incomplete %v %q, %d exchanges, screenshot %d bytes",
					res.Meta.Incomplete, res.Meta.IncompleteReason, len(res.Network), len(res.Screenshot))
			}
			t.Logf("%s: %s in %s; Chromium's memory after: %d MiB", tc.name, outcome, took.Round(time.Millisecond), chromiumRSS()>>20)
			if _, err := testBrowser.Capture(context.Background(), Request{URL: plain.URL + "/plain.html"}, nil); err != nil {
				t.Errorf("the next capture, of a plain page: %v", err)
			}
		})
	}
}

// bounded wants a capture with a screenshot, marked incomplete only with a
// reason, or an error that says what went wrong.
func bounded(res *Result, err error) error {
	if err != nil {
		if err.Error() == "" {
			return errors.New("an error without a message")
		}
		return nil
	}
	if len(res.Screenshot) == 0 {
		return errors.New("the capture has no screenshot")
	}
	if res.Meta.Incomplete && res.Meta.IncompleteReason == "" {
		return errors.New("marked incomplete without a reason")
	}
	return nil
}

// incompleteOrError wants a capture marked incomplete with its reason, or
// ErrPageUnresponsive.
func incompleteOrError(res *Result, err error) error {
	if err != nil {
		if !errors.Is(err, ErrPageUnresponsive) {
			return fmt.Errorf("want ErrPageUnresponsive, got %v", err)
		}
		return nil
	}
	if !res.Meta.Incomplete || res.Meta.IncompleteReason == "" {
		return fmt.Errorf("a page whose script never ends was captured as complete (incomplete %v, %q)", res.Meta.Incomplete, res.Meta.IncompleteReason)
	}
	return nil
}

// chromiumRSS is the resident memory of every Chromium process, in bytes.
func chromiumRSS() int64 {
	var total int64
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		st := testenv.ProcStatus(filepath.Base(p))
		if name := st["Name"]; name == "chromium" || name == "chrome" {
			total += testenv.ProcBytes(st, "VmRSS")
		}
	}
	return total
}

// TestBrowserRestartsAfterItDies: Chromium killed (as the kernel's
// out-of-memory killer or a crash would) is started again by the next
// capture, which works.
func TestBrowserRestartsAfterItDies(t *testing.T) {
	srv := newServer(t)
	b, err := startBrowser(Options{ProfileDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	dead := b.cur.ctx
	proc := chromedp.FromContext(dead).Browser.Process()
	if proc == nil {
		t.Fatal("no Chromium process to kill")
	}
	if err := proc.Kill(); err != nil {
		t.Fatal(err)
	}
	<-dead.Done()
	res, err := b.Capture(context.Background(), Request{URL: srv.URL + "/plain.html"}, nil)
	if err != nil {
		t.Fatalf("capture after Chromium died: %v", err)
	}
	if len(res.Screenshot) == 0 || b.Restarts() != 1 {
		t.Errorf("screenshot %d bytes, %d restarts; want a capture after 1 restart", len(res.Screenshot), b.Restarts())
	}
	tab, err := b.OpenTab(context.Background(), 800, 600, TabHandlers{})
	if err != nil {
		t.Fatalf("open a tab after the restart: %v", err)
	}
	tab.Close()
}
