package capture

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// preserve takes the artefacts of the page as it is now, each step under its
// own timeout, and fills in the metadata. The full-page screenshot and the
// PDF change the layout while they run (a taller viewport, print media), so
// each runs alone; the steps that only read run together. The full-page
// screenshot, the DOM and the page state are required; a failing optional
// artefact is recorded in Meta.ArtefactErrors.
func (s *session) preserve(tab context.Context) (*Result, error) {
	res := &Result{}
	s.stage(StageScreenshot)
	shoot := fullScreenshot
	if s.viewport {
		shoot = shownScreenshot
	}
	shot, info, err := shoot(tab, s.req.StepTimeout, s.req.MaxScreenshotHeight)
	if err != nil {
		return nil, s.stepFailed("screenshot", err)
	}
	res.Screenshot, s.meta.Screenshot = shot, info
	s.stage(StageDOM)
	var domErr, stateErr error
	parallel(
		func() { res.Viewport = optional(s, tab, "viewport", viewportShot) },
		func() { res.DOM, domErr = step(tab, s.req.StepTimeout, documentHTML) },
		func() { stateErr = s.describe(tab) },
		func() { res.Text = optional(s, tab, "text", evalIsolated[string](s.rec.mainFrame, visibleTextJS)) },
		func() { res.MHTML = optional(s, tab, "mhtml", mhtml) },
		func() {
			s.meta.Login = optional(s, tab, "login", evalIsolated[loginGrounds](s.rec.mainFrame, loginJS)).judge()
		},
	)
	if domErr != nil {
		return nil, s.stepFailed("dom", domErr)
	}
	if stateErr != nil {
		return nil, stateErr
	}
	s.stage(StageArtefacts)
	parallel(
		func() { res.PDF = optional(s, tab, "pdf", printPDF) },
		func() { s.collect(tab, res) },
	)
	return res, nil
}

// printPDF prints the page on A4 with its backgrounds.
func printPDF(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	return chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground())(ctx, t)
}

// parallel runs the funcs at once and returns when all have.
func parallel(fns ...func()) {
	var wg sync.WaitGroup
	for _, f := range fns {
		wg.Go(f)
	}
	wg.Wait()
}

const visibleTextJS = `document.body ? document.body.innerText : ""`

// describe fills in what the network and the page say about the main
// document, its certificate chain included.
func (s *session) describe(tab context.Context) error {
	st, err := step(tab, s.req.StepTimeout, currentState)
	if err != nil {
		return fmt.Errorf("page state: %w", err)
	}
	frame, loader := s.rec.mainLoader(s.navLoader)
	describeMain(&s.meta, s.rec.snapshot(), frame, loader)
	s.meta.Title, s.meta.PageHeight = st.title, st.height
	if st.url != "" && !s.meta.NavigationDownload {
		s.meta.FinalURL = st.url
	}
	if s.meta.TLS != nil && strings.HasPrefix(s.meta.FinalURL, "https:") {
		chain, err := step(tab, s.req.StepTimeout, func(ctx context.Context, t *chromedp.Target) ([]Certificate, error) {
			return certificateChain(ctx, t, s.meta.FinalURL)
		})
		s.meta.TLS.Chain = chain
		if err != nil {
			s.meta.TLS.ChainError = err.Error()
		}
	}
	return nil
}

// collect waits, each under the step timeout, for the bodies still being
// read and the downloads under way, and reads the cookies, while the tab is
// still open.
func (s *session) collect(tab context.Context, res *Result) {
	ctx, cancel := context.WithTimeout(tab, s.req.StepTimeout)
	if err := s.rec.bodies.wait(ctx); err != nil {
		s.artefactError("bodies", fmt.Errorf("not all read within %s: %w", s.req.StepTimeout, err))
	}
	cancel()
	ex := s.rec.snapshot()
	s.meta.Cookies = optional(s, tab, "cookies", cookiesFor(ex))
	ctx, cancel = context.WithTimeout(tab, s.req.StepTimeout)
	s.downloads.waitAll(ctx, false)
	cancel()
	res.Downloads = s.downloads.collect(tab, ex)
	s.popups.bg.Wait()
}

// finish assembles the result once the tab is closed and its watchers have
// stopped.
func (s *session) finish(res *Result) {
	res.Network = s.rec.snapshot()
	markDownloaded(res.Network, res.Downloads)
	s.rec.timing(&s.meta.Timing)
	s.meta.Timing.CaptureEnd = s.meta.End
	s.meta.Dialogs = s.dialogs.list()
	s.meta.Popups = s.popups.list()
	res.Meta = s.meta
}

// stepFailed words the failure of a step the capture cannot do without: a
// step that ran out of time is a page that does not answer.
func (s *session) stepFailed(step string, err error) error {
	if s.crashed.happened() {
		return fmt.Errorf("%s: %w: %w", step, ErrPageCrashed, err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w within %s (a script that never ends, or a page too heavy to draw): %w",
			step, ErrPageUnresponsive, s.req.StepTimeout, err)
	}
	return fmt.Errorf("%s: %w", step, err)
}

// optional runs one step of an optional artefact; its error goes to
// Meta.ArtefactErrors under name.
func optional[T any](s *session, tab context.Context, name string, a chromedp.Action[T]) T {
	v, err := step(tab, s.req.StepTimeout, a)
	if err != nil {
		s.artefactError(name, err)
	}
	return v
}

func (s *session) artefactError(name string, err error) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	s.meta.ArtefactError(name, err.Error())
}

// step runs one action on the tab with its own timeout.
func step[T any](tab context.Context, d time.Duration, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(tab, d)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// mhtml serialises the page and its resources as MHTML.
func mhtml(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	r, err := cdp.Call(ctx, t, page.CaptureSnapshot, page.CaptureSnapshotParams{Format: page.CaptureSnapshotFormatMhtml})
	if err != nil {
		return nil, err
	}
	return []byte(r.Data), nil
}

// documentHTML serialises the whole document as it is now, through the
// DevTools DOM domain, so no page script can change what is returned.
func documentHTML(ctx context.Context, t *chromedp.Target) (string, error) {
	doc, err := cdp.Call(ctx, t, dom.GetDocument, dom.GetDocumentParams{Depth: new(int64(0))})
	if err != nil {
		return "", err
	}
	res, err := cdp.Call(ctx, t, dom.GetOuterHTML, dom.GetOuterHTMLParams{NodeID: doc.Root.NodeID})
	if err != nil {
		return "", err
	}
	return res.OuterHTML, nil
}

// state is what the page holds about itself at the end of the capture.
type state struct {
	url    string // the main frame's URL, fragment included
	title  string
	height int // document height in CSS pixels
}

// currentState reads the main frame's URL from the tab's history, not from
// its frame tree, which Chromium cannot send for a page nesting hundreds
// of frames ("CBOR: stack limit exceeded").
func currentState(ctx context.Context, t *chromedp.Target) (state, error) {
	h, err := cdp.Call(ctx, t, page.GetNavigationHistory, cdp.Empty{})
	if err != nil {
		return state{}, fmt.Errorf("history: %w", err)
	}
	var st state
	if i := int(h.CurrentIndex); i >= 0 && i < len(h.Entries) {
		st.url = h.Entries[i].URL
	}
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return state{}, fmt.Errorf("layout metrics: %w", err)
	}
	if m.CSSContentSize != nil {
		st.height = int(math.Ceil(m.CSSContentSize.Height))
	}
	st.title, err = chromedp.Title()(ctx, t)
	if err != nil {
		return state{}, fmt.Errorf("title: %w", err)
	}
	return st, nil
}
