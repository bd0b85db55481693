package ripa

import (
	"reflect"
	"testing"
	"time"
)

// span of an episode in the tests: start and end as minutes after t0 and
// the indices of its views.
type epWant struct {
	start, end float64
	views      []int
}

func TestEpisodes(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name  string
		p     Policy
		views []View
		want  []epWant
	}{
		{"none", DefaultPolicy(), nil, nil},
		{"one view", DefaultPolicy(), viewsAt("s1", mins(0)), []epWant{{0, 0, []int{0}}}},
		{"exactly the gap continues", DefaultPolicy(),
			viewsAt("s1", mins(0), mins(30)), []epWant{{0, 30, []int{0, 1}}}},
		{"gap plus 1ms starts a new episode", DefaultPolicy(),
			viewsAt("s1", mins(0), mins(30).Add(ms)),
			[]epWant{{0, 0, []int{0}}, {30 + 1.0/60000, 30 + 1.0/60000, []int{1}}}},
		{"gap measured from the previous view, not the first", DefaultPolicy(),
			viewsAt("s1", mins(0), mins(25), mins(50), mins(75), mins(100)),
			[]epWant{{0, 100, []int{0, 1, 2, 3, 4}}}},
		{"out of order", DefaultPolicy(),
			viewsAt("s1", mins(50), mins(0), mins(200), mins(25)),
			[]epWant{{0, 50, []int{1, 3, 0}}, {200, 200, []int{2}}}},
		{"ties keep the order given", DefaultPolicy(),
			viewsAt("s1", mins(5), mins(5), mins(0)),
			[]epWant{{0, 5, []int{2, 0, 1}}}},
		{"other subjects and mentions do not count", DefaultPolicy(),
			[]View{seen(mins(0), "s2"), {Time: mins(10), Mentions: []string{"s1"}}, seen(mins(20), "s2", "s1"), seen(mins(100), "s1")},
			[]epWant{{20, 20, []int{2}}, {100, 100, []int{3}}}},
		{"policy gap of 10m", policy(func(p *Policy) { p.EpisodeGap = 10 * time.Minute }),
			viewsAt("s1", mins(0), mins(10), mins(21), mins(31)),
			[]epWant{{0, 10, []int{0, 1}}, {21, 31, []int{2, 3}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Episodes(tt.p, "s1", tt.views)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d episodes, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Subject != "s1" || !g.Start.Equal(mins(w.start)) || !g.End.Equal(mins(w.end)) || !reflect.DeepEqual(g.Views, w.views) {
					t.Errorf("episode %d = %s..%s %v, want %s..%s %v", i+1,
						g.Start.Format(time.TimeOnly), g.End.Format(time.TimeOnly), g.Views,
						mins(w.start).Format(time.TimeOnly), mins(w.end).Format(time.TimeOnly), w.views)
				}
			}
		})
	}
}

func TestEpisodesRecordJustificationAndLinks(t *testing.T) {
	vs := []View{
		{Time: mins(0), Subjects: []string{"s1"}, Authorisation: "A1"},
		{Time: mins(5), Subjects: []string{"s1", "s2"}, Justified: []string{"s2"}, Authorisation: "A2"},
		{Time: mins(10), Subjects: []string{"s1"}, Authorisation: "A1"},
		{Time: mins(60), Subjects: []string{"s1", "s2"}, Justified: []string{"s1"}},
	}
	got := Episodes(DefaultPolicy(), "s1", vs)
	if len(got) != 2 {
		t.Fatalf("got %d episodes, want 2", len(got))
	}
	if got[0].Justified || !reflect.DeepEqual(got[0].Authorisations, []string{"A1", "A2"}) {
		t.Errorf("episode 1: justified %v, links %v; want false, [A1 A2]", got[0].Justified, got[0].Authorisations)
	}
	if !got[1].Justified || got[1].Authorisations != nil {
		t.Errorf("episode 2: justified %v, links %v; want true, none", got[1].Justified, got[1].Authorisations)
	}
	if s2 := Episodes(DefaultPolicy(), "s2", vs); len(s2) != 2 || !s2[0].Justified {
		t.Errorf("s2 episodes %+v, want 2 with the first justified", s2)
	}
}

func TestEpisodesAcrossCenturies(t *testing.T) {
	// A span over 292 years takes the sort's other path.
	early := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	late := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	vs := viewsAt("s1", late, early.Add(time.Minute), t0, early, late.Add(-time.Minute))
	var got [][]int
	for _, ep := range Episodes(DefaultPolicy(), "s1", vs) {
		got = append(got, ep.Views)
	}
	if want := [][]int{{3, 1}, {2}, {4, 0}}; !reflect.DeepEqual(got, want) {
		t.Errorf("episodes %v, want %v", got, want)
	}
}
