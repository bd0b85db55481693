package ripa

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

var (
	smith = Subject{ID: "s1", Name: "J Smith"}
	crew  = Subject{ID: "s2", Name: "Northside Crew"}
)

func TestCheck(t *testing.T) {
	ms := time.Millisecond
	now := at(29, 12, 0)
	auth := func(ref string, from, to time.Time, subjects ...string) Authorisation {
		return Authorisation{Ref: ref, Subjects: subjects, From: from, To: to}
	}
	type want struct {
		action   Action
		subject  string
		episode  int
		new      bool
		prior    int // len(Episodes)
		authRef  string
		lapsed   string
		justifed bool
	}
	tests := []struct {
		name     string
		p        func(*Policy) // changes to the default policy
		subjects []Subject
		history  []View
		auths    []Authorisation
		want     want
	}{
		{name: "no subjects", want: want{action: Allow, new: true}},
		{name: "first view", subjects: []Subject{smith},
			want: want{Allow, "s1", 1, true, 0, "", "", false}},
		{name: "continuing the first episode at exactly the gap", subjects: []Subject{smith},
			history: viewsAt("s1", now.Add(-40*time.Minute), now.Add(-30*time.Minute)),
			want:    want{Allow, "s1", 1, false, 1, "", "", false}},
		{name: "gap plus 1ms warns before the 2nd episode", subjects: []Subject{smith},
			history: viewsAt("s1", now.Add(-30*time.Minute-ms)),
			want:    want{Warn, "s1", 2, true, 1, "", "", false}},
		{name: "continuing the 2nd episode still warns", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), now.Add(-10*time.Minute)),
			want:    want{Warn, "s1", 2, false, 2, "", "", false}},
		{name: "3rd episode asks", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			want:    want{Ask, "s1", 3, true, 2, "", "", false}},
		{name: "continuing an unanswered 3rd episode asks again", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0), now.Add(-5*time.Minute)),
			want:    want{Ask, "s1", 3, false, 3, "", "", false}},
		{name: "continuing a justified 3rd episode warns", subjects: []Subject{smith},
			history: append(viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
				View{Time: now.Add(-5 * time.Minute), Subjects: []string{"s1"}, Justified: []string{"s1"}}),
			want: want{Warn, "s1", 3, false, 3, "", "", true}},
		{name: "a justification in an earlier episode does not carry over", subjects: []Subject{smith},
			history: append(viewsAt("s1", at(20, 9, 0)),
				View{Time: at(25, 9, 0), Subjects: []string{"s1"}, Justified: []string{"s1"}}),
			want: want{Ask, "s1", 3, true, 2, "", "", false}},
		{name: "justification for another subject does not answer", subjects: []Subject{smith},
			history: append(viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
				View{Time: now.Add(-5 * time.Minute), Subjects: []string{"s1", "s2"}, Justified: []string{"s2"}}),
			want: want{Ask, "s1", 3, false, 3, "", "", false}},
		{name: "window start is inclusive: a view exactly 28 days ago counts", subjects: []Subject{smith},
			history: viewsAt("s1", now.Add(-28*day), at(25, 9, 0)),
			want:    want{Ask, "s1", 3, true, 2, "", "", false}},
		{name: "a view 28 days and 1ms ago does not count", subjects: []Subject{smith},
			history: viewsAt("s1", now.Add(-28*day-ms), at(25, 9, 0)),
			want:    want{Warn, "s1", 2, true, 1, "", "", false}},
		{name: "an episode straddling the window start counts once", subjects: []Subject{smith},
			history: viewsAt("s1", now.Add(-28*day-10*time.Minute), now.Add(-28*day+10*time.Minute), at(25, 9, 0)),
			want:    want{Ask, "s1", 3, true, 2, "", "", false}},
		{name: "views of other subjects and mentions do not count", subjects: []Subject{smith},
			history: []View{seen(at(20, 9, 0), "s2"), {Time: at(25, 9, 0), Mentions: []string{"s1"}}, seen(at(26, 9, 0), "s1")},
			want:    want{Warn, "s1", 2, true, 1, "", "", false}},
		{name: "a view recorded after now counts as at now", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0), now.Add(time.Hour)),
			want:    want{Ask, "s1", 3, false, 3, "", "", false}},
		{name: "active authorisation allows", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			auths:   []Authorisation{auth("DSA-1", at(25, 0, 0), at(40, 0, 0), "s1")},
			want:    want{Allow, "s1", 3, true, 2, "DSA-1", "", false}},
		{name: "authorisation from exactly now is active", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			auths:   []Authorisation{auth("DSA-1", now, at(40, 0, 0), "s1")},
			want:    want{Allow, "s1", 3, true, 2, "DSA-1", "", false}},
		{name: "authorisation from now plus 1ms is not yet active", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			auths:   []Authorisation{auth("DSA-1", now.Add(ms), at(40, 0, 0), "s1")},
			want:    want{Ask, "s1", 3, true, 2, "", "", false}},
		{name: "authorisation expiring exactly now has lapsed", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			auths:   []Authorisation{auth("DSA-1", at(1, 0, 0), now, "s1")},
			want:    want{Ask, "s1", 3, true, 2, "", "DSA-1", false}},
		{name: "authorisation expiring 1ms after now is active", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			auths:   []Authorisation{auth("DSA-1", at(1, 0, 0), now.Add(ms), "s1")},
			want:    want{Allow, "s1", 3, true, 2, "DSA-1", "", false}},
		{name: "authorisation that lapsed before the window is not reported", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			auths:   []Authorisation{auth("DSA-1", t0.Add(-40*day), now.Add(-28*day-ms), "s1")},
			want:    want{Ask, "s1", 3, true, 2, "", "", false}},
		{name: "authorisation of another subject does not cover", subjects: []Subject{smith},
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			auths:   []Authorisation{auth("DSA-2", at(1, 0, 0), at(40, 0, 0), "s2")},
			want:    want{Ask, "s1", 3, true, 2, "", "", false}},
		{name: "linking an authorisation is not what covers: the period is", subjects: []Subject{smith},
			history: []View{seen(at(20, 9, 0), "s1"), {Time: at(25, 9, 0), Subjects: []string{"s1"}, Authorisation: "DSA-1"}},
			auths:   []Authorisation{auth("DSA-1", at(25, 0, 0), at(26, 0, 0), "s1")},
			want:    want{Ask, "s1", 3, true, 2, "", "DSA-1", false}},
		{name: "of two active authorisations the one running longest is reported", subjects: []Subject{smith},
			auths: []Authorisation{auth("DSA-1", at(1, 0, 0), at(30, 0, 0), "s1"), auth("DSA-2", at(2, 0, 0), at(50, 0, 0), "s1", "s2"), auth("DSA-3", at(3, 0, 0), at(40, 0, 0), "s1")},
			want:  want{Allow, "s1", 1, true, 0, "DSA-2", "", false}},
		{name: "strictest subject decides: ask beats allow", subjects: []Subject{smith, crew},
			history: viewsAt("s2", at(20, 9, 0), at(25, 9, 0)),
			want:    want{Ask, "s2", 3, true, 2, "", "", false}},
		{name: "strictest subject decides: warn beats an authorised ask", subjects: []Subject{smith, crew},
			history: []View{seen(at(20, 9, 0), "s1", "s2"), seen(at(25, 9, 0), "s1")},
			auths:   []Authorisation{auth("DSA-1", at(1, 0, 0), at(40, 0, 0), "s1")},
			want:    want{Warn, "s2", 2, true, 1, "", "", false}},
		{name: "equal actions: the higher episode decides", subjects: []Subject{smith, crew},
			history: []View{seen(at(10, 9, 0), "s2"), seen(at(20, 9, 0), "s1", "s2"), seen(at(25, 9, 0), "s2")},
			want:    want{Ask, "s2", 4, true, 3, "", "", false}},
		{name: "equal actions and episodes: the first given decides", subjects: []Subject{crew, smith, crew},
			history: []View{seen(at(20, 9, 0), "s1", "s2")},
			want:    want{Warn, "s2", 2, true, 1, "", "", false}},
		{name: "policy override: warn at 3, ask at 5", subjects: []Subject{smith},
			p:       func(p *Policy) { p.WarnAtEpisode, p.AskAtEpisode = 3, 5 },
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			want:    want{Warn, "s1", 3, true, 2, "", "", false}},
		{name: "policy override: ask at 5 reached", subjects: []Subject{smith},
			p:       func(p *Policy) { p.WarnAtEpisode, p.AskAtEpisode = 3, 5 },
			history: viewsAt("s1", at(20, 9, 0), at(21, 9, 0), at(22, 9, 0), at(25, 9, 0)),
			want:    want{Ask, "s1", 5, true, 4, "", "", false}},
		{name: "policy override: 7-day window", subjects: []Subject{smith},
			p:       func(p *Policy) { p.Window = 7 * day },
			history: viewsAt("s1", at(20, 9, 0), at(25, 9, 0)),
			want:    want{Warn, "s1", 2, true, 1, "", "", false}},
		{name: "policy override: 2h gap joins views 90 minutes apart", subjects: []Subject{smith},
			p:       func(p *Policy) { p.EpisodeGap = 2 * time.Hour },
			history: viewsAt("s1", now.Add(-90*time.Minute)),
			want:    want{Allow, "s1", 1, false, 1, "", "", false}},
		{name: "policy override: ask equal to warn asks", subjects: []Subject{smith},
			p:       func(p *Policy) { p.WarnAtEpisode, p.AskAtEpisode = 2, 2 },
			history: viewsAt("s1", at(25, 9, 0)),
			want:    want{Ask, "s1", 2, true, 1, "", "", false}},
		{name: "zero policy fails safe", subjects: []Subject{smith}, p: func(p *Policy) { *p = Policy{} },
			want: want{Ask, "s1", 1, true, 0, "", "", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Check(policy(tt.p), now, tt.subjects, tt.history, tt.auths)
			got := want{v.Action, v.Subject.ID, v.EpisodeNumber, v.NewEpisode, len(v.Episodes), "", "", v.Justified}
			if v.Authorisation != nil {
				got.authRef = v.Authorisation.Ref
			}
			if v.Lapsed != nil {
				got.lapsed = v.Lapsed.Ref
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v\nreasons %q", got, tt.want, v.Reasons)
			}
		})
	}
}

func TestCheckReasons(t *testing.T) {
	p := DefaultPolicy()
	now := at(29, 12, 0)
	two := viewsAt("s1", at(20, 9, 0), at(25, 9, 0))
	dsa := Authorisation{Ref: "DSA-1", Subjects: []string{"s1"}, From: at(1, 0, 0), To: at(29, 11, 0)}
	tests := []struct {
		name    string
		history []View
		auths   []Authorisation
		want    []string
	}{
		{"allow says nothing", nil, nil, nil},
		{"warn", two[:1], nil, []string{
			"2nd viewing episode of 'J Smith' in 28 days; from the 3rd an authorisation or a justification is needed."}},
		{"ask", two, nil, []string{
			"3rd viewing episode of 'J Smith' in 28 days; no authorisation covers them."}},
		{"ask after expiry", two, []Authorisation{dsa}, []string{
			"3rd viewing episode of 'J Smith' in 28 days; no authorisation covers them.",
			"Authorisation DSA-1 expired at 2024-04-01 11:00 UTC."}},
		{"ask again within the episode", append(slices.Clone(two), seen(now.Add(-time.Minute), "s1")), nil, []string{
			"Still in the 3rd viewing episode of 'J Smith' in 28 days; no authorisation covers them and no justification has been recorded."}},
		{"justified", append(slices.Clone(two), View{Time: now.Add(-time.Minute), Subjects: []string{"s1"}, Justified: []string{"s1"}}), nil, []string{
			"3rd viewing episode of 'J Smith' in 28 days, continuing after the justification recorded for it; no authorisation covers them."}},
		{"authorised", two, []Authorisation{{Ref: "DSA-2", Subjects: []string{"s1"}, From: at(1, 0, 0), To: at(40, 0, 0)}}, []string{
			"3rd viewing episode of 'J Smith' in 28 days; authorisation DSA-2 covers them until 2024-04-12 00:00 UTC."}},
		{"authorised first view", nil, []Authorisation{{Ref: "DSA-2", Subjects: []string{"s1"}, From: at(1, 0, 0), To: at(40, 0, 0)}}, []string{
			"Authorisation DSA-2 covers 'J Smith' until 2024-04-12 00:00 UTC."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Check(p, now, []Subject{smith}, tt.history, tt.auths)
			if !reflect.DeepEqual(v.Reasons, tt.want) {
				t.Errorf("reasons\n got %q\nwant %q", v.Reasons, tt.want)
			}
		})
	}
}

func TestCheckReasonsForEverySubjectStrictestFirst(t *testing.T) {
	history := []View{seen(at(20, 9, 0), "s1", "s2"), seen(at(25, 9, 0), "s2")}
	v := Check(DefaultPolicy(), at(29, 12, 0), []Subject{smith, {ID: "s2"}}, history, nil)
	want := []string{
		"3rd viewing episode of 's2' in 28 days; no authorisation covers them.",
		"2nd viewing episode of 'J Smith' in 28 days; from the 3rd an authorisation or a justification is needed.",
	}
	if !reflect.DeepEqual(v.Reasons, want) {
		t.Errorf("reasons\n got %q\nwant %q", v.Reasons, want)
	}
	if len(v.Subjects) != 2 || v.Subjects[0].Subject.ID != "s2" || v.Subjects[1].Action != Warn {
		t.Errorf("subjects %+v, want s2 (ask) then s1 (warn)", v.Subjects)
	}
}

func TestCheckEpisodesIndexHistory(t *testing.T) {
	history := []View{seen(at(25, 9, 0), "s1"), seen(at(20, 9, 5), "s1"), seen(at(20, 9, 0), "s1"), seen(at(1, 9, 0), "s1")}
	v := Check(DefaultPolicy(), at(29, 12, 0), []Subject{smith}, history, nil)
	if len(v.Episodes) != 2 || !reflect.DeepEqual(v.Episodes[0].Views, []int{2, 1}) || !reflect.DeepEqual(v.Episodes[1].Views, []int{0}) {
		t.Errorf("episodes %+v, want [[2 1] [0]] (the view of day 1 is outside the window)", v.Episodes)
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th", 0: "0th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}
