package ripa

import (
	"reflect"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit/identifier"
)

func TestCollateral(t *testing.T) {
	ms := time.Millisecond
	by := func(t time.Time, officer string, subjects ...string) View {
		return View{Time: t, Officer: officer, Case: "C1", Subjects: subjects}
	}
	third := func(t time.Time, officer, profile string) View {
		return View{Time: t, Officer: officer, Case: "C1", Profile: profile}
	}
	tests := []struct {
		name  string
		p     func(*Policy)
		views []View
		want  map[string][]string
	}{
		{name: "none", want: map[string][]string{}},
		{name: "profile viewed after a subject counts, distinct",
			views: []View{by(mins(0), "o1", "s1"), third(mins(5), "o1", "x:@a"), third(mins(10), "o1", "x:@b"), third(mins(12), "o1", "x:@a")},
			want:  map[string][]string{"s1": {"x:@a", "x:@b"}}},
		{name: "exactly the gap after counts, 1ms more does not",
			views: []View{by(mins(0), "o1", "s1"), third(mins(30), "o1", "x:@a"), third(mins(30).Add(ms), "o1", "x:@b")},
			want:  map[string][]string{"s1": {"x:@a"}}},
		{name: "measured from the latest view of the subject",
			views: []View{by(mins(0), "o1", "s1"), by(mins(25), "o1", "s1"), third(mins(50), "o1", "x:@a")},
			want:  map[string][]string{"s1": {"x:@a"}}},
		{name: "a chain of third parties does not extend the window",
			views: []View{by(mins(0), "o1", "s1"), third(mins(20), "o1", "x:@a"), third(mins(45), "o1", "x:@b")},
			want:  map[string][]string{"s1": {"x:@a"}}},
		{name: "before the subject does not count",
			views: []View{third(mins(0), "o1", "x:@a"), by(mins(5), "o1", "s1")},
			want:  map[string][]string{}},
		{name: "input order does not matter",
			views: []View{third(mins(5), "o1", "x:@a"), by(mins(0), "o1", "s1")},
			want:  map[string][]string{"s1": {"x:@a"}}},
		{name: "each subject viewed within the gap gets it",
			views: []View{by(mins(0), "o1", "s1"), by(mins(10), "o1", "s2", "s3"), third(mins(20), "o1", "x:@a")},
			want:  map[string][]string{"s1": {"x:@a"}, "s2": {"x:@a"}, "s3": {"x:@a"}}},
		{name: "another officer's views are another session",
			views: []View{by(mins(0), "o1", "s1"), third(mins(5), "o2", "x:@a")},
			want:  map[string][]string{}},
		{name: "another case is another session",
			views: []View{by(mins(0), "o1", "s1"), {Time: mins(5), Officer: "o1", Case: "C2", Profile: "x:@a"}},
			want:  map[string][]string{}},
		{name: "matched profiles and pages with no profile are not collateral",
			views: []View{by(mins(0), "o1", "s1"), {Time: mins(5), Officer: "o1", Case: "C1", Profile: "x:@s2", Subjects: []string{"s2"}}, third(mins(6), "o1", "")},
			want:  map[string][]string{}},
		{name: "a profile that only mentions a subject is collateral",
			views: []View{by(mins(0), "o1", "s1"), {Time: mins(5), Officer: "o1", Case: "C1", Profile: "x:@a", Mentions: []string{"s1"}}},
			want:  map[string][]string{"s1": {"x:@a"}}},
		{name: "policy gap of 5m",
			p:     func(p *Policy) { p.EpisodeGap = 5 * time.Minute },
			views: []View{by(mins(0), "o1", "s1"), third(mins(5), "o1", "x:@a"), third(mins(6), "o1", "x:@b")},
			want:  map[string][]string{"s1": {"x:@a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Collateral(policy(tt.p), tt.views); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProfileKey(t *testing.T) {
	for url, want := range map[string]string{
		"https://x.com/jsmith":                       "x:@jsmith",
		"https://twitter.com/JSmith/status/1001":     "x:@jsmith",
		"https://www.facebook.com/groups/123":        "facebook:groups/123",
		"https://www.instagram.com/p/abc/":           "",
		"https://example.org/about":                  "",
		"https://t.me/somechannel":                   "telegram:@somechannel",
		"https://www.tiktok.com/@someone/video/1234": "tiktok:@someone",
	} {
		id, err := identifier.FromURL(url)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if got := ProfileKey(id); got != want {
			t.Errorf("ProfileKey(%s) = %q, want %q", url, got, want)
		}
	}
	if got := ProfileKey(identifier.Identity{Platform: identifier.PlatformEmail, Kind: identifier.KindEmail, Account: "a@b.c", Key: "email:a@b.c"}); got != "" {
		t.Errorf("email: %q, want none", got)
	}
}
