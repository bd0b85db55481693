package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// testClock is a workstation clock a test sets by hand; nothing sleeps.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// week0 is day 1 of the researcher's week: Monday 4 March 2024, as in
// audit/ripa/RULES.md.
var week0 = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

func day(d, hh, mm int) time.Time {
	return week0.Add(time.Duration(d-1)*24*time.Hour + time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// desk is a researcher's workstation: a workspace on a hand-set clock with
// an officer, case OP-KESTREL-24 and subject S1, J Smith (x.com/jsmith).
type desk struct {
	t     *testing.T
	ctx   context.Context
	ws    *Workspace
	clock *testClock
	seen  int64 // audit seq already asserted
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	d := &desk{t: t, ctx: context.Background(), clock: &testClock{t: day(1, 8, 0)}}
	d.ws = openTest(t, WithClock(d.clock.now))
	must(d.ws.SetOfficer(d.ctx, Officer{ID: "4127", Name: "DC Sam Patel"}))
	must(d.ws.NewCase(d.ctx, Case{Ref: "OP-KESTREL-24", Title: "Kestrel"}))
	must(d.ws.AddSubject(d.ctx, "OP-KESTREL-24", "J Smith", []string{"https://x.com/jsmith"}))
	d.seen = int64(len(events(t, d.ws, audit.Filter{})))
	return d
}

// must returns v, and panics (failing the test) on an error: for steps
// that only set the scene.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// view records a view of url at when and asserts its verdict, episode,
// authorisation linked and unresolved subjects.
func (d *desk) view(when time.Time, url string, want string, opts ...viewing.ViewOption) viewing.ViewCheck {
	d.t.Helper()
	d.clock.set(when)
	before := must(d.ws.Check(d.ctx, "OP-KESTREL-24", url))
	vc := must(d.ws.RecordView(d.ctx, "OP-KESTREL-24", url, "", opts...))
	if before.Verdict != vc.Verdict || before.EpisodeNumber != vc.EpisodeNumber {
		d.t.Errorf("%s: Check said %s ep%d, RecordView %s ep%d", url, before.Verdict, before.EpisodeNumber, vc.Verdict, vc.EpisodeNumber)
	}
	got := fmt.Sprintf("%s ep%d linked=%q unresolved=%d", vc.Verdict, vc.EpisodeNumber, vc.Linked, len(vc.Unresolved()))
	if got != want {
		d.t.Errorf("%s %s: got %s, want %s (reasons %q)", when.Format("Mon 15:04"), url, got, want, vc.Reasons)
	}
	return vc
}

// events asserts the audit events appended since the last call.
func (d *desk) events(want ...string) {
	d.t.Helper()
	evs := events(d.t, d.ws, audit.Filter{})[d.seen:]
	got := make([]string, len(evs))
	for i, e := range evs {
		got[i] = summarise(d.t, e)
	}
	if !slices.Equal(got, want) {
		d.t.Errorf("audit events:\n got  %q\n want %q", got, want)
	}
	d.seen += int64(len(evs))
}

// summarise writes an event as "Fri 10:00 view S1 ask ep3 auth= justified=S1 unresolved=".
func summarise(t *testing.T, e audit.Event) string {
	t.Helper()
	var d struct {
		Verdict, Authorisation, Ref string
		Choice, Reached             string
		Episode                     int
		Justified, Unresolved       []string
		Changes                     []string
		Text                        string
	}
	if err := json.Unmarshal(e.Detail, &d); err != nil {
		t.Fatalf("event %d detail %s: %v", e.Seq, e.Detail, err)
	}
	s := fmt.Sprintf("%s %s %s", e.Time.Format("Mon 15:04"), e.Action, strings.Join(e.Subjects, ","))
	switch {
	case e.Action == "view":
		s += fmt.Sprintf(" %s ep%d auth=%s justified=%s unresolved=%s", d.Verdict, d.Episode, d.Authorisation,
			strings.Join(d.Justified, ","), strings.Join(d.Unresolved, ","))
	case strings.HasPrefix(e.Action, "authorisation."):
		s += " " + d.Ref
	case e.Action == "justification":
		s += " " + d.Text
	case e.Action == "settings.change":
		s += " " + strings.Join(d.Changes, "; ")
	case e.Action == "navigation.decision":
		s += fmt.Sprintf(" %s ep%d %s auth=%s", d.Verdict, d.Episode, d.Choice, d.Authorisation)
	}
	if d.Reached != "" {
		s += " reached=" + d.Reached
	}
	return s
}

// TestResearchersWeek follows a researcher viewing J Smith over a week and
// asserts, step by step, the verdicts, the audit events and at the end the
// auditor's flags.
func TestResearchersWeek(t *testing.T) {
	d := newDesk(t)
	const (
		profile = "https://x.com/jsmith"
		post1   = "https://twitter.com/JSmith/status/1001"
		post2   = "https://mobile.twitter.com/jsmith/status/1002?s=20"
		friend  = "https://x.com/friendofjs"
	)
	// Day 1: the profile and two posts, one episode; a friend's profile.
	d.view(day(1, 9, 0), profile, `allow ep1 linked="" unresolved=0`)
	d.view(day(1, 9, 5), post1, `allow ep1 linked="" unresolved=0`)
	d.view(day(1, 9, 10), post2, `allow ep1 linked="" unresolved=0`)
	if vc := d.view(day(1, 9, 12), friend, `allow ep0 linked="" unresolved=0`); !vc.UnknownProfile || vc.Profile != "x:@friendofjs" {
		t.Errorf("a friend's profile: unknown %v, profile %q", vc.UnknownProfile, vc.Profile)
	}
	d.events(
		"Mon 09:00 view S1 allow ep1 auth= justified= unresolved=",
		"Mon 09:05 view S1 allow ep1 auth= justified= unresolved=",
		"Mon 09:10 view S1 allow ep1 auth= justified= unresolved=",
		"Mon 09:12 view  allow ep0 auth= justified= unresolved=",
	)

	// Day 3: the second episode is warned, with the history.
	vc := d.view(day(3, 10, 0), profile, `warn ep2 linked="" unresolved=0`)
	if len(vc.Episodes) != 1 || vc.Episodes[0].Views != 3 || !vc.Episodes[0].Start.Equal(day(1, 9, 0)) ||
		!vc.Episodes[0].End.Equal(day(1, 9, 10)) || vc.Subjects[0].Name != "J Smith" {
		t.Errorf("day 3 history: %+v", vc)
	}
	d.events("Wed 10:00 view S1 warn ep2 auth= justified= unresolved=")

	// Day 5: the rules ask; the researcher records a justification, views,
	// and goes on within the episode under a warning.
	d.clock.set(day(5, 9, 59))
	if c := must(d.ws.Check(d.ctx, "OP-KESTREL-24", profile)); c.Verdict != ripa.Ask || len(c.Unresolved()) != 1 {
		t.Fatalf("day 5 check: %+v", c)
	}
	must(d.ws.Justify(d.ctx, "OP-KESTREL-24", "s1", ripa.Factors{DirectedAtIndividual: true, RepeatedViewing: true},
		"Confirming the threat posted on day 3 is still online."))
	d.view(day(5, 10, 0), profile, `ask ep3 linked="" unresolved=0`)
	d.view(day(5, 10, 15), post1, `warn ep3 linked="" unresolved=0`)
	d.events(
		"Fri 09:59 justification S1 Confirming the threat posted on day 3 is still online.",
		"Fri 10:00 view S1 ask ep3 auth= justified=S1 unresolved=",
		"Fri 10:15 view S1 warn ep3 auth= justified= unresolved=",
	)

	// An authorisation from day 5 11:00 to day 8 11:00: views under it are
	// allowed and carry its reference.
	d.clock.set(day(5, 10, 30))
	must(d.ws.AddAuthorisation(d.ctx, viewing.Authorisation{Ref: "DSA-0042", Case: "OP-KESTREL-24", Subjects: []string{"S1"},
		From: day(5, 11, 0), To: day(8, 11, 0), GrantedBy: "Supt A Khan"}))
	d.view(day(6, 9, 0), profile, `allow ep4 linked="DSA-0042" unresolved=0`)
	d.view(day(6, 9, 20), post2, `allow ep4 linked="DSA-0042" unresolved=0`)
	d.events(
		"Fri 10:30 authorisation.add S1 DSA-0042",
		"Sat 09:00 view S1 allow ep4 auth=DSA-0042 justified= unresolved=",
		"Sat 09:20 view S1 allow ep4 auth=DSA-0042 justified= unresolved=",
	)

	// It is ended early on day 7; the next view asks, says it lapsed, and
	// is recorded unresolved.
	d.clock.set(day(7, 9, 0))
	must(d.ws.ExpireAuthorisation(d.ctx, "OP-KESTREL-24", "DSA-0042"))
	vc = d.view(day(7, 10, 0), profile, `ask ep5 linked="" unresolved=1`)
	if vc.Lapsed != "DSA-0042" || !strings.Contains(strings.Join(vc.Reasons, " "), "Authorisation DSA-0042 expired at 2024-03-10 09:00 UTC.") {
		t.Errorf("day 7 after expiry: lapsed %q, reasons %q", vc.Lapsed, vc.Reasons)
	}
	d.events(
		"Sun 09:00 authorisation.expire S1 DSA-0042",
		"Sun 10:00 view S1 ask ep5 auth= justified= unresolved=S1",
	)

	d.clock.set(day(8, 12, 0))
	assertFlags(t, must(d.ws.Flags(d.ctx, "OP-KESTREL-24")),
		"Fri 10:00 unauthorised-repeat S1 ep3 ref= https://x.com/jsmith",
		"Fri 10:00 justification S1 ep3 ref= https://x.com/jsmith",
		"Sun 10:00 unauthorised-repeat S1 ep5 ref= https://x.com/jsmith",
		"Sun 10:00 expired-authorisation S1 ep5 ref=DSA-0042 https://x.com/jsmith",
		"- collateral-intrusion S1 ep0 ref= [x:@friendofjs]",
	)
	verifyChain(t, d.ws)
}

func assertFlags(t *testing.T, flags []viewing.Flag, want ...string) {
	t.Helper()
	got := make([]string, len(flags))
	for i, f := range flags {
		when, where := "-", f.URL
		if !f.Time.IsZero() {
			when = f.Time.Format("Mon 15:04")
		}
		if f.Kind == viewing.FlagCollateral {
			where = fmt.Sprint(f.Profiles)
		}
		got[i] = fmt.Sprintf("%s %s %s ep%d ref=%s %s", when, f.Kind, f.Subject, f.Episode, f.Ref, where)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flags:\n got  %q\n want %q", got, want)
	}
}

func verifyChain(t *testing.T, ws *Workspace) audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), ws.DB(), ws.ID())
	if err != nil || !rep.OK() {
		t.Fatalf("audit verify: %+v, %v", rep, err)
	}
	return rep
}
