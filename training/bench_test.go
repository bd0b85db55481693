package training

import (
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture"
)

// BenchmarkProfile200Posts captures a training profile scrolled until it
// shows 200 posts (dismissing its overlays, opening long posts, reading
// posts.json), against the baseline measured in the same run: the plain
// capture of its first screen. x-first-screen is the ratio.
func BenchmarkProfile200Posts(b *testing.B) {
	br, rules := siteBrowser(b)
	url := URL("@quaywatch")
	take := func(req capture.Request) (time.Duration, *capture.Result) {
		t0 := time.Now()
		res, err := br.Capture(b.Context(), req, nil)
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(t0), res
	}
	take(capture.Request{URL: url, Rules: rules}) // warm the browser
	var first, scrolled time.Duration
	posts := 0
	for b.Loop() {
		d, _ := take(capture.Request{URL: url, Rules: rules})
		first += d
		d, res := take(capture.Request{URL: url, Rules: rules, Scroll: 200, ScrollPosts: 200, Deadline: 10 * time.Minute})
		scrolled += d
		if res.Meta.Scroll == nil || res.Meta.Scroll.Stopped != capture.ScrollPosts {
			b.Fatalf("scroll %+v, want it stopped at 200 posts", res.Meta.Scroll)
		}
		posts = res.Meta.Scroll.Posts
	}
	n := float64(b.N)
	b.ReportMetric(first.Seconds()/n, "s-first-screen")
	b.ReportMetric(scrolled.Seconds()/n, "s-200-posts")
	b.ReportMetric(scrolled.Seconds()/first.Seconds(), "x-first-screen")
	b.ReportMetric(float64(posts), "posts")
}
