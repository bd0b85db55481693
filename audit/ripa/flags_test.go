package ripa

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// flagLine is a flag in one line for comparison: kind subject view
// episode ref.
func flagLine(f Flag) string {
	s := fmt.Sprintf("%s %s v%d ep%d", f.Kind, f.Subject, f.View, f.Episode)
	if f.Ref != "" {
		s += " " + f.Ref
	}
	return s
}

func flagLines(fs []Flag) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(flagLine(f) + "\n")
	}
	return b.String()
}

// numbered gives views IDs 1, 2, ... in the order given.
func numbered(vs ...View) []View {
	for i := range vs {
		vs[i].ID = int64(i + 1)
	}
	return vs
}

func TestFlags(t *testing.T) {
	dsa := func(ref string, from, to time.Time, subjects ...string) Authorisation {
		return Authorisation{Ref: ref, Subjects: subjects, From: from, To: to}
	}
	linked := func(t time.Time, ref string, subjects ...string) View {
		return View{Time: t, Subjects: subjects, Authorisation: ref}
	}
	justified := func(t time.Time, subjects []string, justified ...string) View {
		return View{Time: t, Subjects: subjects, Justified: justified}
	}
	tests := []struct {
		name    string
		p       func(*Policy)
		history []View
		auths   []Authorisation
		want    []string
	}{
		{name: "two episodes: nothing to flag",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(1, 9, 20), "s1"), seen(at(3, 9, 0), "s1"))},
		{name: "each episode past the threshold once, at its first view",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"), seen(at(5, 9, 0), "s1"), seen(at(5, 9, 10), "s1"), seen(at(6, 9, 0), "s1")),
			want:    []string{"unauthorised-repeat s1 v3 ep3", "unauthorised-repeat s1 v5 ep4"}},
		{name: "views out of order are replayed in time order",
			history: numbered(seen(at(6, 9, 0), "s1"), seen(at(5, 9, 0), "s1"), seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1")),
			want:    []string{"unauthorised-repeat s1 v2 ep3", "unauthorised-repeat s1 v1 ep4"}},
		{name: "an episode exactly 28 days before still counts",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(10, 9, 0), "s1"), seen(at(29, 9, 0), "s1"), seen(at(29, 10, 0), "s1")),
			want:    []string{"unauthorised-repeat s1 v3 ep3", "unauthorised-repeat s1 v4 ep3"}},
		{name: "episodes leave the window",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(10, 9, 0), "s1"), seen(at(29, 9, 1), "s1"), seen(at(29, 10, 0), "s1")),
			want:    []string{"unauthorised-repeat s1 v4 ep3"}},
		{name: "authorised episodes are not flagged",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"), seen(at(5, 9, 0), "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(4, 0, 0), at(6, 0, 0), "s1")}},
		{name: "authorisation granted during the episode: flagged once for its uncovered start",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"), seen(at(5, 9, 0), "s1"), linked(at(5, 9, 20), "DSA-1", "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(5, 9, 10), at(8, 0, 0), "s1")},
			want:    []string{"unauthorised-repeat s1 v3 ep3"}},
		{name: "authorisation expiring during the episode: its uncovered end is flagged",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"), seen(at(5, 9, 0), "s1"), seen(at(5, 9, 20), "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(4, 0, 0), at(5, 9, 10), "s1")},
			want:    []string{"unauthorised-repeat s1 v4 ep3", "expired-authorisation s1 v4 ep3 DSA-1"}},
		{name: "view linked to an expired authorisation, below the threshold",
			history: numbered(linked(at(9, 9, 0), "DSA-1", "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(1, 0, 0), at(8, 0, 0), "s1")},
			want:    []string{"expired-authorisation s1 v1 ep1 DSA-1"}},
		{name: "view linked at exactly the expiry",
			history: numbered(linked(at(8, 0, 0), "DSA-1", "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(1, 0, 0), at(8, 0, 0), "s1")},
			want:    []string{"expired-authorisation s1 v1 ep1 DSA-1"}},
		{name: "view linked before the authorisation took effect",
			history: numbered(linked(at(1, 0, 0), "DSA-1", "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(1, 0, 1), at(8, 0, 0), "s1")},
			want:    []string{"expired-authorisation s1 v1 ep1 DSA-1"}},
		{name: "view linked to a renewal under the same reference",
			history: numbered(linked(at(10, 9, 0), "DSA-1", "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(1, 0, 0), at(8, 0, 0), "s1"), dsa("DSA-1", at(8, 0, 0), at(20, 0, 0), "s1")}},
		{name: "view linked to an authorisation of another subject: not under it",
			history: numbered(linked(at(9, 9, 0), "DSA-2", "s1")),
			auths:   []Authorisation{dsa("DSA-2", at(1, 0, 0), at(8, 0, 0), "s2")}},
		{name: "view linked to an unknown reference",
			history: numbered(linked(at(9, 9, 0), "DSA-9", "s1")),
			want:    []string{"unknown-authorisation s1 v1 ep1 DSA-9"}},
		{name: "after expiry, past the threshold, every view is flagged",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"), seen(at(9, 9, 0), "s1"), seen(at(9, 9, 5), "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(2, 0, 0), at(8, 0, 0), "s1")},
			want: []string{"unauthorised-repeat s1 v3 ep3", "expired-authorisation s1 v3 ep3 DSA-1",
				"expired-authorisation s1 v4 ep3 DSA-1"}},
		{name: "after expiry, below the threshold: no flag",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(9, 9, 0), "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(2, 0, 0), at(8, 0, 0), "s1")}},
		{name: "expiry before the window is not an expired authorisation",
			history: numbered(seen(at(40, 9, 0), "s1"), seen(at(41, 9, 0), "s1"), seen(at(42, 9, 0), "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(2, 0, 0), at(8, 0, 0), "s1")},
			want:    []string{"unauthorised-repeat s1 v3 ep3"}},
		{name: "linked and lapsed on one view is one expired flag",
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"), linked(at(9, 9, 0), "DSA-1", "s1")),
			auths:   []Authorisation{dsa("DSA-1", at(2, 0, 0), at(8, 0, 0), "s1")},
			want:    []string{"unauthorised-repeat s1 v3 ep3", "expired-authorisation s1 v3 ep3 DSA-1"}},
		{name: "every justification is flagged, wanted or not",
			history: numbered(justified(at(1, 9, 0), []string{"s1"}, "s1"), seen(at(3, 9, 0), "s1"), justified(at(5, 9, 0), []string{"s1"}, "s1")),
			want:    []string{"justification s1 v1 ep1", "unauthorised-repeat s1 v3 ep3", "justification s1 v3 ep3"}},
		{name: "justification for a subject the view did not match",
			history: numbered(justified(at(1, 9, 0), []string{"s1"}, "s2")),
			want:    []string{"justification s2 v1 ep0"}},
		{name: "subjects are flagged separately, sorted by time then subject",
			history: numbered(seen(at(1, 9, 0), "s2", "s1"), seen(at(3, 9, 0), "s2", "s1"), seen(at(5, 9, 0), "s2", "s1"), seen(at(6, 9, 0), "s2")),
			auths:   []Authorisation{dsa("DSA-1", at(1, 0, 0), at(40, 0, 0), "s1")},
			want:    []string{"unauthorised-repeat s2 v3 ep3", "unauthorised-repeat s2 v4 ep4"}},
		{name: "policy override: ask at 2 over 7 days",
			p:       func(p *Policy) { p.AskAtEpisode, p.Window = 2, 7*day },
			history: numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"), seen(at(20, 9, 0), "s1")),
			want:    []string{"unauthorised-repeat s1 v2 ep2"}},
		{name: "mentions are never flagged",
			history: numbered(View{Time: at(1, 9, 0), Mentions: []string{"s1"}}, View{Time: at(3, 9, 0), Mentions: []string{"s1"}}, View{Time: at(5, 9, 0), Mentions: []string{"s1"}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flagLines(Flags(policy(tt.p), tt.history, tt.auths))
			want := ""
			for _, w := range tt.want {
				want += w + "\n"
			}
			if got != want {
				t.Errorf("flags\n got:\n%s want:\n%s", got, want)
			}
		})
	}
}

func TestFlagDetails(t *testing.T) {
	history := numbered(seen(at(1, 9, 0), "s1"), seen(at(3, 9, 0), "s1"),
		View{Time: at(9, 9, 0), Subjects: []string{"s1"}, Justified: []string{"s1"}},
		View{Time: at(10, 9, 0), Subjects: []string{"s1"}, Authorisation: "DSA-1"},
		View{Time: at(11, 9, 0), Subjects: []string{"s1"}, Authorisation: "DSA-7"})
	auths := []Authorisation{{Ref: "DSA-1", Subjects: []string{"s1"}, From: at(2, 0, 0), To: at(8, 0, 0)}}
	var got []string
	for _, f := range Flags(DefaultPolicy(), history, auths) {
		got = append(got, string(f.Kind)+": "+f.Detail)
	}
	want := []string{
		"unauthorised-repeat: 3rd viewing episode in 28 days with no authorisation in force.",
		"expired-authorisation: 3rd viewing episode in 28 days after authorisation DSA-1 expired at 2024-03-11 00:00 UTC.",
		"justification: Justification recorded at the 3rd viewing episode in 28 days.",
		"unauthorised-repeat: 4th viewing episode in 28 days with no authorisation in force.",
		"expired-authorisation: View linked to authorisation DSA-1, which expired at 2024-03-11 00:00 UTC.",
		"unauthorised-repeat: 5th viewing episode in 28 days with no authorisation in force.",
		"expired-authorisation: 5th viewing episode in 28 days after authorisation DSA-1 expired at 2024-03-11 00:00 UTC.",
		"unknown-authorisation: View linked to authorisation DSA-7, which is not recorded.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("details\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
