package social_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/capture"
)

// TestFeedScroll captures an infinitely scrolled feed (testdata/sites/feed:
// six pages of four posts, each page 1200px, the next fetched from
// /latest?page=N when the bottom comes into view) with a scroll limit the
// feed outlasts: the capture stops at the limit, Metadata.Scroll says so
// and how far the page grew, and posts.json holds every post loaded up to
// there, in order. How many pages arrived within the screens is the
// page's and the capture's business; the test reads it from what the
// capture recorded, so it waits for nothing and holds on any machine.
func TestFeedScroll(t *testing.T) {
	const (
		screens    = 3
		perPage    = 4
		pageHeight = 1200
		pages      = 6
		feed       = "https://forum.harbourtown.example/latest"
	)
	res, err := browser.Capture(t.Context(), capture.Request{URL: feed, Scroll: screens}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Meta.Scroll
	if s == nil || s.Requested != screens || s.Screens != screens || s.Stopped != capture.ScrollLimit {
		t.Fatalf("scroll %+v, want %d screens stopped by the limit", s, screens)
	}
	grown := s.HeightAfter - s.HeightBefore
	if grown <= 0 || grown%pageHeight != 0 {
		t.Fatalf("scroll %+v: the page grew %dpx, want a whole number of %dpx pages, at least one", s, grown, pageHeight)
	}
	loaded := 1 + grown/pageHeight
	t.Logf("scroll %+v: %d pages loaded", *s, loaded)
	if loaded >= pages {
		t.Fatalf("scroll %+v: all %d pages loaded, so the limit was not what stopped it", s, loaded)
	}
	requested := map[string]bool{}
	for _, x := range res.Network {
		requested[x.URL] = true
	}
	for n := 2; n <= loaded; n++ {
		if u := fmt.Sprintf("%s?page=%d", feed, n); !requested[u] {
			t.Errorf("%s not in the network record, though its posts are on the page", u)
		}
	}

	p := res.Posts
	if p == nil {
		t.Fatalf("no posts.json: %v", res.Meta.ArtefactErrors)
	}
	if p.Platform != "generic" || p.Page != "feed" {
		t.Errorf("platform %q, page %q; want generic, feed", p.Platform, p.Page)
	}
	if len(p.Posts) != loaded*perPage {
		t.Fatalf("%d posts, want the %d of the %d pages loaded", len(p.Posts), loaded*perPage, loaded)
	}
	for i, post := range p.Posts {
		n := i + 1
		if want := fmt.Sprintf("https://forum.harbourtown.example/t/%d", n); post.Permalink != want {
			t.Errorf("post %d: permalink %q, want %q", i, post.Permalink, want)
		}
		if !strings.HasPrefix(post.Text, fmt.Sprintf("#%d: ", n)) || post.Author.Name == "" || post.Time == "" {
			t.Errorf("post %d: %+v, want post #%d with its author and time", i, post, n)
		}
		if post.Sources["text"] != "microdata" {
			t.Errorf("post %d: text from %q, want microdata", i, post.Sources["text"])
		}
	}
	if sum := res.Meta.Social; sum == nil || sum.Posts != len(p.Posts) {
		t.Errorf("metadata's social summary %+v, want %d posts", sum, len(p.Posts))
	}
}
