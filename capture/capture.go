package capture

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Progress receives a capture's progress. Nil means none.
type Progress interface {
	// Stage names the step that starts: StageStart, StageLoad, StageSettle,
	// StageScreenshot, StageDOM.
	Stage(name string)
	// Add adds done finished units and total expected units to the running
	// counts. A capture first adds (0, 5), then (1, 0) as each stage ends.
	Add(done, total int64)
}

// The stages of a capture, in order.
const (
	StageStart      = "start"
	StageLoad       = "load"
	StageSettle     = "settle"
	StageScreenshot = "screenshot"
	StageDOM        = "dom"

	stageCount = 5
)

// Request defaults.
const (
	DefaultDeadline    = 60 * time.Second
	DefaultSettle      = 500 * time.Millisecond
	DefaultStepTimeout = 10 * time.Second
)

// Request asks for one page.
type Request struct {
	URL string
	// Deadline is the longest the capture waits for the page: opening the
	// tab, navigation, load event and settle window together. Default 60s.
	Deadline time.Duration
	// Settle is the network-idle window after the load event. Default 500ms.
	Settle time.Duration
	// StepTimeout bounds each step after the wait (screenshot, DOM,
	// metadata). Default 10s.
	StepTimeout time.Duration
}

// Result is a captured page.
type Result struct {
	Screenshot []byte     // full-page PNG
	DOM        string     // the document serialised after scripts ran, doctype included
	Meta       Metadata   // what was recorded about the page
	Network    []Exchange // every request the tab made, in the order sent
}

// Capture loads req.URL in a new tab of b, waits for it within the deadline,
// and preserves it. A page that misses the deadline is still preserved and
// marked Incomplete. Errors: ErrUnsupportedScheme, *LoadError, or the error
// of ctx when it ends first.
func (b *Browser) Capture(ctx context.Context, req Request, p Progress) (*Result, error) {
	if _, err := checkURL(req.URL); err != nil {
		return nil, fmt.Errorf("capture %s: %w", req.URL, err)
	}
	if p == nil {
		p = noProgress{}
	}
	s := &session{b: b, req: req.withDefaults(), p: p, rec: newRecorder()}
	res, err := s.run(ctx)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("capture %s: %w", req.URL, err)
	}
	return res, nil
}

func (r Request) withDefaults() Request {
	if r.Deadline <= 0 {
		r.Deadline = DefaultDeadline
	}
	if r.Settle <= 0 {
		r.Settle = DefaultSettle
	}
	if r.StepTimeout <= 0 {
		r.StepTimeout = DefaultStepTimeout
	}
	return r
}

// session is one capture in progress.
type session struct {
	b       *Browser
	req     Request
	p       Progress
	rec     *recorder
	meta    Metadata
	dialogs *dialogs
	staged  bool
	tabDone func() // closes the tab and waits for its watchers
}

func (s *session) run(ctx context.Context) (*Result, error) {
	s.stage(StageStart)
	s.meta = Metadata{
		RequestedURL: s.req.URL, Start: utcNow(), Browser: s.b.Version(),
		Viewport: Viewport{Width: s.b.opts.Width, Height: s.b.opts.Height, DeviceScaleFactor: 1},
	}
	deadline := time.Now().Add(s.req.Deadline)
	tab, err := s.openTab(ctx, deadline)
	if err != nil {
		return nil, err
	}
	defer s.tabDone()
	wait, cancel := context.WithDeadline(tab, deadline)
	defer cancel()
	if _, err := chromedp.Run(wait, s.navigate); err != nil {
		return nil, err
	}
	if reason := s.wait(wait); reason != "" {
		s.meta.Incomplete, s.meta.IncompleteReason = true, reason
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := s.preserve(tab)
	if err != nil {
		return nil, err
	}
	s.meta.End = utcNow()
	s.p.Add(1, 0)
	s.tabDone()
	res.Network = s.rec.snapshot()
	s.meta.Dialogs = s.dialogs.list()
	res.Meta = s.meta
	return res, nil
}

// openTab opens the capture's own tab, with the network recorder listening
// from its first event and the dialog watcher subscribed. The tab closes
// when ctx ends, and when opening it outlasts the deadline.
func (s *session) openTab(ctx context.Context, deadline time.Time) (context.Context, error) {
	tab, closeTab := chromedp.NewContext(s.b.ctx, chromedp.WithListener(s.rec.handle))
	stop := context.AfterFunc(ctx, closeTab)
	guard := time.AfterFunc(time.Until(deadline), closeTab)
	err := chromedp.Do(tab)
	if !guard.Stop() && err == nil {
		err = fmt.Errorf("not open within %s", s.req.Deadline)
	}
	if err != nil {
		stop()
		closeTab()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	d := watchDialogs(tab)
	s.dialogs = d
	s.tabDone = func() {
		stop()
		closeTab()
		d.wait()
	}
	return tab, nil
}

// navigate sets the viewport, names the main frame to the recorder and
// navigates. It returns when Chromium has committed the navigation.
func (s *session) navigate(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	var none chromedp.Void
	// The screen matches the viewport, so scripts see one consistent size.
	w, h := int64(s.meta.Viewport.Width), int64(s.meta.Viewport.Height)
	_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: w, Height: h, ScreenWidth: w, ScreenHeight: h,
		DeviceScaleFactor: s.meta.Viewport.DeviceScaleFactor,
	})
	if err != nil {
		return none, fmt.Errorf("set viewport: %w", err)
	}
	tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return none, fmt.Errorf("frame tree: %w", err)
	}
	s.rec.arm(tree.FrameTree.Frame.ID)
	res, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: s.req.URL})
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return none, &LoadError{URL: s.req.URL, Reason: fmt.Sprintf("no response within %s", s.req.Deadline), err: err}
	case err != nil:
		return none, fmt.Errorf("navigate: %w", err)
	case res.ErrorText != "":
		return none, &LoadError{URL: s.req.URL, Reason: res.ErrorText, err: &chromedp.LoadError{ErrorText: res.ErrorText}}
	}
	return none, nil
}

// wait waits for the load event and then the settle window, both within
// ctx's deadline. It returns why the page is incomplete, or "".
func (s *session) wait(ctx context.Context) string {
	s.stage(StageLoad)
	select {
	case <-s.rec.loaded:
	case <-ctx.Done():
		return fmt.Sprintf("load event not fired within %s", s.req.Deadline)
	}
	s.stage(StageSettle)
	if err := s.rec.waitIdle(ctx, s.req.Settle); err != nil {
		return fmt.Sprintf("network not idle for %s within %s: %d in flight",
			s.req.Settle, s.req.Deadline, s.rec.inFlight())
	}
	return ""
}

// stage reports the end of the previous stage and the start of the next.
func (s *session) stage(name string) {
	if s.staged {
		s.p.Add(1, 0)
	} else {
		s.p.Add(0, stageCount)
		s.staged = true
	}
	s.p.Stage(name)
}

type noProgress struct{}

func (noProgress) Stage(string)     {}
func (noProgress) Add(int64, int64) {}
