package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func TestViewOfSeveralSubjectsIsDecidedByTheStrictest(t *testing.T) {
	d := newDesk(t)
	// The crew posts through J Smith's account as well as its group.
	must(d.ws.AddSubject(d.ctx, "OP-KESTREL-24", "Northside Crew",
		[]string{"https://www.facebook.com/groups/northsidecrew", "x:@jsmith"}))
	must(d.ws.AddAuthorisation(d.ctx, viewing.Authorisation{Ref: "DSA-1", Case: "OP-KESTREL-24", Subjects: []string{"S2"},
		From: day(1, 0, 0), To: day(30, 0, 0)}))
	d.seen += 2
	d.view(day(1, 9, 0), "https://x.com/jsmith", `allow ep1 linked="DSA-1" unresolved=0`)
	d.view(day(2, 9, 0), "https://x.com/jsmith", `warn ep2 linked="DSA-1" unresolved=0`)
	vc := d.view(day(3, 9, 0), "https://x.com/jsmith/status/5", `ask ep3 linked="DSA-1" unresolved=1`)
	if len(vc.Subjects) != 2 || vc.Subjects[0].ID != "S1" || vc.Subjects[1].Authorisation != "DSA-1" ||
		vc.Unresolved()[0].Name != "J Smith" {
		t.Errorf("3rd view: %+v", vc.Subjects)
	}
	d.view(day(3, 9, 5), "https://m.facebook.com/groups/northsidecrew/posts/77", `allow ep3 linked="DSA-1" unresolved=0`)
	d.events(
		"Mon 09:00 view S1,S2 allow ep1 auth=DSA-1 justified= unresolved=",
		"Tue 09:00 view S1,S2 warn ep2 auth=DSA-1 justified= unresolved=",
		"Wed 09:00 view S1,S2 ask ep3 auth=DSA-1 justified= unresolved=S1",
		"Wed 09:05 view S2 allow ep3 auth=DSA-1 justified= unresolved=",
	)
}

func TestRecordViewRefusesWhatItCannotRecord(t *testing.T) {
	d := newDesk(t)
	d.clock.set(day(1, 9, 0))
	_, err := d.ws.RecordView(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith", "", viewing.LinkAuthorisation("DSA-404"))
	if !errors.Is(err, viewing.ErrAuthorisationNotFound) {
		t.Errorf("link to an unknown authorisation: %v", err)
	}
	_, err = d.ws.RecordView(d.ctx, "OP-KESTREL-24", "https://example.org/news", "", viewing.WithJustification(ripa.Factors{}, "why"))
	if !errors.Is(err, viewing.ErrNothingToJustify) {
		t.Errorf("justification for a page of no subject: %v", err)
	}
	_, err = d.ws.RecordView(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith", "", viewing.WithJustification(ripa.Factors{}, "  "))
	if err == nil || !strings.Contains(err.Error(), "no reasons given") {
		t.Errorf("justification without text: %v", err)
	}
	if _, err := d.ws.RecordView(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith", "covert-9"); !errors.Is(err, ErrPersonaNotFound) {
		t.Errorf("unknown persona: %v", err)
	}
	if _, err := d.ws.RecordView(d.ctx, "OP-NONE", "https://x.com/jsmith", ""); !errors.Is(err, ErrCaseNotFound) {
		t.Errorf("unknown case: %v", err)
	}
	if _, err := d.ws.Check(d.ctx, "OP-KESTREL-24", "ftp://x.com/jsmith"); !errors.Is(err, identifier.ErrNotHTTP) {
		t.Errorf("check of an ftp URL: %v", err)
	}
	d.events() // nothing refused left an event
	if vc := must(d.ws.Check(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith")); vc.EpisodeNumber != 1 || !vc.NewEpisode {
		t.Errorf("refused views were counted: %+v", vc)
	}
	if err := d.ws.CloseCase(d.ctx, "OP-KESTREL-24"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ws.RecordView(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith", ""); !errors.Is(err, ErrCaseClosed) {
		t.Errorf("view in a closed case: %v", err)
	}
}

func TestJustificationWithTheViewResolvesTheAsk(t *testing.T) {
	d := newDesk(t)
	for i, want := range []string{`allow ep1 linked="" unresolved=0`, `warn ep2 linked="" unresolved=0`} {
		d.view(day(1+2*i, 9, 0), "https://x.com/jsmith", want)
	}
	d.events("Mon 09:00 view S1 allow ep1 auth= justified= unresolved=", "Wed 09:00 view S1 warn ep2 auth= justified= unresolved=")
	f := ripa.Factors{BuildsProfile: true}
	vc := d.view(day(5, 9, 0), "https://x.com/jsmith", `ask ep3 linked="" unresolved=0`, viewing.WithJustification(f, "Threat to life."))
	if strings.Join(vc.Justified, ",") != "S1" {
		t.Errorf("justified %v", vc.Justified)
	}
	d.events("Fri 09:00 justification S1 Threat to life.", "Fri 09:00 view S1 ask ep3 auth= justified=S1 unresolved=")
	js := must(d.ws.Justifications(d.ctx, "OP-KESTREL-24"))
	if len(js) != 1 || js[0].View != vc.View || !js[0].Factors.BuildsProfile || js[0].Officer != "4127" {
		t.Errorf("justifications %+v", js)
	}
}

func TestCapturedPagesCountAsViews(t *testing.T) {
	d := newDesk(t)
	c := Capture{ID: "20240304T090000Z-abcdef", Case: "OP-KESTREL-24", Officer: "4127", Persona: DefaultPersona,
		URL: "https://t.co/abc", FinalURL: "https://x.com/JSmith/status/1001", Started: day(1, 9, 0)}
	err := d.ws.act(d.ctx, need{}, func(tx *tx) ([]audit.Event, error) {
		_, events, err := viewing.Record(d.ctx, tx.Tx, ripa.DefaultPolicy(), viewing.View{Case: c.Case, URL: c.URL,
			Seen: c.FinalURL, Persona: c.Persona, Officer: c.Officer, Capture: c.ID, Time: c.Started})
		return events, err
	})
	if err != nil {
		t.Fatal(err)
	}
	d.events("Mon 09:00 view S1 allow ep1 auth= justified= unresolved=")
	ev := events(t, d.ws, audit.Filter{Action: "view"})[0]
	var detail map[string]any
	if err := json.Unmarshal(ev.Detail, &detail); err != nil {
		t.Fatal(err)
	}
	if ev.URL != c.URL || detail["capture"] != c.ID || detail["final_url"] != c.FinalURL || detail["key"] != "x:status:1001" {
		t.Errorf("capture's view event: url %s, detail %s", ev.URL, ev.Detail)
	}
	d.view(day(2, 9, 0), "https://x.com/jsmith", `warn ep2 linked="" unresolved=0`)
}

func TestViewsAreAppendOnly(t *testing.T) {
	d := newDesk(t)
	d.view(day(1, 9, 0), "https://x.com/jsmith", `allow ep1 linked="" unresolved=0`)
	db := d.ws.writer
	for _, stmt := range []string{`UPDATE views SET url = 'x'`, `DELETE FROM views`, `DELETE FROM view_subjects`,
		`UPDATE view_subjects SET time = '2000-01-01T00:00:00.000Z'`} {
		if _, err := db.ExecContext(context.Background(), stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", stmt, err)
		}
	}
}

// TestSubjectAddedAfterItsViewsCountsThem adds a subject for a profile
// viewed before: the earlier views count, and an event says which.
func TestSubjectAddedAfterItsViewsCountsThem(t *testing.T) {
	d := newDesk(t)
	d.view(day(1, 9, 0), "https://x.com/friendofjs", `allow ep0 linked="" unresolved=0`)
	d.view(day(1, 9, 1), "https://twitter.com/FriendOfJS/status/77", `allow ep0 linked="" unresolved=0`)
	d.view(day(1, 9, 2), "https://x.com/jsmith", `allow ep1 linked="" unresolved=0`)
	d.events(
		"Mon 09:00 view  allow ep0 auth= justified= unresolved=",
		"Mon 09:01 view  allow ep0 auth= justified= unresolved=",
		"Mon 09:02 view S1 allow ep1 auth= justified= unresolved=",
	)
	d.clock.set(day(2, 9, 0))
	if _, err := d.ws.AddSubject(d.ctx, "OP-KESTREL-24", "Friend", []string{"x:@friendofjs"}); err != nil {
		t.Fatal(err)
	}
	d.events("Tue 09:00 subject.add S2", "Tue 09:00 subject.rematch S2")
	if ev := events(t, d.ws, audit.Filter{Action: "subject.rematch"}); string(ev[0].Detail) != `{"views":[1,2]}` {
		t.Errorf("rematch detail %s", ev[0].Detail)
	}
	d.view(day(2, 9, 5), "https://x.com/friendofjs", `warn ep2 linked="" unresolved=0`)
	if h := must(d.ws.SubjectViewing(d.ctx, "S2")); h.Views != 3 || h.Episodes[0].Views != 2 {
		t.Errorf("S2's history %+v", h)
	}
}

// A captured post whose URL names no author (instagram.com/p/…) counts as
// a view of its author's subjects by the author its page shows.
func TestCapturedPostMatchesTheAuthorOnThePage(t *testing.T) {
	ws := openTest(t)
	ctx := context.Background()
	must(ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}))
	must(ws.NewCase(ctx, Case{Ref: "OP-1"}))
	must(ws.AddSubject(ctx, "OP-1", "J Smith", []string{"https://www.instagram.com/jsmith/"}))
	for i, author := range []string{"JSmith", ""} {
		c := Capture{ID: fmt.Sprintf("20261203T091422Z-00000%d", i), Case: "OP-1", Officer: "4127", Persona: DefaultPersona,
			URL: "https://www.instagram.com/p/C0abc123/", FinalURL: "https://www.instagram.com/p/C0abc123/", Started: ws.Now(), Ended: ws.Now()}
		if err := ws.record(ctx, c, author, nil); err != nil {
			t.Fatal(err)
		}
	}
	views := events(t, ws, audit.Filter{Action: "view"})
	if len(views) != 2 || !slices.Equal(views[0].Subjects, []string{"S1"}) || len(views[1].Subjects) != 0 {
		t.Errorf("view subjects: by the page's author %v, without one %v", views[0].Subjects, views[1].Subjects)
	}
}
