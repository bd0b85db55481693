package social

import (
	"strconv"
	"testing"

	"github.com/sightline-osint/sightline/audit/identifier"
)

func TestPostIDOfComments(t *testing.T) {
	m := merger{urls: func(raw string) URLInfo {
		id, err := identifier.FromURL(raw)
		if err != nil || id.Kind != identifier.KindPost {
			return URLInfo{}
		}
		return URLInfo{Kind: PagePost, Post: id.Post}
	}}
	for _, tc := range []struct{ url, want string }{
		{"https://www.facebook.com/harbourtownferries/posts/pfbid02Xk?__cft__[0]=AZ", "pfbid02Xk"},
		{"https://www.facebook.com/harbourtownferries/posts/pfbid02Xk?comment_id=11&__cft__[0]=AZ", "11"},
		{"https://www.facebook.com/harbourtownferries/posts/pfbid02Xk?comment_id=11&reply_comment_id=12", "12"},
		{"https://www.instagram.com/p/DCx7kQ2sL1a/", "DCx7kQ2sL1a"},
		{"https://www.instagram.com/p/DCx7kQ2sL1a/c/18047110000000001/", "18047110000000001"},
		{"https://www.youtube.com/watch?v=Qx7hT2mLk9A", "Qx7hT2mLk9A"},
		{"https://www.youtube.com/watch?v=Qx7hT2mLk9A&lc=UgxK3", "UgxK3"},
	} {
		if got := m.postID(tc.url); got != tc.want {
			t.Errorf("postID(%s) = %q, want %q", tc.url, got, tc.want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	same := [][2]string{
		{"https://www.reddit.com/r/a/comments/1h5/x/", "https://reddit.com/r/a/comments/1h5/x"},
		{"https://www.facebook.com/p/posts/1?__cft__[0]=AZ&__tn__=R", "https://www.facebook.com/p/posts/1"},
		{"https://www.youtube.com/watch?v=Qx7&t=10s", "https://youtube.com/watch?v=Qx7"},
	}
	for _, c := range same {
		if canonicalURL(c[0]) != canonicalURL(c[1]) {
			t.Errorf("%s and %s differ: %q, %q", c[0], c[1], canonicalURL(c[0]), canonicalURL(c[1]))
		}
	}
	differ := [][2]string{
		{"https://www.youtube.com/watch?v=Qx7", "https://www.youtube.com/watch?v=Ab1"},
		{"https://www.facebook.com/p/posts/1?comment_id=2", "https://www.facebook.com/p/posts/1"},
		{"https://forum.example/t/2291#reply-5120", "https://forum.example/t/2291"},
	}
	for _, c := range differ {
		if canonicalURL(c[0]) == canonicalURL(c[1]) {
			t.Errorf("%s and %s are one: %q", c[0], c[1], canonicalURL(c[0]))
		}
	}
}

func TestTruncates(t *testing.T) {
	for _, tc := range []struct {
		short, long string
		want        bool
	}{
		{"Waves over the wall. Filmed from the…", "Waves over the wall.\n\nFilmed from the steps.", true},
		{"Meeting the team at the harbour today...", "Meeting the team at the harbour today. Big plans", true},
		{"Meeting the team", "Meeting the team", false},
		{"Something else", "Meeting the team at the harbour", false},
		{"Meeting the team at the harbour today. Big plans", "Meeting the team", false},
	} {
		if got := truncates(tc.short, tc.long); got != tc.want {
			t.Errorf("truncates(%q, %q) = %v, want %v", tc.short, tc.long, got, tc.want)
		}
	}
}

// BenchmarkExtract2000Items merges 2,000 DOM items with permalinks of their
// own ("extract") against reading each permalink once ("bare"), the least
// any merge must do; a merge that parsed every post's permalink again for
// each item grew with the square of the posts.
func BenchmarkExtract2000Items(b *testing.B) {
	g := Gathered{URL: "https://harbourline.example/kestrel"}
	for i := range 2000 {
		g.Items = append(g.Items, Item{Fields: map[string]FieldValues{
			"permalink": {Rule: "p", Values: []string{"/kestrel/status/" + strconv.Itoa(i)}},
			"text":      {Rule: "t", Values: []string{"post " + strconv.Itoa(i)}},
		}})
	}
	rules, platform := &Rules{}, &Platform{Name: "harbourline"}
	b.Run("extract", func(b *testing.B) {
		for b.Loop() {
			if got := len(Extract(g, rules, platform, nil).Posts); got != 2000 {
				b.Fatalf("%d posts", got)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		for b.Loop() {
			for _, it := range g.Items {
				canonicalURL("https://harbourline.example" + it.Fields["permalink"].Values[0])
			}
		}
	})
}
