package capture

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/sightline-osint/sightline/capture/social"
)

// ShownOptions say how Tab.Capture preserves the page shown.
type ShownOptions struct {
	// ViewportOnly makes the screenshot the viewport as shown instead of
	// the full page.
	ViewportOnly bool
	// Scroll, when positive, scrolls down up to Scroll screens to load
	// more before the screenshot, as Request.Scroll does, then back to
	// where the researcher was.
	Scroll int
	// Settle is how long the network must stay quiet before the page is
	// preserved, at most Deadline; defaults 200ms and 10s.
	Settle, Deadline time.Duration
	// Rules are the social-media rules posts.json is read with; nil is the
	// built-in rules. Nothing is clicked on the page shown.
	Rules *social.Rules
}

// reflectJS writes what the researcher typed and chose into the
// document's attributes, so that the DOM and MHTML hold the page as it is
// on screen. Passwords and file inputs are left out.
const reflectJS = `(() => {
	let n = 0;
	for (const e of document.querySelectorAll("input, textarea, select")) {
		if (e instanceof HTMLInputElement) {
			if (e.type === "checkbox" || e.type === "radio") e.toggleAttribute("checked", e.checked);
			else if (e.type !== "password" && e.type !== "file") e.setAttribute("value", e.value);
		} else if (e instanceof HTMLTextAreaElement) {
			e.textContent = e.value;
		} else {
			for (const o of e.options) o.toggleAttribute("selected", o.selected);
		}
		n++;
	}
	return n;
})()`

// Capture preserves the page as it is on screen, without loading it again:
// the same Result Browser.Capture gives, its Network every exchange since
// the page's navigation. The live view pauses while it runs; the
// researcher's scroll position is kept. Cancelling ctx stops it.
func (t *Tab) Capture(ctx context.Context, o ShownOptions, p Progress) (*Result, error) {
	t.capture.Lock()
	defer t.capture.Unlock()
	if p == nil {
		p = noProgress{}
	}
	if t.ctx.Err() != nil {
		return nil, fmt.Errorf("capture the page shown: %w", ErrTabClosed)
	}
	st := t.State()
	res, err := t.preserve(ctx, o, p)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("capture the page shown (%s): %w", st.URL, err)
	}
	return res, nil
}

func (t *Tab) preserve(ctx context.Context, o ShownOptions, p Progress) (*Result, error) {
	t.mu.Lock()
	requested, view := t.requested, t.view
	t.mu.Unlock()
	s := &session{b: t.b, req: Request{URL: requested, Scroll: o.Scroll, Settle: o.Settle, Rules: o.Rules}.withDefaults(), p: p, rec: t.rec,
		dialogs: t.dialogs, popups: t.popups, downloads: t.downloads, viewport: o.ViewportOnly}
	s.meta = Metadata{RequestedURL: requested, Start: utcNow(), Browser: t.b.Version(), Viewport: view}
	if o.Deadline <= 0 {
		o.Deadline = DefaultStepTimeout
	}
	// The capture's steps run on a context of the tab that ctx ends.
	tab, cancel := context.WithCancel(t.ctx)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()

	s.stage(StageStart)
	if _, err := chromedp.Call(tab, page.StopScreencast, cdp.Empty{}); err != nil {
		return nil, fmt.Errorf("pause the live view: %w", err)
	}
	defer t.screencast(t.ctx) //nolint:errcheck // a closed tab has no view to resume
	s.stage(StageLoad)
	select {
	case <-t.loaded():
	default:
		s.meta.Incomplete, s.meta.IncompleteReason = true, "captured while the page was still loading"
	}
	s.stage(StageSettle)
	wait, stop := context.WithTimeout(tab, o.Deadline)
	idle, err := t.rec.waitIdle(wait, s.req.Settle, 0, time.Time{})
	stop()
	if err != nil && !s.meta.Incomplete {
		s.meta.Incomplete, s.meta.IncompleteReason = true,
			fmt.Sprintf("network not idle for %s within %s: %d in flight", s.req.Settle, o.Deadline, t.rec.inFlight())
	}
	s.meta.Timing.NetworkIdle = idle.UTC().Truncate(time.Millisecond)
	if o.Scroll > 0 {
		back, err := step(tab, s.req.StepTimeout, evalIsolated[scrollXY](t.rec.mainFrame, `({x: scrollX, y: scrollY})`))
		s.meta.Scroll = s.scroll(tab, tab)
		if err == nil {
			step(tab, s.req.StepTimeout, evalIsolated[bool](t.rec.mainFrame, //nolint:errcheck // best effort: the capture is taken
				fmt.Sprintf(`(scrollTo(%f, %f), true)`, back.X, back.Y)))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if _, err := step(tab, s.req.StepTimeout, evalIsolated[int](t.rec.mainFrame, reflectJS)); err != nil {
		s.artefactError("form values", err)
	}
	posts := s.readPosts(tab, false) // as shown: nothing clicked on the researcher's page
	res, err := s.preserve(tab)
	if err != nil {
		return nil, err
	}
	s.complete(res, posts)
	s.finish(res)
	return res, nil
}

type scrollXY struct{ X, Y float64 }

// loaded is closed once the page shown has fired its load event.
func (t *Tab) loaded() <-chan struct{} {
	t.rec.mu.Lock()
	defer t.rec.mu.Unlock()
	return t.rec.loaded
}

// Light is the small record auto-capture keeps of every page viewed: what
// the viewport showed, the DOM and the metadata, without the WARC, the
// full-page screenshot, MHTML or PDF.
type Light struct {
	Viewport []byte // PNG of the viewport as shown
	DOM      string
	Meta     Metadata
}

// Light records the page shown, cheaply: the live view goes on.
func (t *Tab) Light(ctx context.Context) (*Light, error) {
	t.capture.Lock()
	defer t.capture.Unlock()
	t.mu.Lock()
	requested, view := t.requested, t.view
	t.mu.Unlock()
	tab, cancel := t.within(ctx)
	defer cancel()
	if _, err := chromedp.Run(tab, evalIsolated[int](t.rec.mainFrame, reflectJS)); err != nil {
		return nil, fmt.Errorf("light record: form values: %w", err)
	}
	l := &Light{Meta: Metadata{RequestedURL: requested, Start: utcNow(), Browser: t.b.Version(), Viewport: view}}
	var shotErr, domErr, stateErr error
	var st state
	parallel(
		func() { l.Viewport, shotErr = chromedp.Run(tab, viewportShot) },
		func() { l.DOM, domErr = chromedp.Run(tab, documentHTML) },
		func() { st, stateErr = chromedp.Run(tab, currentState) },
	)
	for _, err := range []error{shotErr, domErr, stateErr} {
		if err != nil {
			return nil, fmt.Errorf("light record of %s: %w", requested, err)
		}
	}
	frame, loader := t.rec.mainLoader("")
	describeMain(&l.Meta, t.rec.snapshot(), frame, loader)
	l.Meta.Title, l.Meta.PageHeight, l.Meta.FinalURL = st.title, st.height, st.url
	t.rec.timing(&l.Meta.Timing)
	l.Meta.End = utcNow()
	return l, nil
}
