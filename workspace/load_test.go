package workspace

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/internal/testenv"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// TestLargeWorkspace is the short version of the load benchmarks
// (BenchmarkListsAt1MEvents and the rest): the same workspace, with
// 20,000 views and their events (1,000,000 under make stress), read the
// ways the app and the CLI read it. Each paged read covers what the whole
// read does, once and in order, and the derived findings honour the
// authorisation at that size: S1 is flagged, S2, viewed alike under
// DSA-1, is not while it is in force.
func TestLargeWorkspace(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	events := testenv.Scale(20_000, benchEvents)
	ctx := context.Background()
	dir := t.TempDir()
	ws := must(Open(ctx, dir, WithClock(func() time.Time { return largeEnd(events) })))
	if err := fillLarge(ctx, ws, events); err != nil {
		t.Fatal(err)
	}
	ws.Close()
	ws = must(Open(ctx, dir, WithClock(func() time.Time { return largeEnd(events) })))
	defer ws.Close()

	rep, err := ws.VerifyAudit(ctx)
	if err != nil || !rep.OK() || rep.Events < int64(events) {
		t.Fatalf("verify: %+v, %v", rep, err)
	}

	all := must(ws.Captures(ctx, benchCase))
	if n := must(ws.CountCaptures(ctx, benchCase)); n != len(all) || n <= 100 {
		t.Fatalf("%d captures counted, %d listed, want the same, and more than a page", n, len(all))
	}
	var paged []Capture
	for last := (Capture{}); ; {
		page := must(ws.CapturesBefore(ctx, benchCase, last, 100))
		if len(page) == 0 {
			break
		}
		paged, last = append(paged, page...), page[len(page)-1]
	}
	slices.Reverse(paged)
	if !slices.EqualFunc(paged, all, func(a, b Capture) bool { return a.ID == b.ID }) {
		t.Fatalf("pages of captures (%d) differ from the whole list (%d)", len(paged), len(all))
	}

	var seqs []int64
	f := audit.Filter{Case: benchCase, Newest: true, Limit: 200}
	for {
		page := must(ws.AuditEvents(ctx, f))
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			seqs = append(seqs, e.Seq)
		}
		f.Before = page[len(page)-1].Seq
	}
	newestFirst := func(a, b int64) bool { return a > b }
	for i := 1; i < len(seqs); i++ {
		if !newestFirst(seqs[i-1], seqs[i]) {
			t.Fatalf("seq %d listed after seq %d", seqs[i], seqs[i-1])
		}
	}
	if n := must(ws.CountAuditEvents(ctx, audit.Filter{Case: benchCase})); int64(len(seqs)) != n {
		t.Fatalf("paged through %d events of the case, counted %d", len(seqs), n)
	}

	var views int
	if err := ws.reader.QueryRowContext(ctx, `SELECT count(*) FROM view_subjects WHERE subject = 1`).Scan(&views); err != nil {
		t.Fatal(err)
	}
	if v := must(ws.SubjectViewing(ctx, "S1")); v.Views != views || views == 0 {
		t.Errorf("S1 viewed %d times, history says %d", views, v.Views)
	}
	flags := must(ws.Flags(ctx, benchCase))
	kinds := map[string]int{}
	for _, fl := range flags {
		kinds[fl.Subject+" "+fl.Kind]++
		if fl.Subject == "S2" && fl.Kind == string(ripa.FlagUnauthorisedRepeat) && fl.Time.Before(authorisedUntil(events)) {
			t.Fatalf("S2 flagged while DSA-1 covered it: %+v", fl)
		}
	}
	for _, want := range []string{"S1 " + string(ripa.FlagUnauthorisedRepeat), "S1 " + viewing.FlagCollateral} {
		if kinds[want] == 0 {
			t.Errorf("no %s flag among %d flags", want, len(flags))
		}
	}
}
