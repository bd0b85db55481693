package capture

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

func TestCaptureDialogKinds(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct{ kind, message, result string }{
		{"alert", "An alert for the record", "undefined"},
		{"confirm", "Confirm for the record?", "false"}, // dismissed
		{"prompt", "Prompt for the record?", "null"},    // dismissed
	} {
		t.Run(tc.kind, func(t *testing.T) {
			res := capture(t, Request{URL: srv.URL + "/dialog.html?kind=" + tc.kind}, nil)
			d := res.Meta.Dialogs
			if len(d) != 1 || d[0].Type != tc.kind || d[0].Message != tc.message {
				t.Errorf("dialogs %+v, want one %s %q", d, tc.kind, tc.message)
			}
			if tc.kind == "prompt" && len(d) == 1 && d[0].DefaultPrompt != "a default" {
				t.Errorf("prompt default %q", d[0].DefaultPrompt)
			}
			if want := fmt.Sprintf("data-result=%q", tc.result); !strings.Contains(res.DOM, want) {
				t.Errorf("DOM lacks %s", want)
			}
		})
	}
}

// TestDialogBeforeUnload: leaving a page that asks to stay opens a
// beforeunload dialog, which the watcher records and accepts so the page
// can go. Chromium asks only after the user touched the page, which a
// capture never does, so the test clicks.
func TestDialogBeforeUnload(t *testing.T) {
	srv := newServer(t)
	tab, closeTab := chromedp.NewContext(testBrowser.cur.ctx)
	defer closeTab()
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	d := watchDialogs(tab, nil)
	err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/beforeunload.html"), chromedp.MouseClickXY(100, 100))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the page to leave for /tall.html", func() bool {
		title, _ := chromedp.Run(tab, chromedp.Title()) // fails while the page changes
		return title == "Plain fixture"
	})
	got := d.list()
	if len(got) != 1 || got[0].Type != "beforeunload" || got[0].URL != srv.URL+"/beforeunload.html" {
		t.Errorf("dialogs %+v, want one beforeunload from the page", got)
	}
}

func TestCapturePageDownload(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/download.html"}, nil)
	sum := sha256.Sum256(site.report)
	if len(res.Downloads) != 1 {
		t.Fatalf("downloads %+v, want one", res.Downloads)
	}
	d := res.Downloads[0]
	if d.URL != srv.URL+"/files/report.bin" || d.SuggestedFilename != "report.bin" || d.State != BodyKept ||
		d.SHA256 != hex.EncodeToString(sum[:]) || string(d.Data) != string(site.report) || d.Size != int64(len(site.report)) ||
		d.MIME != "application/octet-stream" {
		t.Errorf("download %+v, want report.bin whole", d)
	}
	if res.Meta.NavigationDownload || res.Meta.Title != "Download fixture" {
		t.Errorf("navigation download %v, title %q: the page itself loaded", res.Meta.NavigationDownload, res.Meta.Title)
	}
}

// TestCaptureNavigationDownload: a URL that answers with a file is not a
// load error; the file is the evidence.
func TestCaptureNavigationDownload(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/files/report.bin"}, nil)
	m := res.Meta
	if !m.NavigationDownload || m.Incomplete || m.Status != 200 || m.FinalURL != srv.URL+"/files/report.bin" {
		t.Errorf("navigation download %v, incomplete %v, status %d, final %s", m.NavigationDownload, m.Incomplete, m.Status, m.FinalURL)
	}
	if len(res.Downloads) != 1 || string(res.Downloads[0].Data) != string(site.report) {
		t.Errorf("downloads %+v, want report.bin", res.Downloads)
	}
	decodePNG(t, res.Screenshot)
}

func TestCaptureDownloadCap(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/download.html", MaxDownloadBytes: 1000}, nil)
	if len(res.Downloads) != 1 {
		t.Fatalf("downloads %+v, want one", res.Downloads)
	}
	if d := res.Downloads[0]; d.State != BodyTruncated || d.Data != nil || d.Size < 1000 {
		t.Errorf("download %+v, want not kept, larger than the cap", d)
	}
}

// TestCapturePopup: a page's window.open is recorded; the browser blocks
// it, so no tab is left behind in the shared browser.
func TestCapturePopup(t *testing.T) {
	srv := newServer(t)
	before := pageTargets(t)
	res := capture(t, Request{URL: srv.URL + "/popup.html"}, nil)
	p := res.Meta.Popups
	if len(p) != 1 || p[0].URL != srv.URL+"/tall.html" || p[0].Opened || p[0].Time.Before(res.Meta.Start) {
		t.Errorf("popups %+v, want the blocked window.open of /tall.html", p)
	}
	if !strings.Contains(res.DOM, `data-popup="blocked"`) {
		t.Errorf("popup was not blocked")
	}
	if after := pageTargets(t); after != before {
		t.Errorf("%d page targets after the capture, %d before", after, before)
	}
}

// TestPopupOpenedIsClosed: a pop-up that gets through (a user gesture
// allows it) is recorded and closed.
func TestPopupOpenedIsClosed(t *testing.T) {
	srv := newServer(t)
	before := pageTargets(t)
	p := &popups{}
	tab, closeTab := chromedp.NewContext(testBrowser.cur.ctx, chromedp.WithListener(p.handle))
	defer closeTab()
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/tall.html")); err != nil {
		t.Fatal(err)
	}
	p.attach(tab, chromedp.FromContext(tab).Target.TargetID)
	r, err := chromedp.Call(tab, runtime.Evaluate, runtime.EvaluateParams{
		Expression: `window.open("/scripted.html") ? "opened" : "blocked"`, UserGesture: new(true), ReturnByValue: new(true),
	})
	if err != nil || string(r.Result.Value) != `"opened"` {
		t.Fatalf("window.open with a gesture: %s, %v", r.Result.Value, err)
	}
	waitFor(t, "the pop-up to open", func() bool {
		return slices.ContainsFunc(p.list(), func(w Popup) bool { return w.Opened })
	})
	closeTab()
	got := p.list()
	if len(got) != 1 || !got[0].Opened || !got[0].Closed || got[0].URL != srv.URL+"/scripted.html" || !got[0].UserGesture {
		t.Errorf("popups %+v, want the pop-up opened and closed", got)
	}
	if after := pageTargets(t); after != before {
		t.Errorf("%d page targets after, %d before", after, before)
	}
}

func TestCaptureScroll(t *testing.T) {
	srv := newServer(t)
	plain := capture(t, Request{URL: srv.URL + "/infinite.html?max=2"}, nil)
	res := capture(t, Request{URL: srv.URL + "/infinite.html?max=2", Scroll: 20}, nil)
	s := res.Meta.Scroll
	if s == nil || s.Stopped != ScrollNoNewContent || s.Screens >= 20 || s.HeightAfter != s.HeightBefore+2*2*604 {
		t.Fatalf("scroll %+v, want it to stop when the feed ends after 2 loads", s)
	}
	if plain.Meta.Scroll != nil || res.Meta.Screenshot.Height != s.HeightAfter || plain.Meta.Screenshot.Height != s.HeightBefore {
		t.Errorf("screenshot %d px tall scrolled, %d without; scroll %+v", res.Meta.Screenshot.Height, plain.Meta.Screenshot.Height, s)
	}
	if !strings.Contains(res.Text, "item 1 b") {
		t.Errorf("text lacks the last item loaded: %q", res.Text)
	}
	// An endless feed stops at the limit.
	res = capture(t, Request{URL: srv.URL + "/infinite.html", Scroll: 3}, nil)
	if s := res.Meta.Scroll; s == nil || s.Stopped != ScrollLimit || s.Screens != 3 || s.HeightAfter <= s.HeightBefore {
		t.Errorf("scroll %+v, want 3 screens and a taller page", s)
	}
}

// TestCaptureScrollToPostsOrDate: a feed without end is scrolled until it
// shows the posts asked for, or a post from before the date; the scroll
// record says which and what was on the page, and posts.json holds them.
func TestCaptureScrollToPostsOrDate(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/feed.html", Scroll: 50, ScrollPosts: 10}, nil)
	s := res.Meta.Scroll
	if s == nil || s.Stopped != ScrollPosts || s.Posts < 10 || s.Screens >= 50 {
		t.Fatalf("scroll %+v, want it stopped at 10 posts", s)
	}
	if res.Posts == nil || len(res.Posts.Posts) != s.Posts || res.Posts.Platform != "generic" {
		t.Errorf("posts.json: %+v, scroll found %d", res.Posts, s.Posts)
	}
	until := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	res = capture(t, Request{URL: srv.URL + "/feed.html", Scroll: 50, ScrollUntil: until}, nil)
	s = res.Meta.Scroll
	if s == nil || s.Stopped != ScrollDate || !s.Oldest.Before(until) || s.Oldest.Before(until.AddDate(0, 0, -3)) {
		t.Fatalf("scroll %+v, want it stopped at the first posts from before %s", s, until)
	}
	// Without a limit of posts or date, the screens bound it.
	res = capture(t, Request{URL: srv.URL + "/feed.html", Scroll: 2}, nil)
	if s := res.Meta.Scroll; s.Stopped != ScrollLimit || s.Screens != 2 {
		t.Errorf("scroll %+v, want 2 screens", s)
	}
}

// TestCaptureParallel: captures in parallel tabs of one browser keep their
// own network records.
func TestCaptureParallel(t *testing.T) {
	srv := newServer(t)
	const n = 4
	results := make([]*Result, n)
	errs := make(chan error, n)
	for i := range n {
		go func() {
			var err error
			results[i], err = testBrowser.Capture(context.Background(), Request{URL: fmt.Sprintf("%s/par/%d", srv.URL, i)}, nil)
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i, res := range results {
		own := fmt.Sprintf("%s/par/%d", srv.URL, i)
		for _, e := range res.Network {
			if !strings.HasPrefix(e.URL, own) && e.URL != srv.URL+"/favicon.ico" {
				t.Errorf("capture %d recorded %s", i, e.URL)
			}
		}
		for _, path := range []string{"", "/img.png", "/data.json"} {
			if e := exchange(t, res.Network, own+path); e != nil && e.BodyState != BodyKept {
				t.Errorf("capture %d: %s body %q", i, path, e.BodyState)
			}
		}
		if want := fmt.Sprintf("page %d", i); !strings.Contains(res.Text, want) || res.Meta.FinalURL != own {
			t.Errorf("capture %d: final URL %s, text %q", i, res.Meta.FinalURL, res.Text)
		}
	}
}

// TestCaptureCrossSiteIframe: Chromium loads a cross-site iframe in a
// process of its own, whose traffic the tab does not see. The capture must
// not wait for it until the deadline, and says what it lacks.
func TestCaptureCrossSiteIframe(t *testing.T) {
	srv := newServer(t)
	// Waiting for the iframe would run into the deadline and mark the
	// capture incomplete.
	res := capture(t, Request{URL: srv.URL + "/oopif"}, nil)
	if res.Meta.Incomplete {
		t.Errorf("incomplete %q: the iframe was waited for", res.Meta.IncompleteReason)
	}
	other := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/tall.html"
	if e := exchange(t, res.Network, other); e != nil && !strings.Contains(e.BodyState, "cross-site iframe") {
		t.Errorf("iframe document: body state %q", e.BodyState)
	}
}

// TestCaptureWorker: a worker's requests go to the worker, not the tab; the
// capture does not wait for them and says so.
func TestCaptureWorker(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/worker.html"}, nil)
	if res.Meta.Incomplete || !strings.Contains(res.Text, "Worker says: Fetched after load") {
		t.Errorf("incomplete %q, text %q", res.Meta.IncompleteReason, res.Text)
	}
	if e := exchange(t, res.Network, srv.URL+"/worker.js"); e != nil && !strings.Contains(e.BodyState, "worker") {
		t.Errorf("worker script: body state %q", e.BodyState)
	}
}

// TestCaptureInProcessFrames: with site isolation off, the cross-site
// iframe's traffic is the tab's own and is recorded with its bodies.
func TestCaptureInProcessFrames(t *testing.T) {
	srv := newServer(t)
	b, err := startBrowser(Options{InProcessFrames: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !slices.ContainsFunc(b.Version().Args, func(a string) bool { return strings.HasPrefix(a, "--disable-site-isolation-trials") }) {
		t.Errorf("args %v lack --disable-site-isolation-trials", b.Version().Args)
	}
	res, err := b.Capture(context.Background(), Request{URL: srv.URL + "/oopif"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile("testdata/tall.html")
	other := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/tall.html"
	if e := exchange(t, res.Network, other); e != nil && (e.BodyState != BodyKept || string(e.Body) != string(html)) {
		t.Errorf("iframe document: body state %q, %d bytes", e.BodyState, len(e.Body))
	}
}
