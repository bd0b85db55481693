package capture

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// browsing is what a test tab's handlers heard.
type browsing struct {
	mu      sync.Mutex
	navs    []Navigation
	views   []View
	popups  []string
	dialogs []Dialog
	frames  []Frame
	block   func(Navigation) bool // true blocks; nil lets all through
}

func (b *browsing) handlers() TabHandlers {
	return TabHandlers{
		Gate: func(_ context.Context, n Navigation) bool {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.navs = append(b.navs, n)
			return b.block == nil || !b.block(n)
		},
		Viewed: func(v View) { b.mu.Lock(); b.views = append(b.views, v); b.mu.Unlock() },
		Popup:  func(url string) { b.mu.Lock(); b.popups = append(b.popups, url); b.mu.Unlock() },
		Dialog: func(d Dialog) DialogAnswer {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.dialogs = append(b.dialogs, d)
			return DialogAnswer{Accept: true}
		},
		Frame: func(f Frame) { b.mu.Lock(); b.frames = append(b.frames, f); b.mu.Unlock() },
	}
}

// viewed waits for a view of a URL ending in suffix and returns it.
func (b *browsing) viewed(t *testing.T, suffix string) View {
	t.Helper()
	var v View
	waitFor(t, "a view of "+suffix, func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		i := slices.IndexFunc(b.views, func(v View) bool { return strings.HasSuffix(v.FinalURL, suffix) })
		if i >= 0 {
			v = b.views[i]
		}
		return i >= 0
	})
	return v
}

// gated is the navigations the gate saw to URLs containing part.
func (b *browsing) gated(part string) []Navigation {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Navigation
	for _, n := range b.navs {
		if strings.Contains(n.URL, part) {
			out = append(out, n)
		}
	}
	return out
}

// openTab opens a 1000×700 tab of the suite's browser with b's handlers.
func openTab(t *testing.T, b *browsing) *Tab {
	t.Helper()
	tab, err := testBrowser.OpenTab(t.Context(), 1000, 700, b.handlers())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tab.Close)
	return tab
}

// clickOn clicks the middle of the element with id, as the live view
// forwards a click: mouse events at a point of the viewport, once the
// page has painted (the researcher sees it).
func clickOn(t *testing.T, tab *Tab, id string) {
	t.Helper()
	waitFor(t, "the page's first paint", func() bool { return tab.State().Painted })
	var xy scrollXY
	js := fmt.Sprintf(`(() => { const r = document.getElementById(%q).getBoundingClientRect(); return JSON.stringify({x: r.x + r.width/2, y: r.y + r.height/2}); })()`, id)
	s, err := tab.eval(t.Context(), js)
	if err == nil {
		_, err = fmt.Sscanf(strings.NewReplacer(`{"x":`, "", `,"y":`, " ", "}", "").Replace(s), "%g %g", &xy.X, &xy.Y)
	}
	if err != nil {
		t.Fatalf("find #%s: %v (%q)", id, err, s)
	}
	if err := tab.Click(t.Context(), xy.X, xy.Y, 1); err != nil {
		t.Fatal(err)
	}
}

// counting serves the fixtures and counts the requests for each path.
func counting(t *testing.T) (*httptest.Server, func(path string) int64) {
	t.Helper()
	var mu sync.Mutex
	seen := map[string]*atomic.Int64{}
	inner := fixtures(make(chan struct{}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if seen[r.URL.Path] == nil {
			seen[r.URL.Path] = new(atomic.Int64)
		}
		seen[r.URL.Path].Add(1)
		mu.Unlock()
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func(path string) int64 {
		mu.Lock()
		defer mu.Unlock()
		if c := seen[path]; c != nil {
			return c.Load()
		}
		return 0
	}
}

func TestTabTypedThenLink(t *testing.T) {
	srv, _ := counting(t)
	b := &browsing{}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/home.html"); err != nil {
		t.Fatal(err)
	}
	home := b.viewed(t, "/browse/home.html")
	if home.Reached != ReachedTyped || home.Title != "Browse home" || home.Tab != tab.ID() {
		t.Errorf("home view %+v", home)
	}
	clickOn(t, tab, "post")
	post := b.viewed(t, "/browse/post.html")
	if post.Reached != ReachedLink || post.Title != "A post" {
		t.Errorf("post view %+v", post)
	}
	navs := b.gated("/browse/post.html")
	if len(navs) != 1 || navs[0].Reached != ReachedLink || !strings.HasSuffix(navs[0].Previous, "/browse/home.html") {
		t.Errorf("the gate saw %+v", navs)
	}

	if err := tab.Back(t.Context()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the way back", func() bool { return len(b.gated("/browse/home.html")) == 2 })
	if n := b.gated("/browse/home.html")[1]; n.Reached != ReachedBackForward {
		t.Errorf("back was gated as %+v", n)
	}
	waitFor(t, "the history", func() bool { s := tab.State(); return s.CanForward && !s.CanBack })
}

// TestTabPaintedFollowsTheDocument: Painted holds from a page's first
// contentful paint until another document replaces it; a page with
// nothing to paint never has it, though it has loaded.
func TestTabPaintedFollowsTheDocument(t *testing.T) {
	srv, _ := counting(t)
	b := &browsing{}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/home.html"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the home page's paint", func() bool { return tab.State().Painted })
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/unpainted.html"); err != nil {
		t.Fatal(err)
	}
	b.viewed(t, "/browse/unpainted.html")
	waitFor(t, "the empty page loaded", func() bool {
		s := tab.State()
		return strings.HasSuffix(s.URL, "/unpainted.html") && !s.Loading
	})
	if s := tab.State(); s.Painted {
		t.Errorf("a page with nothing to paint is said to have painted: %+v", s)
	}
}

func TestTabGateBlocksBeforeTheServer(t *testing.T) {
	srv, requests := counting(t)
	b := &browsing{block: func(n Navigation) bool { return strings.Contains(n.URL, "post.html") }}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/home.html"); err != nil {
		t.Fatal(err)
	}
	b.viewed(t, "/browse/home.html")
	clickOn(t, tab, "post")
	waitFor(t, "the gate", func() bool { return len(b.gated("post.html")) == 1 })
	// The page stays: a later in-page change is still of the home page.
	clickOn(t, tab, "route")
	b.viewed(t, "/browse/profile/jsmith")
	if n := requests("/browse/post.html"); n != 0 {
		t.Errorf("the server got %d requests for a blocked page", n)
	}
}

func TestTabRedirectHopsAreGated(t *testing.T) {
	srv, _ := counting(t)
	b := &browsing{}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/old"); err != nil {
		t.Fatal(err)
	}
	v := b.viewed(t, "/new")
	if v.Reached != ReachedTyped || !strings.HasSuffix(v.URL, "/old") {
		t.Errorf("view %+v", v)
	}
	if hop := b.gated("/new"); len(hop) != 1 || hop[0].Reached != ReachedRedirect {
		t.Errorf("the redirect hop was gated as %+v", hop)
	}
}

func TestTabInPageRouteAndPopups(t *testing.T) {
	srv, _ := counting(t)
	b := &browsing{}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/home.html"); err != nil {
		t.Fatal(err)
	}
	b.viewed(t, "/browse/home.html")
	clickOn(t, tab, "route")
	if v := b.viewed(t, "/browse/profile/jsmith"); v.Reached != ReachedInPage {
		t.Errorf("in-page view %+v", v)
	}
	clickOn(t, tab, "blank")
	clickOn(t, tab, "open")
	waitFor(t, "two pop-ups", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.popups) == 2 })
	b.mu.Lock()
	got := slices.Clone(b.popups)
	b.mu.Unlock()
	slices.Sort(got)
	if !strings.HasSuffix(got[0], "post.html?via=blank") || !strings.HasSuffix(got[1], "post.html?via=open") {
		t.Errorf("pop-ups %q", got)
	}
}

func TestTabDialogIsAsked(t *testing.T) {
	srv, _ := counting(t)
	b := &browsing{}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/home.html"); err != nil {
		t.Fatal(err)
	}
	b.viewed(t, "/browse/home.html")
	clickOn(t, tab, "alert")
	waitFor(t, "the dialog", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.dialogs) == 1 })
	if d := b.dialogs[0]; d.Type != "alert" || d.Message != "Hello from the page" {
		t.Errorf("dialog %+v", d)
	}
}

// TestTabCapturesWhatIsShown types into the page and expands a comment,
// then captures without reloading: both are in the DOM, and the network
// record is the page's since its navigation.
func TestTabCapturesWhatIsShown(t *testing.T) {
	srv, requests := counting(t)
	b := &browsing{}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/post.html"); err != nil {
		t.Fatal(err)
	}
	b.viewed(t, "/browse/post.html")
	clickOn(t, tab, "home")
	b.viewed(t, "/browse/home.html")
	clickOn(t, tab, "name")
	if err := tab.InsertText(t.Context(), "typed by the researcher"); err != nil {
		t.Fatal(err)
	}
	if err := tab.Key(t.Context(), "Backspace", 0); err != nil {
		t.Fatal(err)
	}
	clickOn(t, tab, "more")
	loads := requests("/browse/home.html")

	var st stages
	res, err := tab.Capture(t.Context(), ShownOptions{}, &st)
	if err != nil {
		t.Fatal(err)
	}
	if n := requests("/browse/home.html"); n != loads {
		t.Errorf("the capture loaded the page again (%d requests, %d before)", n, loads)
	}
	if !strings.Contains(res.DOM, `value="typed by the researche"`) {
		t.Errorf("the typed value is not in the DOM:\n%s", res.DOM)
	}
	if !strings.Contains(res.DOM, `id="comments" style="display: block;"`) {
		t.Errorf("the expanded comment is not in the DOM:\n%s", res.DOM)
	}
	if !strings.Contains(res.Text, "the expanded comment text") {
		t.Errorf("the visible text lacks the comment: %q", res.Text)
	}
	if _, err := png.Decode(bytes.NewReader(res.Screenshot)); err != nil {
		t.Errorf("screenshot: %v", err)
	}
	if res.Meta.Title != "Browse home" || !strings.HasSuffix(res.Meta.FinalURL, "/browse/home.html") ||
		res.Meta.Status != http.StatusOK || res.Meta.ServerIP == "" {
		t.Errorf("metadata %+v", res.Meta)
	}
	var urls []string
	for _, e := range res.Network {
		urls = append(urls, e.URL)
		if strings.HasSuffix(e.URL, "/browse/home.html") && !bytes.Contains(e.Body, []byte("Browse home")) {
			t.Errorf("the page's body was not kept: %s", e.BodyState)
		}
	}
	if len(urls) == 0 || !strings.HasSuffix(urls[0], "/browse/home.html") || slices.ContainsFunc(urls, func(u string) bool {
		return strings.HasSuffix(u, "post.html")
	}) {
		t.Errorf("network record %q: want the home page's since its navigation", urls)
	}
	if st.total == 0 || st.done != st.total {
		t.Errorf("progress %d of %d", st.done, st.total)
	}
}

func TestTabFramesFollowTheView(t *testing.T) {
	srv, _ := counting(t)
	b := &browsing{}
	tab := openTab(t, b)
	if err := tab.Navigate(t.Context(), srv.URL+"/browse/home.html"); err != nil {
		t.Fatal(err)
	}
	b.viewed(t, "/browse/home.html")
	waitFor(t, "frames of the spinning page", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.frames) > 3 })
	b.mu.Lock()
	size := b.frames[len(b.frames)-1].Image.Bounds().Size()
	b.mu.Unlock()
	if size.X != 1000 || size.Y != 700 {
		t.Errorf("frame %v, want the view's 1000x700", size)
	}
	if err := tab.Resize(t.Context(), 640, 480); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a frame of the new size", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		s := b.frames[len(b.frames)-1].Image.Bounds().Size()
		return s.X == 640 && s.Y == 480
	})
}
