package app

import (
	"archive/zip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/workspace"
)

// researchSite serves testdata/browse and counts the requests for each
// path.
type researchSite struct {
	*httptest.Server
	mu   sync.Mutex
	seen map[string]int
}

func newResearchSite(t *testing.T) *researchSite {
	s := &researchSite{seen: map[string]int{}}
	files := http.FileServerFS(os.DirFS("testdata"))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen[r.URL.Path]++
		s.mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *researchSite) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[path]
}

// clock is a workspace clock the test moves on.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// eventually waits until cond, read on the UI, holds.
func eventually(t *testing.T, u *UI, what string, cond func() bool) {
	t.Helper()
	const bound = 2 * time.Minute // a hang guard only
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		var ok bool
		act(u, func() { ok = cond() })
		if ok {
			return
		}
		if time.Since(start) > bound {
			var shown string
			act(u, func() { shown = browserShows(u) })
			t.Fatalf("still waiting for %s after %s; the research browser shows:\n%s", what, bound, shown)
		}
	}
}

// browserShows says what the research browser shows, for a failing test.
func browserShows(u *UI) string {
	b := u.browse
	s := fmt.Sprintf("status %q, badge %q, banner %q (shown %v)", b.status.Text, b.badge.Text, b.banner.Text, b.banner.Visible())
	if t := b.current(); t != nil {
		s += fmt.Sprintf("\ntab: %+v", t.st)
	}
	if d := dialogShown(u.Window()); d != nil {
		s += "\ndialog:\n" + texts(d)
	}
	return s
}

// clickPage clicks the live view of the tab shown at x,y CSS pixels of the
// page, as the researcher's mouse would once the page has painted.
func clickPage(t *testing.T, u *UI, x, y float32) {
	t.Helper()
	eventually(t, u, "the page's first paint", func() bool { return u.browse.current().st.Painted })
	act(u, func() {
		v := u.browse.current().view
		f := v.Frame()
		s := v.Size()
		zoom := float32(1)
		pos := fyne.NewPos(x*zoom*s.Width/float32(f.Bounds().Dx()), y*zoom*s.Height/float32(f.Bounds().Dy()))
		test.TapAt(v, pos)
	})
}

// The fixture's targets (testdata/browse/home.html), CSS pixels.
const (
	linkY   = 25
	routeY  = 85
	popupY  = 145
	nameY   = 205
	moreY   = 265
	targetX = 150
)

// browsingUI opens the window on a workspace whose clock is clk, with an
// officer, case OP-1 and subject S1 J Smith at the fixture's addresses
// paths, and a browser tab typed to the home page, its first frame shown.
func browsingUI(t *testing.T, site *researchSite, clk *clock, paths ...string) (*UI, *workspace.Workspace) {
	t.Helper()
	ws, err := workspace.Open(t.Context(), t.TempDir(), workspace.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	withOfficerAndCase(t, "OP-1")(t.Context(), ws)
	var ids []string
	for _, p := range paths {
		ids = append(ids, site.URL+p)
	}
	if _, err := ws.AddSubject(t.Context(), "OP-1", "J Smith", ids); err != nil {
		t.Fatal(err)
	}
	u := New(t.Context(), test.NewTempApp(t), ws, Options{})
	t.Cleanup(func() { u.Close() })
	act(u, func() { u.Window().Resize(fyne.NewSize(1120, 860)) })
	waitIdle(t, u, captureTimeout)
	return u, ws
}

// goHome types the fixture's home page into the address bar.
func goHome(t *testing.T, u *UI, site *researchSite) {
	t.Helper()
	b := u.browse
	act(u, func() {
		test.Type(b.address, site.URL+"/browse/home.html")
		b.address.OnSubmitted(b.address.Text)
	})
	eventually(t, u, "the home page", func() bool { return b.current() != nil && b.current().st.Title == "Research home" })
	eventually(t, u, "a frame", func() bool { return b.current().view.Frame() != nil })
}

// TestResearchBrowser browses the fixture site in the window: typed and
// clicked views are recorded, the second episode of a subject warns, the
// third stops and asks, a justification lets it through and going back
// loads nothing; an in-page route is a view; a pop-up opens a tab; Capture
// seals the page as shown.
func TestResearchBrowser(t *testing.T) {
	site := newResearchSite(t)
	clk := &clock{t: time.Now().UTC().Add(-24 * time.Hour)}
	u, ws := browsingUI(t, site, clk, "/browse/post.html", "/browse/profile/jsmith")
	w, b := u.Window(), u.browse
	goHome(t, u, site)

	viewPost := func() {
		t.Helper()
		clickPage(t, u, targetX, linkY)
	}
	backHome := func() {
		t.Helper()
		act(u, func() { test.Tap(b.back) })
		eventually(t, u, "the way back", func() bool {
			return strings.HasSuffix(b.current().st.URL, "/browse/home.html") && !b.current().st.Loading
		})
	}
	// Episode 1: allowed, badge shown.
	viewPost()
	eventually(t, u, "the first episode", func() bool { return strings.Contains(b.badge.Text, "S1 J Smith · episode 1") })
	if b.banner.Visible() {
		t.Errorf("banner on the first episode: %q", b.banner.Text)
	}
	// Episode 2: warned.
	backHome()
	clk.add(2 * time.Hour)
	viewPost()
	eventually(t, u, "the warning", func() bool { return b.banner.Visible() && strings.Contains(b.badge.Text, "episode 2") })

	// Episode 3: stop and ask; a justification lets it through.
	backHome()
	clk.add(2 * time.Hour)
	posts := site.requests("/browse/post.html")
	viewPost()
	eventually(t, u, "the stop-and-ask", func() bool { return dialogShown(w) != nil })
	if n := site.requests("/browse/post.html"); n != posts {
		t.Fatalf("the page was asked of the server (%d requests, %d before) while the researcher was asked", n, posts)
	}
	act(u, func() {
		d := dialogShown(w)
		walk(d, func(o fyne.CanvasObject) {
			switch o := o.(type) {
			case *widget.RadioGroup:
				o.SetSelected(askJustify)
			case *widget.Entry:
				if o.MultiLine {
					o.SetText("Needed to confirm the threat made in the post")
				}
			case *widget.Check:
				if o.Text == "Directed at an individual or organisation" {
					o.SetChecked(true)
				}
			}
		})
		test.Tap(button(d, "Continue"))
	})
	eventually(t, u, "the justified view", func() bool { return strings.Contains(b.badge.Text, "episode 3") })

	// Episode 4: stop and ask; going back loads nothing.
	backHome()
	clk.add(2 * time.Hour)
	posts = site.requests("/browse/post.html")
	viewPost()
	eventually(t, u, "the stop-and-ask", func() bool { return dialogShown(w) != nil })
	act(u, func() { test.Tap(button(dialogShown(w), "Go back")) })
	eventually(t, u, "the refusal", func() bool { return strings.HasPrefix(b.status.Text, "Not opened") })
	if n := site.requests("/browse/post.html"); n != posts {
		t.Errorf("going back still asked the server for the page (%d requests, %d before)", n, posts)
	}

	// An in-page route to the subject's profile is a view.
	clickPage(t, u, targetX, routeY)
	eventually(t, u, "the in-page view", func() bool { return b.current().st.Title == "J Smith" })

	// A pop-up opens a tab of its own.
	clickPage(t, u, targetX, popupY)
	eventually(t, u, "the pop-up's tab", func() bool {
		return len(b.open) == 2 && strings.Contains(b.open[1].st.URL, "via=popup")
	})
	act(u, func() { b.tabs.Select(b.open[0].item) })

	// Type into the page and expand the comments, then capture it as shown.
	clickPage(t, u, targetX, nameY)
	act(u, func() { test.Type(b.current().view, "kestrel") })
	clickPage(t, u, targetX, moreY)
	// Ctrl+Shift+S while the page has the keyboard: Fyne gives a shortcut
	// to the focused widget alone, and the window's shortcuts still work.
	act(u, func() {
		focused, ok := w.Canvas().Focused().(fyne.Shortcutable)
		if !ok || focused != fyne.Shortcutable(b.current().view) {
			t.Errorf("the page does not have the keyboard after a click: %T", w.Canvas().Focused())
			return
		}
		focused.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	})
	eventually(t, u, "the capture", func() bool {
		return b.capture.cancel == nil && strings.HasPrefix(b.capture.status.Text, "Captured and sealed")
	})
	caps, err := ws.Captures(t.Context(), "OP-1")
	if err != nil || len(caps) != 1 {
		t.Fatalf("%d captures, %v", len(caps), err)
	}
	dom := readEntry(t, caps[0].Bundle, bundle.DOMName)
	for _, want := range []string{`value="kestrel"`, "the expanded comment text", `style="display: block;"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("the captured DOM lacks %q: %s; status %q", want, dom[strings.Index(dom, `id="name"`)-30:strings.Index(dom, `id="name"`)+80], b.status.Text)
		}
	}
	if v, err := workspace.VerifyFile(t.Context(), caps[0].Bundle); err != nil || !v.Checks().OK() {
		t.Errorf("verify %s: %+v, %v", caps[0].Bundle, v, err)
	}
	if meta := readEntry(t, caps[0].Bundle, bundle.MetadataName); !strings.Contains(meta, `"network_identity"`) || !strings.Contains(meta, `"persona": "default"`) {
		t.Errorf("the capture as shown records no network identity: %s", meta)
	}

	// F5, with the page holding the keyboard, reloads the subject's profile:
	// a reload is a view too, so the fourth episode stops and asks.
	act(u, func() { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF5}) })
	eventually(t, u, "the stop-and-ask of the reload", func() bool {
		d := dialogShown(w)
		return d != nil && strings.Contains(texts(d), "/browse/profile/jsmith")
	})
	act(u, func() { test.Tap(button(dialogShown(w), "Go back")) })
	eventually(t, u, "the reload refused", func() bool { return dialogShown(w) == nil && !b.current().st.Loading })

	// A clean copy loads the address afresh: nothing typed is in it.
	shown := caps[0].ID
	act(u, func() { b.cleanCopy.SetChecked(true); test.Tap(b.capture.button) })
	eventually(t, u, "the clean copy", func() bool { return b.capture.cancel == nil })
	caps, err = ws.Captures(t.Context(), "OP-1")
	if err != nil || len(caps) != 2 {
		t.Fatalf("%d captures after the clean copy, %v; status %q", len(caps), err, b.capture.status.Text)
	}
	for _, c := range caps {
		if dom := readEntry(t, c.Bundle, bundle.DOMName); c.ID != shown && strings.Contains(dom, `value="kestrel"`) {
			t.Errorf("the clean copy %s has the typed value", c.ID)
		}
	}

	events, err := ws.AuditEvents(t.Context(), audit.Filter{Case: "OP-1"})
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range events {
		log = append(log, e.Action+" "+string(e.Detail))
	}
	all := strings.Join(log, "\n")
	for _, want := range []string{`"choice":"justify"`, `"choice":"back"`, `"reached":"in-page"`, `"reached":"typed"`, `"reached":"link"`, `"reached":"pop-up"`} {
		if !strings.Contains(all, want) {
			t.Errorf("the audit lacks %s:\n%s", want, all)
		}
	}
	waitIdle(t, u, captureTimeout)
}

// readEntry reads one entry of a bundle with the standard library's zip
// reader.
func readEntry(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}

// TestAutoCaptureInTheBrowser turns auto-capture on for the case: each page
// viewed is kept as a light record while the stop-and-ask still holds the
// third episode, and a kept page promoted from the list is a capture that
// verifies.
func TestAutoCaptureInTheBrowser(t *testing.T) {
	site := newResearchSite(t)
	clk := &clock{t: time.Now().UTC().Add(-24 * time.Hour)}
	u, ws := browsingUI(t, site, clk, "/browse/post.html")
	w, b := u.Window(), u.browse

	act(u, func() { b.autoCapture.SetChecked(true) })
	eventually(t, u, "auto-capture on", func() bool { return strings.HasPrefix(b.status.Text, "Auto-capture is on") })
	if on, err := ws.AutoCapture(t.Context(), "OP-1"); err != nil || !on {
		t.Fatalf("the case's auto-capture is %v, %v after the switch", on, err)
	}
	kept := func(n int) func() bool {
		return func() bool {
			recs, err := ws.LightRecords(t.Context(), "OP-1")
			return err == nil && len(recs) >= n
		}
	}
	goHome(t, u, site)
	eventually(t, u, "the home page kept", kept(1))
	for episode := 1; episode <= 2; episode++ {
		clickPage(t, u, targetX, linkY)
		eventually(t, u, fmt.Sprintf("episode %d", episode), func() bool { return strings.Contains(b.badge.Text, fmt.Sprintf("episode %d", episode)) })
		eventually(t, u, fmt.Sprintf("the post kept (episode %d)", episode), kept(2*episode))
		act(u, func() { test.Tap(b.back) })
		eventually(t, u, "the way back", func() bool {
			return strings.HasSuffix(b.current().st.URL, "/browse/home.html") && !b.current().st.Loading
		})
		eventually(t, u, "the home page kept again", kept(2*episode+1))
		clk.add(2 * time.Hour)
	}
	clickPage(t, u, targetX, linkY)
	eventually(t, u, "the stop-and-ask", func() bool { return dialogShown(w) != nil })
	act(u, func() { test.Tap(button(dialogShown(w), "Go back")) })
	eventually(t, u, "the refusal", func() bool { return strings.HasPrefix(b.status.Text, "Not opened") })

	recs, err := ws.LightRecords(t.Context(), "OP-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Bytes == 0 || r.Viewport == "" || r.DOM == "" {
			t.Errorf("light record %+v lacks its files", r)
		}
	}
	t.Logf("%d light records, %d bytes the first", len(recs), recs[0].Bytes)

	act(u, func() { test.Tap(b.lights) })
	eventually(t, u, "the list of kept pages", func() bool { d := dialogShown(w); return d != nil && button(d, "Promote") != nil })
	tapInDialog(t, u, "Promote")
	eventually(t, u, "the promotion", func() bool { return strings.HasPrefix(b.status.Text, "Promoted ") })
	caps, err := ws.Captures(t.Context(), "OP-1")
	if err != nil || len(caps) != 1 {
		t.Fatalf("%d captures after promoting, %v", len(caps), err)
	}
	if v, err := workspace.VerifyFile(t.Context(), caps[0].Bundle); err != nil || !v.Checks().OK() {
		t.Errorf("verify the promoted capture %s: %+v, %v", caps[0].Bundle, v, err)
	}
	waitIdle(t, u, captureTimeout)
}

// The training site's address is offered in the research browser.
func TestResearchBrowserOffersHome(t *testing.T) {
	u, _ := newTestUI(t, Options{Home: "http://harbourline.training/"}, withOfficerAndCase(t, "TRAINING-1"))
	var text string
	u.do(func() { text = u.browse.address.Text })
	if text != "http://harbourline.training/" {
		t.Errorf("address %q", text)
	}
}
