package ripa

import (
	"reflect"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit/identifier"
)

// desk is a researcher's workstation in miniature: it keeps the views and
// authorisations the workspace would store, asks Check before each page
// and records what the researcher did.
type desk struct {
	t       *testing.T
	p       Policy
	officer string
	names   map[string]string
	history []View
	auths   []Authorisation
}

// answer is what the researcher does when Check asks.
type answer struct {
	justify string // record a justification with this text
	link    string // link this authorisation reference
	back    bool   // go back: nothing is viewed
}

// step is what a test expects Check to say.
type step struct {
	action  Action
	episode int
	ref     string // the active authorisation reported
	lapsed  string // the lapsed authorisation reported
}

// open asks Check about url at when, asserts the verdict, then records
// the view as the research browser would: linking the active
// authorisation, or answering an Ask with a.
func (d *desk) open(when time.Time, url string, subjects []string, want step, a answer) Verdict {
	d.t.Helper()
	var ss []Subject
	for _, id := range subjects {
		ss = append(ss, Subject{ID: id, Name: d.names[id]})
	}
	v := Check(d.p, when, ss, d.history, d.auths)
	got := step{action: v.Action, episode: v.EpisodeNumber}
	if v.Authorisation != nil {
		got.ref = v.Authorisation.Ref
	}
	if v.Lapsed != nil {
		got.lapsed = v.Lapsed.Ref
	}
	if got != want {
		d.t.Errorf("%s %s: got %+v, want %+v (reasons %q)", when.Format("Mon 15:04"), url, got, want, v.Reasons)
	}
	id, err := identifier.FromURL(url)
	if err != nil {
		d.t.Fatalf("canonicalise %s: %v", url, err)
	}
	view := View{ID: int64(len(d.history) + 1), Time: when, URL: url, Profile: ProfileKey(id),
		Officer: d.officer, Case: "OP-KESTREL-24", Persona: "overt", Subjects: subjects}
	if v.Authorisation != nil {
		view.Authorisation = v.Authorisation.Ref
	}
	if v.Action == Ask {
		switch {
		case a.back:
			return v
		case a.justify != "":
			j := Justification{Subject: v.Subject.ID, Officer: d.officer, Time: when, Text: a.justify,
				Factors: Factors{DirectedAtIndividual: true, RepeatedViewing: true, RecordedAndRetained: true}}
			if err := j.Validate(); err != nil {
				d.t.Fatalf("justification: %v", err)
			}
			view.Justified = []string{v.Subject.ID}
		case a.link != "":
			view.Authorisation = a.link
		default:
			d.t.Fatalf("%s: asked, but the test gave no answer", when.Format("Mon 15:04"))
		}
	}
	d.history = append(d.history, view)
	return v
}

// TestResearcherWeek follows one researcher looking at 'J Smith' over a
// week and a day, asserting every verdict and, at the end, the exact flags.
func TestResearcherWeek(t *testing.T) {
	d := &desk{t: t, p: DefaultPolicy(), officer: "4521", names: map[string]string{"s1": "J Smith"}}
	js := []string{"s1"}
	none := answer{}

	// Day 1 (Mon): the profile and two posts within 20 minutes, and a
	// friend's profile reached from them: one episode.
	d.open(at(1, 9, 0), "https://x.com/jsmith", js, step{action: Allow, episode: 1}, none)
	d.open(at(1, 9, 7), "https://x.com/jsmith/status/1001", js, step{action: Allow, episode: 1}, none)
	d.open(at(1, 9, 12), "https://x.com/friendofjs", nil, step{action: Allow}, none)
	d.open(at(1, 9, 19), "https://twitter.com/JSmith/status/1002", js, step{action: Allow, episode: 1}, none)

	// Day 3 (Wed): again. Warn before the 2nd episode, and during it.
	d.open(at(3, 14, 0), "https://x.com/jsmith", js, step{action: Warn, episode: 2}, none)
	d.open(at(3, 14, 10), "https://x.com/jsmith/status/1003", js, step{action: Warn, episode: 2}, none)
	if fs := Flags(d.p, d.history, d.auths); len(fs) != 0 {
		t.Fatalf("flags after day 3: %s, want none", flagLines(fs))
	}

	// Day 5 (Fri): the 3rd episode asks; no authorisation yet, so the
	// researcher records a justification and goes on under a warning.
	v := d.open(at(5, 10, 0), "https://x.com/jsmith", js, step{action: Ask, episode: 3},
		answer{justify: "Suspect in a live robbery enquiry; checking for posts about the stolen goods before the DSA is granted."})
	want := []string{"3rd viewing episode of 'J Smith' in 28 days; no authorisation covers them."}
	if !reflect.DeepEqual(v.Reasons, want) {
		t.Errorf("day 5 reasons %q, want %q", v.Reasons, want)
	}
	d.open(at(5, 10, 15), "https://x.com/jsmith/status/1004", js, step{action: Warn, episode: 3}, none)

	// Day 5, 11:00: the superintendent grants a DSA until Monday 11:00.
	dsa := Authorisation{Ref: "DSA-0042", Subjects: js, From: at(5, 11, 0), To: at(8, 11, 0),
		GrantedBy: "Supt A Jones", Notes: "Online research of J Smith, OP-KESTREL-24"}
	if err := dsa.Validate(); err != nil {
		t.Fatal(err)
	}
	d.auths = append(d.auths, dsa)
	d.open(at(5, 11, 30), "https://x.com/jsmith", js, step{action: Allow, episode: 4, ref: "DSA-0042"}, none)
	d.open(at(6, 10, 0), "https://x.com/jsmith", js, step{action: Allow, episode: 5, ref: "DSA-0042"}, none)
	d.open(at(8, 10, 59), "https://x.com/jsmith", js, step{action: Allow, episode: 6, ref: "DSA-0042"}, none)

	// Day 9 (Tue): the DSA expired on Monday at 11:00. Ask again; the
	// researcher links the expired DSA regardless. A further page in the
	// same episode asks again and the researcher goes back.
	v = d.open(at(9, 9, 0), "https://x.com/jsmith", js, step{action: Ask, episode: 7, lapsed: "DSA-0042"},
		answer{link: "DSA-0042"})
	want = []string{
		"7th viewing episode of 'J Smith' in 28 days; no authorisation covers them.",
		"Authorisation DSA-0042 expired at 2024-03-11 11:00 UTC.",
	}
	if !reflect.DeepEqual(v.Reasons, want) {
		t.Errorf("day 9 reasons %q, want %q", v.Reasons, want)
	}
	d.open(at(9, 9, 10), "https://x.com/jsmith/status/1005", js, step{action: Ask, episode: 7, lapsed: "DSA-0042"},
		answer{back: true})

	gotFlags := Flags(d.p, d.history, d.auths)
	wantFlags := []Flag{
		{Kind: FlagUnauthorisedRepeat, Subject: "s1", Time: at(5, 10, 0), View: 7, Episode: 3,
			Detail: "3rd viewing episode in 28 days with no authorisation in force."},
		{Kind: FlagJustification, Subject: "s1", Time: at(5, 10, 0), View: 7, Episode: 3,
			Detail: "Justification recorded at the 3rd viewing episode in 28 days."},
		{Kind: FlagUnauthorisedRepeat, Subject: "s1", Time: at(9, 9, 0), View: 12, Episode: 7,
			Detail: "7th viewing episode in 28 days with no authorisation in force."},
		{Kind: FlagExpiredAuthorisation, Subject: "s1", Time: at(9, 9, 0), View: 12, Episode: 7, Ref: "DSA-0042",
			Detail: "View linked to authorisation DSA-0042, which expired at 2024-03-11 11:00 UTC."},
	}
	if !reflect.DeepEqual(gotFlags, wantFlags) {
		t.Errorf("flags\n got:\n%s want:\n%s", flagLines(gotFlags), flagLines(wantFlags))
		for i := range gotFlags {
			t.Logf("%+v", gotFlags[i])
		}
	}

	if got := len(d.history); got != 12 {
		t.Errorf("%d views recorded, want 12", got)
	}
	if got := Collateral(d.p, d.history); !reflect.DeepEqual(got, map[string][]string{"s1": {"x:@friendofjs"}}) {
		t.Errorf("collateral %v, want s1: [x:@friendofjs]", got)
	}
	eps := Episodes(d.p, "s1", d.history)
	if len(eps) != 7 || !eps[2].Justified || !reflect.DeepEqual(eps[6].Authorisations, []string{"DSA-0042"}) {
		t.Errorf("episodes: %d, want 7 with the 3rd justified and the 7th linking DSA-0042", len(eps))
	}
}
