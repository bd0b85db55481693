package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
)

// fixedClock steps one second per reading from a fixed start.
func fixedClock() func() time.Time {
	t := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

func openTest(t *testing.T, opts ...Option) *Workspace {
	t.Helper()
	ws, err := Open(context.Background(), t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func events(t *testing.T, ws *Workspace, f audit.Filter) []audit.Event {
	t.Helper()
	evs, err := audit.List(context.Background(), ws.DB(), f)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestOpenKeepsIdentityAndSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ws, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	id := ws.ID()
	if len(id) != 64 {
		t.Fatalf("workspace id %q: want 64 hex characters", id)
	}
	ws.Close()
	ws, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if ws.ID() != id {
		t.Fatalf("reopened workspace id %s, want %s", ws.ID(), id)
	}
	var version int
	if err := ws.DB().QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != len(migrations) {
		t.Fatalf("user_version %d (%v), want %d", version, err, len(migrations))
	}
	var mode string
	if err := ws.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q (%v), want wal", mode, err)
	}
	for _, sub := range []string{"bundles", "exports", "tmp", "profiles"} {
		if st, err := os.Stat(filepath.Join(dir, sub)); err != nil || !st.IsDir() {
			t.Errorf("workspace has no %s/ directory", sub)
		}
	}
}

func TestActionsNeedAnOfficer(t *testing.T) {
	ws := openTest(t)
	_, err := ws.NewCase(context.Background(), Case{Ref: "OP-1"})
	if !errors.Is(err, ErrNoOfficer) {
		t.Fatalf("new case with no officer: %v, want ErrNoOfficer", err)
	}
	if n := len(events(t, ws, audit.Filter{})); n != 0 {
		t.Fatalf("a refused action left %d audit events", n)
	}
}

func TestOfficerAndCaseEventsAreAudited(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t, WithClock(fixedClock()))
	if _, err := ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.NewCase(ctx, Case{Ref: "OP-KESTREL-24", Title: "Kestrel", Classification: "OFFICIAL-SENSITIVE"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.NewCase(ctx, Case{Ref: "OP-KESTREL-24"}); !errors.Is(err, ErrCaseExists) {
		t.Fatalf("duplicate case: %v, want ErrCaseExists", err)
	}
	for _, bad := range []Case{{Ref: "../etc"}, {Ref: ""}, {Ref: "OP-2", Classification: "TOP"}} {
		if _, err := ws.NewCase(ctx, bad); err == nil {
			t.Errorf("new case %+v: no error", bad)
		}
	}
	if err := ws.CloseCase(ctx, "OP-KESTREL-24"); err != nil {
		t.Fatal(err)
	}
	if err := ws.CloseCase(ctx, "OP-KESTREL-24"); !errors.Is(err, ErrCaseClosed) {
		t.Fatalf("closing twice: %v, want ErrCaseClosed", err)
	}
	got := events(t, ws, audit.Filter{})
	// Each event carries the time its action's transaction began: one
	// tick of the clock per action, the refused duplicate included.
	want := []struct{ action, officer, caseRef, time string }{
		{"officer.set", "4127", "", "2026-11-23T09:00:01Z"},
		{"case.create", "4127", "OP-KESTREL-24", "2026-11-23T09:00:02Z"},
		{"case.close", "4127", "OP-KESTREL-24", "2026-11-23T09:00:04Z"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		e := got[i]
		if e.Action != w.action || e.Officer != w.officer || e.Case != w.caseRef || e.Time.Format(time.RFC3339) != w.time {
			t.Errorf("event %d = %s/%s/%s/%s, want %+v", i, e.Action, e.Officer, e.Case, e.Time.Format(time.RFC3339), w)
		}
		if e.OSUser == "" {
			t.Errorf("event %d has no OS user", i)
		}
	}
	if !strings.Contains(string(got[1].Detail), `"classification":"OFFICIAL-SENSITIVE"`) {
		t.Errorf("case.create detail %s lacks the classification", got[1].Detail)
	}
	rep, err := audit.Verify(ctx, ws.DB(), ws.ID())
	if err != nil || !rep.OK() {
		t.Fatalf("audit verify: %+v %v", rep, err)
	}
}
