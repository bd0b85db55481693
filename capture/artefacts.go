package capture

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// preserve takes the artefacts of the page as it is now, each step under its
// own timeout, and fills in the metadata the page itself holds.
func (s *session) preserve(tab context.Context) (*Result, error) {
	s.stage(StageScreenshot)
	shot, err := step(tab, s.req.StepTimeout, chromedp.FullScreenshot(100))
	if err != nil {
		return nil, fmt.Errorf("screenshot: %w", err)
	}
	s.stage(StageDOM)
	html, err := step(tab, s.req.StepTimeout, documentHTML)
	if err != nil {
		return nil, fmt.Errorf("dom: %w", err)
	}
	st, err := step(tab, s.req.StepTimeout, currentState)
	if err != nil {
		return nil, fmt.Errorf("page state: %w", err)
	}
	s.rec.describeMain(&s.meta)
	s.meta.Title, s.meta.PageHeight = st.title, st.height
	if st.url != "" {
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
	return &Result{Screenshot: shot, DOM: html}, nil
}

// step runs one action on the tab with its own timeout.
func step[T any](tab context.Context, d time.Duration, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(tab, d)
	defer cancel()
	return chromedp.Run(ctx, a)
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

func currentState(ctx context.Context, t *chromedp.Target) (state, error) {
	tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return state{}, fmt.Errorf("frame tree: %w", err)
	}
	var st state
	if f := tree.FrameTree.Frame; f != nil {
		st.url = f.URL + f.URLFragment
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
