package identifier

import (
	"strings"
	"testing"
)

var validKinds = set(KindProfile, KindPost, KindGroup, KindPage)

// FuzzFromURL checks that FromURL never panics and that its canonical form
// is a fixed point: the URL rebuilt from an identity, and Parse of its
// Key, give the same Key back.
func FuzzFromURL(f *testing.F) {
	for _, table := range allURLCases() {
		for _, c := range table {
			f.Add(c.in)
		}
	}
	f.Fuzz(func(t *testing.T, raw string) {
		id, err := FromURL(raw)
		if err != nil {
			return
		}
		if id.Key == "" || !strings.HasPrefix(id.Key, id.Platform+":") || !validKinds[id.Kind] {
			t.Fatalf("FromURL(%q) = %+v: malformed", raw, id)
		}
		if (id.Kind == KindPost) != (id.Post != "") {
			t.Fatalf("FromURL(%q) = %+v: Post set on a %s", raw, id, id.Kind)
		}
		checkRoundTrip(t, id)
	})
}

func BenchmarkFromURL(b *testing.B) {
	urls := []string{
		"https://twitter.com/Jack/status/20?s=20&t=AbCdEf",
		"https://m.facebook.com/story.php?story_fbid=pfbid0Xyz&id=100012345&mibextid=Nif5oz",
		"https://old.reddit.com/r/London/comments/1abc2d/some_title/?utm_source=share",
		"https://www.example.org/a/b/?utm_source=x&b=2&a=1#frag",
	}
	for i := 0; b.Loop(); i++ {
		if _, err := FromURL(urls[i%len(urls)]); err != nil {
			b.Fatal(err)
		}
	}
}
