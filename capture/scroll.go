package capture

import (
	"context"
	"fmt"
	"time"

	"github.com/sightline-osint/sightline/capture/social"
)

// Why scrolling stopped (Scroll.Stopped).
const (
	ScrollNoNewContent = "no new content" // at the bottom, and the page stopped growing for 2 rounds
	ScrollLimit        = "limit"          // Request.Scroll screens were scrolled
	ScrollDeadline     = "deadline"       // the deadline passed first
	ScrollPosts        = "posts"          // Request.ScrollPosts posts are on the page
	ScrollDate         = "date"           // a post from before Request.ScrollUntil is on the page
)

const (
	scrollQuiet    = 250 * time.Millisecond // network idle after each screen
	scrollRoundMax = 3 * time.Second        // the longest one round waits for the page
	scrollStill    = 2                      // rounds without growth at the bottom that end scrolling
)

// Scroll says how the page was scrolled before the full-page screenshot, to
// load what infinite feeds and lazy images show only when scrolled to.
type Scroll struct {
	Requested    int    `json:"requested"`     // screens asked for (Request.Scroll)
	Screens      int    `json:"screens"`       // screens scrolled
	HeightBefore int    `json:"height_before"` // document height in CSS pixels
	HeightAfter  int    `json:"height_after"`
	Stopped      string `json:"stopped"` // ScrollNoNewContent, ScrollLimit, ScrollDeadline, ScrollPosts, ScrollDate, or an error
	// Posts and Oldest are what the platform's post rule found on the
	// page when scrolling stopped, when a posts or date limit was asked.
	Posts  int       `json:"posts,omitempty"`
	Oldest time.Time `json:"oldest,omitzero"`
}

// feedJS counts the posts a selector finds, not those inside another
// (comments), and the earliest time any of them gives (ms since 1970, 0
// for none).
const feedJS = `((sel) => {
	const posts = Array.from(document.querySelectorAll(sel)).filter(p => !(p.parentElement && p.parentElement.closest(sel)));
	let oldest = 0;
	for (const p of posts) for (const t of p.querySelectorAll("time[datetime]")) {
		const ms = Date.parse(t.getAttribute("datetime"));
		if (!isNaN(ms) && (oldest === 0 || ms < oldest)) oldest = ms;
	}
	return {posts: posts.length, oldest};
})(%q)`

type feedPos struct {
	Posts  int   `json:"posts"`
	Oldest int64 `json:"oldest"`
}

// feedLimit says whether scrolling has loaded the posts or reached the
// date the request asks for, recording what it found.
func (s *session) feedLimit(ctx context.Context, p *social.Platform, sc *Scroll) bool {
	if p == nil || p.Post == nil || (s.req.ScrollPosts <= 0 && s.req.ScrollUntil.IsZero()) {
		return false
	}
	f, err := step(ctx, s.req.StepTimeout, evalIsolated[feedPos](s.rec.mainFrame, fmt.Sprintf(feedJS, p.Post.Selector)))
	if err != nil {
		return false
	}
	sc.Posts = f.Posts
	if f.Oldest > 0 {
		sc.Oldest = time.UnixMilli(f.Oldest).UTC()
	}
	switch {
	case s.req.ScrollPosts > 0 && f.Posts >= s.req.ScrollPosts:
		sc.Stopped = ScrollPosts
	case !s.req.ScrollUntil.IsZero() && f.Oldest > 0 && sc.Oldest.Before(s.req.ScrollUntil):
		sc.Stopped = ScrollDate
	default:
		return false
	}
	return true
}

type scrollPos struct {
	Height int  `json:"height"`
	Bottom bool `json:"bottom"` // the viewport shows the end of the document
}

const measureJS = `(() => {
	const h = Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
	return {height: h, bottom: Math.ceil(scrollY + innerHeight) >= h - 2};
})()`

// scroll scrolls the page down one screen at a time, within ctx (the
// deadline), until it has scrolled Request.Scroll screens or the page stops
// growing at its bottom, then back to the top. tab bounds the way back.
func (s *session) scroll(ctx, tab context.Context) *Scroll {
	s.stage(StageScroll)
	sc := &Scroll{Requested: s.req.Scroll, Stopped: ScrollLimit}
	pos, err := step(ctx, s.req.StepTimeout, evalIsolated[scrollPos](s.rec.mainFrame, measureJS))
	sc.HeightBefore = pos.Height
	var feed *social.Platform
	if s.req.ScrollPosts > 0 || !s.req.ScrollUntil.IsZero() {
		_, feed, _ = s.platform(ctx)
	}
	for still := 0; err == nil && sc.Screens < s.req.Scroll && !s.feedLimit(ctx, feed, sc); {
		before := pos
		pos, err = s.scrollOnce(ctx)
		sc.Screens++
		switch {
		case err != nil:
		case pos.Height > before.Height || !pos.Bottom:
			still = 0
		default:
			still++
		}
		if still >= scrollStill {
			sc.Stopped = ScrollNoNewContent
			break
		}
	}
	switch {
	case ctx.Err() != nil:
		sc.Stopped = ScrollDeadline
	case err != nil:
		sc.Stopped = "error: " + err.Error()
	}
	top, err := step(tab, s.req.StepTimeout, evalIsolated[scrollPos](s.rec.mainFrame, "scrollTo(0, 0), "+measureJS))
	if err == nil {
		sc.HeightAfter = top.Height
	}
	return sc
}

// scrollOnce scrolls one screen down, waits for the network to go quiet
// and measures the page.
func (s *session) scrollOnce(ctx context.Context) (scrollPos, error) {
	if _, err := step(ctx, s.req.StepTimeout, evalIsolated[bool](s.rec.mainFrame, "scrollBy(0, innerHeight), true")); err != nil {
		return scrollPos{}, err
	}
	round, cancel := context.WithTimeout(ctx, scrollRoundMax)
	_, err := s.rec.waitIdle(round, scrollQuiet, scrollQuiet, time.Now())
	cancel()
	if err != nil && ctx.Err() != nil {
		return scrollPos{}, ctx.Err()
	}
	return step(ctx, s.req.StepTimeout, evalIsolated[scrollPos](s.rec.mainFrame, measureJS))
}
