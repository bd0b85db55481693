package app

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/sightline-osint/sightline/audit"
)

// captureTimeout bounds one capture of a local page, Chromium's start
// included, on a slow shared machine.
const captureTimeout = 2 * time.Minute

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// TestCaptureThroughTheWindow does what a researcher does on a first run:
// says who they are, opens a case, captures a page; then the capture is in
// the list with its SHA-256 and thumbnail, and in the workspace.
func TestCaptureThroughTheWindow(t *testing.T) {
	srv := fixtureServer(t)
	u, ws := newTestUI(t, Options{}, nil)
	w := u.Window()

	if u.firstRun == nil {
		t.Fatal("a first run does not show the officer form")
	}
	if button(w.Content(), "Capture") != nil {
		t.Fatal("the capture bar shows before an officer is set")
	}
	test.Type(u.firstRun.id, "4127")
	test.Type(u.firstRun.name, "DC Sam Patel")
	act(u, func() { test.Tap(u.firstRun.submit) })
	waitIdle(t, u, captureTimeout) // the main screen's first reads
	noDialog(t, w)
	o, err := ws.CurrentOfficer(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "4127" || o.Name != "DC Sam Patel" || o.Role != "researcher" {
		t.Fatalf("officer = %+v, want 4127, DC Sam Patel, researcher", o)
	}
	if !strings.Contains(texts(w.Content()), "DC Sam Patel") {
		t.Fatal("the main window does not show the officer")
	}

	test.Tap(u.cases.add)
	test.Type(u.cases.form.ref, "OP-WINDOW-1")
	test.Type(u.cases.form.title, "Window test")
	tapInDialog(t, u, "Create")
	waitIdle(t, u, captureTimeout)
	noDialog(t, w)
	cases, err := ws.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 || cases[0].Ref != "OP-WINDOW-1" || cases[0].Title != "Window test" {
		t.Fatalf("cases = %+v, want OP-WINDOW-1 only", cases)
	}
	if u.cases.current.Ref != "OP-WINDOW-1" {
		t.Fatalf("the new case is not chosen: %q", u.cases.current.Ref)
	}

	u.tabs.SelectIndex(1) // Evidence: a clean copy, captured in a tab of its own
	url := srv.URL + "/page.html"
	test.Type(u.capture.url, url)
	test.Type(u.capture.note, "noticeboard post")
	var started bool
	act(u, func() {
		test.Tap(u.capture.button)
		started = u.capture.cancel != nil && u.capture.running.Visible() && u.capture.button.Disabled()
	})
	if !started {
		t.Fatal("tapping Capture did not start a capture with its progress bar")
	}
	waitIdle(t, u, captureTimeout)
	noDialog(t, w)

	caps, err := ws.Captures(t.Context(), "OP-WINDOW-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(caps) != 1 {
		t.Fatalf("the workspace has %d captures, want 1", len(caps))
	}
	c := caps[0]
	if c.URL != url || c.Title != "Sightline test fixture" || c.Note != "noticeboard post" || c.Incomplete != "" {
		t.Errorf("capture = %+v", c)
	}
	if !sha256Hex.MatchString(c.SHA256) {
		t.Fatalf("capture SHA-256 = %q", c.SHA256)
	}
	if _, err := os.Stat(c.Bundle); err != nil {
		t.Fatalf("bundle: %v", err)
	}
	row := rowShowing(w.Content(), c.SHA256)
	if row == nil {
		t.Fatalf("no row of the list shows SHA-256 %s; the window shows:\n%s", c.SHA256, texts(w.Content()))
	}
	if !strings.Contains(texts(row), c.SHA256) || !strings.Contains(texts(row), "Sightline test fixture") {
		t.Errorf("the row shows:\n%s", texts(row))
	}
	if row.Item().Thumbnail == nil {
		t.Errorf("the row has no thumbnail (%q)", row.Item().NoThumbnail)
	}
	if u.capture.running.Visible() || u.capture.button.Disabled() || u.capture.url.Text != "" {
		t.Error("the capture bar is not ready for the next capture")
	}
	if !strings.Contains(u.capture.status.Text, "Captured and sealed "+c.ID) {
		t.Errorf("status = %q", u.capture.status.Text)
	}

	// The detail view verifies the bundle, and a tampered one fails.
	verifyInDetail := func(want string) {
		t.Helper()
		act(u, func() { u.list.list.Select(0) })
		eventually(t, u, "the verification", func() bool {
			return row.Item().Verified != "" && strings.Contains(texts(dialogShown(w)), row.Item().Verified)
		})
		if got := row.Item().Verified; !strings.HasPrefix(got, want) {
			t.Errorf("verification %q, want %s…", got, want)
		}
		for _, field := range []string{c.ID, c.Bundle, c.PackageID, "noticeboard post"} {
			if !strings.Contains(texts(dialogShown(w)), field) {
				t.Errorf("the detail view lacks %q", field)
			}
		}
		tapInDialog(t, u, "Close")
	}
	verifyInDetail("Verified at")
	tamper(t, c.Bundle)
	verifyInDetail("FAILED at")
	if evs, err := ws.AuditEvents(t.Context(), audit.Filter{Action: "verify"}); err != nil || len(evs) != 2 {
		t.Errorf("%d verify events, %v; want 2", len(evs), err)
	}
}

// tamper flips one byte in the middle of a sealed, read-only file.
func tamper(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o444); err != nil {
		t.Fatal(err)
	}
}

// TestCancelLeavesNothing cancels a capture of a page that never answers:
// no capture, no bundle, no error dialog.
func TestCancelLeavesNothing(t *testing.T) {
	arrived := make(chan struct{}, 1)
	quit := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(quit) })
	u, ws := newTestUI(t, Options{}, withOfficerAndCase(t, "OP-CANCEL"))

	test.Type(u.capture.url, srv.URL+"/never")
	act(u, func() { test.Tap(u.capture.button) })
	select {
	case <-arrived:
	case <-time.After(captureTimeout):
		t.Fatal("the browser never asked for the page")
	}
	act(u, func() { test.Tap(u.capture.abort) })
	waitIdle(t, u, captureTimeout)
	noDialog(t, u.Window())

	if !strings.Contains(u.capture.status.Text, "cancelled") {
		t.Errorf("status = %q", u.capture.status.Text)
	}
	caps, err := ws.Captures(t.Context(), "OP-CANCEL")
	if err != nil {
		t.Fatal(err)
	}
	if len(caps) != 0 {
		t.Errorf("a cancelled capture was recorded: %+v", caps)
	}
	bundles, _ := filepath.Glob(filepath.Join(ws.Dir(), "bundles", "OP-CANCEL", "*"))
	if len(bundles) != 0 {
		t.Errorf("a cancelled capture left %v", bundles)
	}
}
