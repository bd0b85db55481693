package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
)

// TestCaptureErrorsAreSentences captures addresses that cannot be captured:
// each gives a dialog with a sentence that says what to do, and nothing is
// recorded.
func TestCaptureErrorsAreSentences(t *testing.T) {
	u, ws := newTestUI(t, Options{Deadline: 30 * time.Second}, withOfficerAndCase(t, "OP-ERRORS"))
	w := u.Window()
	for _, tc := range []struct{ url, want string }{
		{"ftp://x", "start with http:// or https://"},
		{"not a web address", "start with http:// or https://"},
		{"http://sightline-test.invalid/", "could not be loaded"},
	} {
		u.capture.url.SetText("")
		test.Type(u.capture.url, tc.url)
		act(u, func() { test.Tap(u.capture.button) })
		waitIdle(t, u, captureTimeout)
		d := dialogShown(w)
		if d == nil {
			t.Fatalf("%s: no error dialog; status %q", tc.url, u.capture.status.Text)
		}
		if got := texts(d); !strings.Contains(got, "Capture failed") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: the dialog says:\n%s\nwant %q in it", tc.url, got, tc.want)
		}
		tapInDialog(t, u, "OK")
		noDialog(t, w)
		if u.capture.button.Disabled() || u.capture.url.Text != tc.url {
			t.Errorf("%s: after the error the address is %q and Capture disabled=%v", tc.url, u.capture.url.Text, u.capture.button.Disabled())
		}
	}
	caps, err := ws.Captures(t.Context(), "OP-ERRORS")
	if err != nil {
		t.Fatal(err)
	}
	if len(caps) != 0 {
		t.Errorf("failed captures were recorded: %+v", caps)
	}
}

// TestNewCaseErrorsAreSentences creates cases the workspace refuses: the
// dialog says why, and closing it gives the form back with what was typed.
func TestNewCaseErrorsAreSentences(t *testing.T) {
	u, ws := newTestUI(t, Options{}, withOfficerAndCase(t, "OP-TAKEN"))
	w := u.Window()
	for _, tc := range []struct{ ref, want string }{
		{"bad ref!", "A case reference is 1 to 64 letters, digits"},
		{"OP-TAKEN", "A case with that reference already exists"},
	} {
		test.Tap(u.cases.add)
		test.Type(u.cases.form.ref, tc.ref)
		tapInDialog(t, u, "Create")
		d := dialogShown(w)
		if d == nil {
			t.Fatalf("%s: no error dialog", tc.ref)
		}
		if got := texts(d); !strings.Contains(got, "Could not create the case") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: the dialog says:\n%s\nwant %q in it", tc.ref, got, tc.want)
		}
		tapInDialog(t, u, "OK")
		if d := dialogShown(w); d == nil || button(d, "Create") == nil || u.cases.form.ref.Text != tc.ref {
			t.Fatalf("%s: the new-case form did not come back with the reference typed", tc.ref)
		}
		tapInDialog(t, u, "Cancel")
		noDialog(t, w)
	}
	cases, err := ws.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 {
		t.Errorf("cases = %+v, want OP-TAKEN only", cases)
	}
}

// TestOfficerErrorIsASentence submits the first-run form empty.
func TestOfficerErrorIsASentence(t *testing.T) {
	u, ws := newTestUI(t, Options{}, nil)
	w := u.Window()
	test.Tap(u.firstRun.submit)
	d := dialogShown(w)
	if d == nil {
		t.Fatal("no error dialog")
	}
	if got := texts(d); !strings.Contains(got, "An officer needs an id and a name.") {
		t.Errorf("the dialog says:\n%s", got)
	}
	tapInDialog(t, u, "OK")
	if u.firstRun == nil || u.cases != nil {
		t.Error("the main window shows without an officer")
	}
	if _, err := ws.CurrentOfficer(t.Context()); !errors.Is(err, workspace.ErrNoOfficer) {
		t.Errorf("CurrentOfficer: %v, want ErrNoOfficer", err)
	}
}

func TestSentence(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("capture ftp://x: %w", capture.ErrUnsupportedScheme), "Only web addresses that start with http:// or https://"},
		{fmt.Errorf("capture http://x.invalid/: %w", &capture.LoadError{Reason: "net::ERR_NAME_NOT_RESOLVED"}),
			"The page could not be loaded (net::ERR_NAME_NOT_RESOLVED)."},
		{fmt.Errorf("capture http://x/: %w", workspace.ErrNoOfficer), "No officer is set"},
		{fmt.Errorf("capture http://x/: case OP-1: %w", workspace.ErrCaseClosed), "This case is closed"},
		{fmt.Errorf("start browser: %w", capture.ErrBrowserNotFound), "Chromium was not found"},
		{errors.New("new case x y: a case reference is short"), "A case reference is short."},
		{errors.New("disk full."), "Disk full."},
		{fmt.Errorf("capture http://x/: %w", &workspace.StorageError{Dir: "/ws", Cause: workspace.ErrDiskFull, Err: errors.New("write: no space left on device")}),
			"The disk that holds the workspace (/ws) is full. Nothing of what failed was kept or recorded."},
		{fmt.Errorf("open workspace /ws: %w", &workspace.StorageError{Dir: "/ws", Cause: workspace.ErrReadOnly, Err: errors.New("read-only file system")}),
			"The workspace (/ws) is on a read-only disk"},
	} {
		if got := sentence(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("sentence(%q) = %q, want %q in it", tc.err, got, tc.want)
		}
	}
}

// TestInterruptedWorkIsShown: a workspace that a killed Sightline left
// work in opens with a dialog saying what was recovered.
func TestInterruptedWorkIsShown(t *testing.T) {
	dir := t.TempDir()
	dead := filepath.Join(dir, "tmp", "run-dead")
	if err := os.MkdirAll(dead, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dead, ".seal-1.wacz.partial"), []byte("half a bundle"), 0o600); err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	u := New(t.Context(), test.NewTempApp(t), ws, Options{})
	defer u.Close()
	var shown string
	act(u, func() {
		if d := dialogShown(u.Window()); d != nil {
			shown = texts(d)
		}
	})
	if !strings.Contains(shown, "put in place 0 bundles and packs") || !strings.Contains(shown, "moved 1 unfinished files to quarantine/") {
		t.Errorf("the window shows %q, want what was recovered", shown)
	}
}
