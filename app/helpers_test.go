package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	slwidget "github.com/sightline-osint/sightline/app/widget"
	"github.com/sightline-osint/sightline/workspace"
)

// newTestUI builds the window on Fyne's test app over a new workspace, after
// prepare (if any) has set the workspace up.
func newTestUI(t testing.TB, opts Options, prepare func(context.Context, *workspace.Workspace)) (*UI, *workspace.Workspace) {
	t.Helper()
	ws, err := workspace.Open(t.Context(), t.TempDir(), workspace.WithCentral(opts.Central))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ws.Close(); err != nil {
			t.Error(err)
		}
	})
	if prepare != nil {
		prepare(t.Context(), ws)
	}
	u := New(t.Context(), test.NewTempApp(t), ws, opts)
	t.Cleanup(func() {
		if err := u.Close(); err != nil {
			t.Error(err)
		}
	})
	u.do(func() { u.Window().Resize(fyne.NewSize(1120, 760)) })
	// Fyne's test driver runs fyne.Do on the calling goroutine: let the
	// window's first reads end before the test touches its widgets.
	waitIdle(t, u, captureTimeout)
	return u, ws
}

// withOfficerAndCase sets an officer and opens case ref, for tests about
// what comes after.
func withOfficerAndCase(t testing.TB, ref string) func(context.Context, *workspace.Workspace) {
	return func(ctx context.Context, ws *workspace.Workspace) {
		t.Helper()
		if _, err := ws.SetOfficer(ctx, workspace.Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
			t.Fatal(err)
		}
		if ref == "" {
			return
		}
		if _, err := ws.NewCase(ctx, workspace.Case{Ref: ref, Title: "Test case"}); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureServer serves testdata/.
func fixtureServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServerFS(os.DirFS("testdata")))
	t.Cleanup(srv.Close)
	return srv
}

// waitIdle waits until the UI's background work (captures, thumbnails) has
// ended, at most timeout.
func waitIdle(t testing.TB, u *UI, timeout time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		u.jobs.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Fatalf("background work still running after %s", timeout)
	}
}

// walk visits o and, through the renderers Fyne uses, everything in it.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	visit(o)
	switch c := o.(type) {
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walk(child, visit)
		}
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	}
}

// texts joins the text of the visible labels in o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// button finds the visible button labelled text in o, or nil.
func button(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// rowShowing finds the visible list row that shows sha256, or nil.
func rowShowing(o fyne.CanvasObject, sha256 string) *slwidget.CaptureRow {
	var found *slwidget.CaptureRow
	walk(o, func(o fyne.CanvasObject) {
		if r, ok := o.(*slwidget.CaptureRow); ok && r.Visible() && r.Item().SHA256 == sha256 {
			found = r
		}
	})
	return found
}

// dialogShown is the top overlay (a dialog) of w, or nil.
func dialogShown(w fyne.Window) fyne.CanvasObject {
	return w.Canvas().Overlays().Top()
}

// tapInDialog taps the button labelled text in the dialog on top of u's
// window, as the window's own updates run (see act).
func tapInDialog(t *testing.T, u *UI, text string) {
	t.Helper()
	d := dialogShown(u.Window())
	if d == nil {
		t.Fatalf("no dialog to tap %q in", text)
	}
	b := button(d, text)
	if b == nil {
		t.Fatalf("no %q button in the dialog showing:\n%s", text, texts(d))
	}
	act(u, func() { test.Tap(b) })
}

// act runs fn, a test's action on the window, one at a time with the
// updates of the window's background jobs: Fyne's test driver has no UI
// goroutine to do that for it.
func act(u *UI, fn func()) { u.do(fn) }

// noDialog fails if a dialog is shown, saying what it says.
func noDialog(t *testing.T, w fyne.Window) {
	t.Helper()
	if d := dialogShown(w); d != nil {
		t.Fatalf("unexpected dialog:\n%s", texts(d))
	}
}
