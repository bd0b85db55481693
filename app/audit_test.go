package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// viewedOnDays views S1 of viewedThrice again on three later days, through
// a second Workspace on the same directory with its own clock, as a CLI
// process beside the app would.
func viewedOnDays(t *testing.T) func(context.Context, *workspace.Workspace) {
	return func(ctx context.Context, ws *workspace.Workspace) {
		t.Helper()
		viewedThrice(t)(ctx, ws)
		day := time.Now().UTC().Add(24 * time.Hour)
		cli, err := workspace.Open(ctx, ws.Dir(), workspace.WithClock(func() time.Time { return day }))
		if err != nil {
			t.Fatal(err)
		}
		defer cli.Close()
		for range 3 {
			if _, err := cli.RecordView(ctx, "OP-1", "https://x.com/jsmith", ""); err != nil {
				t.Fatal(err)
			}
			day = day.Add(24 * time.Hour)
		}
	}
}

func TestAuditTabFiltersVerifiesAndFlags(t *testing.T) {
	u, _ := newTestUI(t, Options{}, viewedOnDays(t))
	tab := u.newAuditTab()
	test.NewTempWindow(t, tab.object())
	tab.show("OP-1")
	waitIdle(t, u, captureTimeout)
	if tab.list.Length() != 9 || !strings.Contains(eventLine(tab.events[0]), "view  [S1]  https://x.com/jsmith") {
		t.Fatalf("%d events listed; newest %q", tab.list.Length(), eventLine(tab.events[0]))
	}
	if !strings.HasPrefix(tab.summary.Text, "Events 1–9 of 9, newest first") {
		t.Errorf("summary %q", tab.summary.Text)
	}
	for _, want := range []string{"unauthorised-repeat  S1 J Smith  3rd viewing episode", "collateral-intrusion  S1 J Smith"} {
		if !strings.Contains(tab.flags.Text, want) {
			t.Errorf("flags lack %q:\n%s", want, tab.flags.Text)
		}
	}
	test.Type(tab.action, "subject.add")
	test.Tap(button(tab.object(), "Apply filters"))
	waitIdle(t, u, captureTimeout)
	if tab.list.Length() != 1 {
		t.Errorf("action filter listed %d events", tab.list.Length())
	}
	// The flags are derived again only once the log has grown.
	u.Do(func() { tab.flags.SetText("as derived before") })
	test.Tap(button(tab.object(), "Apply filters"))
	waitIdle(t, u, captureTimeout)
	if tab.flags.Text != "as derived before" {
		t.Errorf("flags derived again for the same log: %q", tab.flags.Text)
	}
	if _, err := u.ws.RecordView(context.Background(), "OP-1", "https://x.com/jsmith", ""); err != nil {
		t.Fatal(err)
	}
	test.Tap(button(tab.object(), "Apply filters"))
	waitIdle(t, u, captureTimeout)
	if !strings.Contains(tab.flags.Text, "unauthorised-repeat  S1 J Smith") {
		t.Errorf("flags not derived again after a view:\n%s", tab.flags.Text)
	}
	tab.to.SetText("yesterday")
	test.Tap(button(tab.object(), "Apply filters"))
	tapInDialog(t, u, "OK")

	test.Tap(tab.verify)
	waitIdle(t, u, captureTimeout)
	if !strings.HasPrefix(tab.chain.Text, "✓ intact: 11 events") {
		t.Errorf("chain status %q", tab.chain.Text)
	}
}

// TestAuditTabPages pages through a log longer than a page, newest first,
// and back, each page read by seq.
func TestAuditTabPages(t *testing.T) {
	const views = 2*auditPage + 50
	u, _ := newTestUI(t, Options{}, func(ctx context.Context, ws *workspace.Workspace) {
		withOfficerAndCase(t, "OP-1")(ctx, ws)
		for i := range views {
			if _, err := ws.RecordView(ctx, "OP-1", fmt.Sprintf("https://example.org/%d", i), ""); err != nil {
				t.Fatal(err)
			}
		}
	})
	tab := u.newAuditTab()
	test.NewTempWindow(t, tab.object())
	tab.show("OP-1")
	waitIdle(t, u, captureTimeout)
	total := views + 1 // and the case's creation
	if want := fmt.Sprintf("Events 1–%d of %d", auditPage, total); !strings.HasPrefix(tab.summary.Text, want) {
		t.Fatalf("summary %q, want %q", tab.summary.Text, want)
	}
	if tab.newer.Disabled() == false || tab.older.Disabled() {
		t.Fatal("first page: Newer should be off and Older on")
	}
	newest := tab.events[0].Seq
	var seen []int64
	for !tab.older.Disabled() {
		for _, e := range tab.events {
			seen = append(seen, e.Seq)
		}
		test.Tap(tab.older)
		waitIdle(t, u, captureTimeout)
	}
	for _, e := range tab.events {
		seen = append(seen, e.Seq)
	}
	if len(seen) != total || seen[0] != newest || !slices.IsSortedFunc(seen, func(a, b int64) int { return cmp.Compare(b, a) }) {
		t.Fatalf("paged through %d events (want %d), first %d, in order %v", len(seen), total, seen[0],
			slices.IsSortedFunc(seen, func(a, b int64) int { return cmp.Compare(b, a) }))
	}
	if !strings.HasPrefix(tab.summary.Text, fmt.Sprintf("Events %d–%d of %d", 2*auditPage+1, total, total)) {
		t.Errorf("last page summary %q", tab.summary.Text)
	}
	test.Tap(tab.newer)
	waitIdle(t, u, captureTimeout)
	if tab.events[0].Seq != seen[auditPage] {
		t.Errorf("Newer showed from seq %d, want %d", tab.events[0].Seq, seen[auditPage])
	}
}

func TestFlagsTextShowsTheLastFlagsOfMany(t *testing.T) {
	var flags []viewing.Flag
	for i := range 3 * flagLines {
		flags = append(flags, viewing.Flag{Kind: "unauthorised-repeat", Subject: "S1", SubjectName: "J Smith",
			Time: time.Date(2025, 1, 1, 0, i, 0, 0, time.UTC), Detail: fmt.Sprintf("flag %d", i)})
	}
	flags = append(flags, viewing.Flag{Kind: "unauthorised-repeat", Subject: "S2", Detail: "another subject"})
	lines := strings.Split(flagsText(flags, "S1"), "\n")
	if len(lines) != flagLines+1 || !strings.HasPrefix(lines[0], fmt.Sprintf("The last %d of %d flags", flagLines, 3*flagLines)) ||
		!strings.HasSuffix(lines[len(lines)-1], fmt.Sprintf("flag %d", 3*flagLines-1)) {
		t.Errorf("%d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	if got := flagsText(flags[:2], ""); strings.Count(got, "\n") != 1 || strings.Contains(got, "The last") {
		t.Errorf("two flags: %q", got)
	}
	var profiles []string
	for i := range flagProfiles + 3 {
		profiles = append(profiles, fmt.Sprintf("x:@p%02d", i))
	}
	got := flagsText([]viewing.Flag{{Kind: viewing.FlagCollateral, Subject: "S1", Profiles: profiles}}, "")
	if !strings.HasSuffix(got, fmt.Sprintf("x:@p%02d and 3 more", flagProfiles-1)) {
		t.Errorf("collateral flag of %d profiles: %q", len(profiles), got)
	}
}
