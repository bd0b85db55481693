package workspace

import (
	"errors"
	"slices"
	"testing"

	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// askAbout brings J Smith to the stop-and-ask: two earlier episodes, then
// the check before the third.
func askAbout(d *desk, url string) viewing.ViewCheck {
	d.t.Helper()
	d.view(day(1, 9, 0), "https://x.com/jsmith", `allow ep1 linked="" unresolved=0`)
	d.view(day(2, 9, 0), "https://x.com/jsmith", `warn ep2 linked="" unresolved=0`)
	d.clock.set(day(3, 9, 0))
	vc := must(d.ws.Check(d.ctx, "OP-KESTREL-24", url))
	if vc.Verdict != ripa.Ask || len(vc.Unresolved()) != 1 {
		d.t.Fatalf("check before the third episode: %s, unresolved %v", vc.Verdict, vc.Unresolved())
	}
	d.events("Mon 09:00 view S1 allow ep1 auth= justified= unresolved=", "Tue 09:00 view S1 warn ep2 auth= justified= unresolved=")
	return vc
}

// TestDecideBack: going back is audited and records no view.
func TestDecideBack(t *testing.T) {
	d := newDesk(t)
	vc := askAbout(d, "https://x.com/JSmith/status/42")
	if err := d.ws.Decide(d.ctx, "OP-KESTREL-24", "", vc, Decision{Choice: ChoiceBack}); err != nil {
		t.Fatal(err)
	}
	d.events("Wed 09:00 navigation.decision S1 ask ep3 back auth=")
	after := must(d.ws.Check(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith"))
	if after.Verdict != ripa.Ask || after.EpisodeNumber != 3 {
		t.Errorf("after going back: %s ep%d; nothing was viewed, so still ask ep3", after.Verdict, after.EpisodeNumber)
	}
}

// TestDecideJustify: the justification is recorded before the page loads
// and applies to the view that follows, recorded as reached by a link.
func TestDecideJustify(t *testing.T) {
	d := newDesk(t)
	url := "https://x.com/JSmith/status/42"
	vc := askAbout(d, url)
	err := d.ws.Decide(d.ctx, "OP-KESTREL-24", "", vc, Decision{Choice: ChoiceJustify,
		Factors: ripa.Factors{BuildsProfile: true}, Text: "Threat to life."})
	if err != nil {
		t.Fatal(err)
	}
	d.events("Wed 09:00 justification S1 Threat to life.", "Wed 09:00 navigation.decision S1 ask ep3 justify auth=")
	d.view(day(3, 9, 0), url, `ask ep3 linked="" unresolved=0`,
		viewing.Loaded(url, "J Smith on X"), viewing.Reached(viewing.ReachedLink, "tab-1"))
	d.events("Wed 09:00 view S1 ask ep3 auth= justified=S1 unresolved= reached=link")
}

// TestDecideLink: relying on an authorisation needs one recorded in the
// case; the decision names it and the view that follows carries it. One
// that is no longer in force can be linked, and the auditor sees it.
func TestDecideLink(t *testing.T) {
	d := newDesk(t)
	must(d.ws.AddAuthorisation(d.ctx, viewing.Authorisation{Ref: "DSA-1", Case: "OP-KESTREL-24", Subjects: []string{"S1"},
		From: day(2, 12, 0), To: day(2, 18, 0)}))
	d.seen++
	url := "https://x.com/jsmith"
	vc := askAbout(d, url)
	err := d.ws.Decide(d.ctx, "OP-KESTREL-24", "", vc, Decision{Choice: ChoiceLink, Authorisation: "DSA-404"})
	if !errors.Is(err, viewing.ErrAuthorisationNotFound) {
		t.Errorf("linking an unknown authorisation: %v", err)
	}
	if err := d.ws.Decide(d.ctx, "OP-KESTREL-24", "", vc, Decision{Choice: ChoiceLink, Authorisation: "DSA-1"}); err != nil {
		t.Fatal(err)
	}
	d.events("Wed 09:00 navigation.decision S1 ask ep3 link auth=DSA-1")
	d.view(day(3, 9, 0), url, `ask ep3 linked="DSA-1" unresolved=1`, viewing.LinkAuthorisation("DSA-1"))
	flags := must(d.ws.Flags(d.ctx, "OP-KESTREL-24"))
	if !slices.ContainsFunc(flags, func(f viewing.Flag) bool { return f.Kind == "expired-authorisation" && f.Ref == "DSA-1" }) {
		t.Errorf("flags %+v: want the view under expired DSA-1 flagged", flags)
	}
	if err := d.ws.Decide(d.ctx, "OP-KESTREL-24", "", viewing.ViewCheck{URL: url}, Decision{Choice: ChoiceBack}); !errors.Is(err, ErrNotAsked) {
		t.Errorf("deciding when nothing is asked: %v, want ErrNotAsked", err)
	}
}
