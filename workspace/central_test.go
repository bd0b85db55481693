package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// station is one officer's workstation configured with the central store:
// its own workspace, case and subject J Smith under the URL form given.
type station struct {
	ws      *Workspace
	caseRef string
	subject string
}

func newStation(t *testing.T, dsn string, clock *testClock, officer, caseRef, idForm string) *station {
	t.Helper()
	ctx := context.Background()
	ws := openTest(t, WithClock(clock.now), WithCentral(dsn))
	must(ws.SetOfficer(ctx, Officer{ID: officer, Name: "DC " + officer}))
	must(ws.NewCase(ctx, Case{Ref: caseRef, Title: caseRef}))
	s := must(ws.AddSubject(ctx, caseRef, "J Smith", []string{idForm}))
	return &station{ws: ws, caseRef: caseRef, subject: s.ID}
}

func (s *station) sync(t *testing.T) SyncReport {
	t.Helper()
	rep, err := s.ws.Sync(context.Background(), nil)
	if err != nil {
		t.Fatalf("sync %s: %v", s.caseRef, err)
	}
	return rep
}

func (s *station) view(t *testing.T, url string) viewing.ViewCheck {
	t.Helper()
	vc, err := s.ws.RecordView(context.Background(), s.caseRef, url, "")
	if err != nil {
		t.Fatalf("view %s in %s: %v", url, s.caseRef, err)
	}
	return vc
}

// TestCentralCountsAcrossWorkstations is the force-wide scenario: three
// officers on three workstations each view J Smith, under different URL
// forms, in three cases. Alone, each would see an allowed first or second
// episode; with the central store the third workstation's next view is
// "ask", an authorisation recorded on one covers the others after sync,
// and each case is told of the others.
func TestCentralCountsAcrossWorkstations(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	ts := central.StartTestServer(t, "")
	clock := &testClock{t: day(1, 8, 0)}
	a := newStation(t, ts.Workstation, clock, "1001", "OP-A", "https://x.com/jsmith")
	b := newStation(t, ts.Workstation, clock, "1002", "OP-B", "https://twitter.com/JSmith/")
	c := newStation(t, ts.Workstation, clock, "1003", "OP-C", "x:@JSmith")

	clock.set(day(1, 10, 0))
	if vc := a.view(t, "https://mobile.twitter.com/jsmith"); vc.Verdict != ripa.Allow || vc.Central != viewing.CentralCounted {
		t.Fatalf("first view on A: %s (central %q), want allow, counted", vc.Verdict, vc.Central)
	}
	a.sync(t)
	clock.set(day(2, 10, 0))
	vc := b.view(t, "https://x.com/jsmith/status/1234567890")
	if vc.Verdict != ripa.Warn || vc.CentralViews != 1 {
		t.Fatalf("B's view after A's: %s with %d central views, want warn with 1", vc.Verdict, vc.CentralViews)
	}
	b.sync(t)

	clock.set(day(3, 10, 0))
	local, err := viewing.Check(context.Background(), c.ws.DB(), ripa.DefaultPolicy(), c.caseRef, "https://www.x.com/jsmith", clock.now())
	if err != nil || local.Verdict != ripa.Allow {
		t.Fatalf("C alone: %v %v, want allow", local.Verdict, err)
	}
	vc = c.view(t, "https://www.x.com/jsmith")
	if vc.Verdict != ripa.Ask || vc.EpisodeNumber != 3 || vc.CentralViews != 2 {
		t.Fatalf("C's view after A's and B's: %s episode %d, %d central views, want ask, 3, 2", vc.Verdict, vc.EpisodeNumber, vc.CentralViews)
	}
	c.sync(t)

	// An authorisation recorded on A covers J Smith on B and C once synced.
	must(a.ws.AddAuthorisation(context.Background(), viewing.Authorisation{Case: a.caseRef, Ref: "DSA-1",
		Subjects: []string{a.subject}, From: day(1, 0, 0), To: day(29, 0, 0), GrantedBy: "Supt Grey"}))
	a.sync(t)
	clock.set(day(4, 10, 0))
	check := must(c.ws.Check(context.Background(), c.caseRef, "https://x.com/jsmith"))
	if check.Verdict != ripa.Allow || check.Authorisation != "DSA-1 (OP-A)" {
		t.Fatalf("C after A's authorisation: %s under %q, want allow under DSA-1 (OP-A)", check.Verdict, check.Authorisation)
	}

	// Deconfliction: after every station synced, each case knows the two
	// others hold J Smith (who, which case, since when), and the notices
	// are audited on both sides.
	for _, s := range []*station{a, b, c, a, b, c} {
		s.sync(t)
	}
	for _, s := range []*station{a, b, c} {
		ds, err := s.ws.Deconflictions(context.Background(), s.caseRef)
		if err != nil {
			t.Fatal(err)
		}
		var others []string
		for _, d := range ds {
			if !slices.Contains(others, d.OtherCase) {
				others = append(others, d.OtherCase)
			}
			if d.Officer == "" || d.Since.IsZero() {
				t.Errorf("%s: notice %+v lacks who or since when", s.caseRef, d)
			}
		}
		slices.Sort(others)
		want := slices.DeleteFunc([]string{"OP-A", "OP-B", "OP-C"}, func(r string) bool { return r == s.caseRef })
		if !slices.Equal(others, want) {
			t.Errorf("%s was told of %v, want %v", s.caseRef, others, want)
		}
		if evs := events(t, s.ws, audit.Filter{Action: "deconfliction"}); len(evs) < 2 {
			t.Errorf("%s: %d deconfliction events, want one per other case", s.caseRef, len(evs))
		}
	}

	// The store holds every chain whole, signed checkpoints included.
	for _, s := range []*station{a, b, c} {
		if err := s.ws.Checkpoint(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.sync(t)
	}
	store, err := central.Open(context.Background(), ts.Auditor)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	reps, err := store.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 3 {
		t.Fatalf("verify: %d chains, want 3", len(reps))
	}
	for _, r := range reps {
		if !r.OK() || r.Checkpoints == 0 {
			t.Errorf("chain %.12s: %+v", r.Workstation, r.Report)
		}
	}
}

// TestCentralUnreachable: with the store down the local check runs, the
// verdict says the central count is missing, and the gap is audited.
func TestCentralUnreachable(t *testing.T) {
	clock := &testClock{t: day(1, 8, 0)}
	dsn := "host=" + filepath.Join(t.TempDir(), "no-server") + " user=nobody dbname=none sslmode=disable connect_timeout=5"
	s := newStation(t, dsn, clock, "1001", "OP-A", "https://x.com/jsmith")
	clock.set(day(1, 10, 0))
	vc := s.view(t, "https://x.com/jsmith")
	if vc.Verdict != ripa.Allow || vc.Central != viewing.CentralMissing || vc.CentralError == "" {
		t.Fatalf("view with the store down: %s, central %q (%q)", vc.Verdict, vc.Central, vc.CentralError)
	}
	if !slices.ContainsFunc(vc.Reasons, func(r string) bool { return strings.Contains(r, "central store could not be reached") }) {
		t.Errorf("reasons %q do not say the central count is missing", vc.Reasons)
	}
	if _, err := s.ws.Check(context.Background(), s.caseRef, "https://x.com/jsmith"); err != nil {
		t.Fatal(err)
	}
	if evs := events(t, s.ws, audit.Filter{Action: "central.missing"}); len(evs) != 2 {
		t.Fatalf("%d central.missing events, want one for the view and one for the check", len(evs))
	}
	if _, err := s.ws.Sync(context.Background(), nil); err == nil {
		t.Fatal("sync with the store down succeeded")
	}
}

// TestCentralRefusesRewrittenHistory: a copy of a workstation taken before
// a sync goes on with a different history; the store refuses it, naming
// the first seq that differs, and records the refusal.
func TestCentralRefusesRewrittenHistory(t *testing.T) {
	ts := central.StartTestServer(t, "")
	ctx := context.Background()
	dir := t.TempDir()
	ws, err := Open(ctx, dir, WithClock(fixedClock()), WithCentral(ts.Workstation))
	if err != nil {
		t.Fatal(err)
	}
	must(ws.SetOfficer(ctx, Officer{ID: "1001", Name: "DC A"}))
	must(ws.NewCase(ctx, Case{Ref: "OP-A", Title: "A"}))
	ws.Close()
	fork := filepath.Join(t.TempDir(), "fork")
	copyDir(t, dir, fork)
	fork1 := len(events(t, reopen(t, fork, ts.Workstation), audit.Filter{})) + 1

	orig := reopen(t, dir, ts.Workstation)
	must(orig.NewCase(ctx, Case{Ref: "OP-B", Title: "B"}))
	if _, err := orig.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	forked := reopen(t, fork, ts.Workstation)
	must(forked.NewCase(ctx, Case{Ref: "OP-REWRITTEN", Title: "not what happened"}))
	_, err = forked.Sync(ctx, nil)
	var re *central.RefusedError
	if !errors.As(err, &re) || re.Seq != int64(fork1) {
		t.Fatalf("sync of the rewritten workstation: %v, want a refusal at seq %d", err, fork1)
	}
	store, err := central.Open(ctx, ts.Auditor)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	refusals, err := store.Refusals(ctx)
	if err != nil || len(refusals) != 1 || refusals[0].Seq != int64(fork1) || refusals[0].Workstation != ws.ID() {
		t.Fatalf("refusals %+v %v, want one at seq %d", refusals, err, fork1)
	}
	if evs := events(t, forked, audit.Filter{Action: "sync"}); len(evs) != 1 || !strings.Contains(string(evs[0].Detail), `"refused_seq"`) {
		t.Fatalf("the refused sync is not audited: %v", evs)
	}
}

func reopen(t *testing.T, dir, dsn string) *Workspace {
	t.Helper()
	ws, err := Open(context.Background(), dir, WithClock(fixedClock()), WithCentral(dsn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func copyDir(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if fi.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, fi.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}
