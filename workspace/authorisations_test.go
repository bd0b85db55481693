package workspace

import (
	"errors"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/workspace/viewing"
)

func TestAuthorisationsAreValidatedListedAndExpired(t *testing.T) {
	d := newDesk(t)
	must(d.ws.NewCase(d.ctx, Case{Ref: "OP-2"}))
	must(d.ws.AddSubject(d.ctx, "OP-2", "K Jones", []string{"x:@kjones"}))
	d.seen += 2
	d.clock.set(day(1, 9, 0))
	a := viewing.Authorisation{Ref: " DSA-0042 ", Case: "OP-KESTREL-24", Subjects: []string{"s1", "S1"},
		From: day(1, 11, 0), To: day(8, 11, 0), GrantedBy: "Supt A Khan", Notes: "3 months"}
	got := must(d.ws.AddAuthorisation(d.ctx, a))
	if got.Ref != "DSA-0042" || strings.Join(got.Subjects, ",") != "S1" || got.Officer != "4127" || got.State(day(1, 9, 0)) != "pending" {
		t.Errorf("added %+v", got)
	}
	for name, bad := range map[string]struct {
		a    viewing.Authorisation
		want error
		text string
	}{
		"duplicate ref":         {a: a, want: viewing.ErrAuthorisationExists},
		"subject of other case": {a: viewing.Authorisation{Ref: "X", Case: "OP-KESTREL-24", Subjects: []string{"S2"}, From: day(1, 0, 0), To: day(2, 0, 0)}, want: viewing.ErrSubjectNotFound},
		"unknown subject":       {a: viewing.Authorisation{Ref: "X", Case: "OP-KESTREL-24", Subjects: []string{"S9"}, From: day(1, 0, 0), To: day(2, 0, 0)}, want: viewing.ErrSubjectNotFound},
		"unknown case":          {a: viewing.Authorisation{Ref: "X", Case: "OP-9", Subjects: []string{"S1"}, From: day(1, 0, 0), To: day(2, 0, 0)}, want: ErrCaseNotFound},
		"backwards period":      {a: viewing.Authorisation{Ref: "X", Case: "OP-KESTREL-24", Subjects: []string{"S1"}, From: day(2, 0, 0), To: day(1, 0, 0)}, text: "is not after start"},
		"no subjects":           {a: viewing.Authorisation{Ref: "X", Case: "OP-KESTREL-24", From: day(1, 0, 0), To: day(2, 0, 0)}, text: "no subjects"},
		"no ref":                {a: viewing.Authorisation{Case: "OP-KESTREL-24", Subjects: []string{"S1"}, From: day(1, 0, 0), To: day(2, 0, 0)}, text: "no reference"},
	} {
		_, err := d.ws.AddAuthorisation(d.ctx, bad.a)
		if err == nil || (bad.want != nil && !errors.Is(err, bad.want)) || !strings.Contains(err.Error(), bad.text) {
			t.Errorf("%s: %v", name, err)
		}
	}
	d.clock.set(day(2, 9, 0))
	exp := must(d.ws.ExpireAuthorisation(d.ctx, "OP-KESTREL-24", "DSA-0042"))
	if !exp.To.Equal(day(2, 9, 0)) || !exp.Expired.Equal(day(2, 9, 0)) || exp.State(day(2, 9, 0)) != "expired" {
		t.Errorf("expired %+v", exp)
	}
	if _, err := d.ws.ExpireAuthorisation(d.ctx, "OP-KESTREL-24", "DSA-0042"); !errors.Is(err, viewing.ErrAuthorisationExpired) {
		t.Errorf("expiring twice: %v", err)
	}
	if _, err := d.ws.ExpireAuthorisation(d.ctx, "OP-KESTREL-24", "DSA-9"); !errors.Is(err, viewing.ErrAuthorisationNotFound) {
		t.Errorf("expiring an unknown one: %v", err)
	}
	// One not yet in force is cancelled: its period becomes empty.
	must(d.ws.AddAuthorisation(d.ctx, viewing.Authorisation{Ref: "DSA-0043", Case: "OP-KESTREL-24", Subjects: []string{"S1"},
		From: day(9, 0, 0), To: day(20, 0, 0)}))
	if c := must(d.ws.ExpireAuthorisation(d.ctx, "OP-KESTREL-24", "DSA-0043")); !c.To.Equal(c.From) {
		t.Errorf("cancelled %+v", c)
	}
	list := must(d.ws.Authorisations(d.ctx, "OP-KESTREL-24"))
	if len(list) != 2 || list[0].Ref != "DSA-0042" || list[0].GrantedBy != "Supt A Khan" || list[1].Ref != "DSA-0043" {
		t.Errorf("list %+v", list)
	}
	d.events(
		"Mon 09:00 authorisation.add S1 DSA-0042",
		"Tue 09:00 authorisation.expire S1 DSA-0042",
		"Tue 09:00 authorisation.add S1 DSA-0043",
		"Tue 09:00 authorisation.expire S1 DSA-0043",
	)
}
