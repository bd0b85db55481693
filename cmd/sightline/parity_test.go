package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/app"
	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace"
)

// TestAppAndCLIWriteTheSameAuditEvents does the same actions through the
// desktop app (Fyne's test driver, real widgets, a real Chromium capture)
// and through the command line, on two workspaces, and compares the audit
// events they wrote: the same actions, officers, cases, URLs, subjects and
// detail, once times, ids, hashes and paths are set aside. Every audited
// action has one entry point below both front-ends, and this holds them to
// it.
func TestAppAndCLIWriteTheSameAuditEvents(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	t.Setenv("HOME", t.TempDir())
	site := httptest.NewServer(http.FileServer(http.Dir("testdata/site")))
	defer site.Close()
	page := site.URL + "/plain.html"

	cliDir := t.TempDir()
	for _, args := range [][]string{
		{"officer", "set", "4127", "--name", "DC Sam Patel"},
		{"case", "new", "OP-PARITY", "--title", "Parity"},
		{"capture", "--case", "OP-PARITY", page},
		{"audit", "verify"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(t.Context(), append([]string{"--workspace", cliDir}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("sightline %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
		}
	}

	appDir := t.TempDir()
	ws, err := workspace.Open(t.Context(), appDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	u := app.New(t.Context(), test.NewTempApp(t), ws, app.Options{})
	u.Do(func() { u.Window().Resize(fyne.NewSize(1120, 760)) })
	typeInto(t, u, "e.g. 4127", "4127")
	typeInto(t, u, "e.g. DC Sam Patel", "DC Sam Patel")
	tapButton(t, u, "Continue")
	tapButton(t, u, "New case…")
	typeInto(t, u, "e.g. OP-KESTREL-24", "OP-PARITY")
	typeInto(t, u, "e.g. Kestrel: online fraud", "Parity")
	tapButton(t, u, "Create")
	chooseTab(t, u, "Evidence")
	typeInto(t, u, "https://… the address of the page to capture", page)
	tapButton(t, u, "Capture")
	waitFor(t, "the app's capture", func() bool {
		caps, err := ws.Captures(t.Context(), "OP-PARITY")
		return err == nil && len(caps) == 1
	})
	chooseTab(t, u, "Audit")
	tapButton(t, u, "Verify chain")
	waitFor(t, "the app's verification", func() bool {
		evs, err := ws.AuditEvents(t.Context(), audit.Filter{Action: "verify"})
		return err == nil && len(evs) == 1
	})
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}

	cli := summariseWorkspace(t, cliDir)
	got := summariseEvents(t, must(ws.AuditEvents(t.Context(), audit.Filter{})))
	if !slices.Equal(cli, got) {
		t.Errorf("the app wrote\n  %s\nthe CLI wrote\n  %s", strings.Join(got, "\n  "), strings.Join(cli, "\n  "))
	}
	t.Logf("both wrote:\n  %s", strings.Join(got, "\n  "))
	if len(got) != 5 { // officer.set, case.create, view, capture, verify
		t.Errorf("%d events, want 5:\n  %s", len(got), strings.Join(got, "\n  "))
	}
}

// volatile are detail fields that differ between two runs of one action.
var volatile = []string{"capture", "bundle", "sha256", "package_id", "view", "pid", "created", "pack", "head_seq", "events"}

// summariseEvents writes each event as its action, officer, case, URL,
// subjects and detail, volatile fields set to "*".
func summariseEvents(t *testing.T, events []audit.Event) []string {
	t.Helper()
	var out []string
	for _, e := range events {
		var d map[string]any
		if err := json.Unmarshal(e.Detail, &d); err != nil {
			t.Fatal(err)
		}
		for _, k := range volatile {
			if _, ok := d[k]; ok {
				d[k] = "*"
			}
		}
		if target, ok := d["target"].(string); ok && target != "audit log" {
			d["target"] = "*"
		}
		detail, _ := json.Marshal(d) // sorted keys
		out = append(out, fmt.Sprintf("%s officer=%s case=%s url=%s subjects=%v %s", e.Action, e.Officer, e.Case, e.URL, e.Subjects, detail))
	}
	return out
}

func summariseWorkspace(t *testing.T, dir string) []string {
	t.Helper()
	ws, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	return summariseEvents(t, must(ws.AuditEvents(t.Context(), audit.Filter{})))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// visible visits every visible object in w's content and its overlays
// (dialogs).
func visible(w fyne.Window, visit func(fyne.CanvasObject)) {
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		visit(o)
		switch c := o.(type) {
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(c).Objects() {
				walk(child)
			}
		case *fyne.Container:
			for _, child := range c.Objects {
				walk(child)
			}
		}
	}
	walk(w.Content())
	for _, o := range w.Canvas().Overlays().List() {
		walk(o)
	}
}

// typeInto types text into the visible entry whose placeholder is hint.
func typeInto(t *testing.T, u *app.UI, hint, text string) {
	t.Helper()
	found := false
	u.Do(func() {
		visible(u.Window(), func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == hint && !found {
				found = true
				e.SetText("")
				test.Type(e, text)
			}
		})
	})
	if !found {
		t.Fatalf("no entry %q in the window", hint)
	}
}

// tapButton taps the visible, enabled button labelled text.
func tapButton(t *testing.T, u *app.UI, text string) {
	t.Helper()
	var found *widget.Button
	u.Do(func() {
		visible(u.Window(), func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && !b.Disabled() && found == nil {
				found = b
			}
		})
		if found != nil {
			test.Tap(found)
		}
	})
	if found == nil {
		t.Fatalf("no button %q in the window", text)
	}
}

// chooseTab shows the tab labelled text.
func chooseTab(t *testing.T, u *app.UI, text string) {
	t.Helper()
	found := false
	u.Do(func() {
		visible(u.Window(), func(o fyne.CanvasObject) {
			if tabs, ok := o.(*container.AppTabs); ok && !found {
				for _, item := range tabs.Items {
					if item.Text == text {
						tabs.Select(item)
						found = true
					}
				}
			}
		})
	})
	if !found {
		t.Fatalf("no tab %q in the window", text)
	}
}

// waitFor waits for cond; the bound only stops a broken test from hanging
// (a capture starts Chromium).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("still waiting for %s", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
