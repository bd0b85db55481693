package capture

import (
	"context"
	"time"
)

// Why scrolling stopped (Scroll.Stopped).
const (
	ScrollNoNewContent = "no new content" // at the bottom, and the page stopped growing for 2 rounds
	ScrollLimit        = "limit"          // Request.Scroll screens were scrolled
	ScrollDeadline     = "deadline"       // the deadline passed first
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
	Stopped      string `json:"stopped"` // ScrollNoNewContent, ScrollLimit, ScrollDeadline, or an error
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
	for still := 0; err == nil && sc.Screens < s.req.Scroll; {
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
