package capture

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// How a navigation was reached (Navigation.Reached, View.Reached).
const (
	ReachedTyped       = "typed"        // Tab.Navigate: the address bar
	ReachedLink        = "link"         // a link or a script on the page
	ReachedForm        = "form"         // a form submitted
	ReachedRedirect    = "redirect"     // a hop of a server redirect
	ReachedBackForward = "back-forward" // Tab.Back, Tab.Forward
	ReachedReload      = "reload"       // Tab.Reload, or the page reloading itself
	ReachedPopup       = "pop-up"       // a tab the page opened
	ReachedInPage      = "in-page"      // a single-page app's route change (history API)
)

// Navigation is a top-level navigation about to leave the browser, as a
// TabHandlers.Gate sees it.
type Navigation struct {
	URL      string
	Reached  string // Reached*
	Previous string // the page shown, "" for a new tab
	Tab      string // the tab's id
}

// View is a page a Tab showed: a document that loaded in its main frame, or
// an in-page route change.
type View struct {
	URL      string // as requested (the first hop)
	FinalURL string // as shown
	Title    string
	Reached  string // Reached* of the navigation
	Tab      string
}

// TabState is what a tab's chrome (address bar, buttons, title) shows.
type TabState struct {
	URL, Title string
	Loading    bool
	// Painted says the document shown has had its first contentful paint.
	// Until then Chromium shows the page before (paint holding) and drops
	// clicks and keys sent to the new one.
	Painted             bool
	CanBack, CanForward bool
}

// TabHandlers receive what happens in a Tab. Each may be nil. They run on
// goroutines of the tab, never on its event loop, so they may block: a
// Gate that waits for the researcher holds the navigation (and only it)
// for as long as that takes.
type TabHandlers struct {
	// Gate decides whether a top-level navigation (each hop of a redirect
	// too) may leave the browser: true loads it, false aborts it in the
	// browser (net::ERR_ABORTED, so the page shown stays) and the server
	// sees nothing.
	// Nil lets everything through.
	Gate func(context.Context, Navigation) bool
	// Viewed hears of each page shown: after its load event, or after an
	// in-page route change.
	Viewed func(View)
	// State hears of changes to the address, title and loading state.
	State func(TabState)
	// Frame receives the live view's frames.
	Frame func(Frame)
	// Popup hears of a pop-up the page opened (window.open, a link with a
	// target): the browser's own window is closed before it shows, and the
	// handler may open the address in a tab of its own (Reached "pop-up").
	Popup func(url string)
	// Dialog answers a JavaScript dialog; nil dismisses every one.
	Dialog func(Dialog) DialogAnswer
}

// Tab is one long-lived, interactive tab of a Browser, as the research
// browser shows it: it streams frames of what it shows, takes mouse and
// keyboard input, holds each top-level navigation for the Gate, and records
// its network traffic from each navigation on, so that Capture preserves the
// page as it is on screen without loading it again.
type Tab struct {
	b   *Browser
	id  string
	h   TabHandlers
	ctx context.Context // the chromedp context of the tab

	rec       *recorder
	dialogs   *dialogs
	popups    *popups
	downloads *downloads
	close     func() // closes the tab and waits for its watchers

	frames chan *page.EventScreencastFrame
	work   tasks      // gate decisions, views and states under way
	report sync.Mutex // one state report at a time, so that the latest comes last

	mu        sync.Mutex
	view      Viewport // CSS pixels and zoom (DeviceScaleFactor)
	width     int      // the view's size in device pixels
	height    int
	pending   string // how the next main-frame navigation was reached
	requested string // the first hop of the navigation being loaded, or shown
	reached   string // how it was reached
	state     TabState

	capture sync.Mutex // one Capture or Light at a time
}

// OpenTab opens a new tab of b, width×height device pixels, and starts its
// live view. ctx bounds the opening only. Close the tab when done.
func (b *Browser) OpenTab(ctx context.Context, width, height int, h TabHandlers) (*Tab, error) {
	t := &Tab{b: b, h: h, rec: newRecorder(), popups: &popups{},
		frames: make(chan *page.EventScreencastFrame, 4),
		view:   Viewport{Width: width, Height: height, DeviceScaleFactor: 1}, width: width, height: height}
	if width <= 0 || height <= 0 {
		return nil, fmt.Errorf("open tab: size %dx%d", width, height)
	}
	t.rec.live = true
	if h.Popup != nil {
		t.popups.opened = h.Popup
	}
	browser, err := b.live(ctx)
	if err != nil {
		return nil, fmt.Errorf("open tab: %w", err)
	}
	tab, closeTab := chromedp.NewContext(browser.ctx,
		chromedp.WithListener(t.rec.handle), chromedp.WithListener(t.popups.handle), chromedp.WithListener(t.handle))
	stop := context.AfterFunc(ctx, closeTab)
	err = chromedp.Do(tab, chromedp.Func(t.prepare))
	if err == nil {
		t.downloads, err = watchDownloads(tab, t.rec, browser.downloads, DefaultMaxDownloadBytes)
	}
	if !stop() && err == nil {
		err = ctx.Err()
	}
	if err != nil {
		closeTab()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	t.ctx = tab
	self := chromedp.FromContext(tab).Target.TargetID
	t.id = string(self)
	t.popups.attach(tab, self)
	t.dialogs = watchDialogs(tab, h.Dialog)
	bodies := (&bodyFetcher{rec: t.rec, max: DefaultMaxBodyBytes, timeout: DefaultStepTimeout}).start(tab)
	var frames sync.WaitGroup
	frames.Go(t.showFrames)
	t.close = func() {
		closeTab()
		t.dialogs.wait()
		bodies.Wait()
		frames.Wait()
		t.work.Wait()
		t.popups.bg.Wait()
	}
	if err := t.screencast(tab); err != nil {
		t.close()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	return t, nil
}

// prepare sets the viewport and the network buffers, turns the cache off
// (so that every page the researcher sees is asked of the server, and
// gated, and recorded), and holds main-frame documents for the gate.
func (t *Tab) prepare(ctx context.Context, c *chromedp.Target) error {
	tree, err := cdp.Call(ctx, c, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("frame tree: %w", err)
	}
	t.rec.arm(tree.FrameTree.Frame.ID)
	if err := t.setViewport(ctx, c); err != nil {
		return err
	}
	_, err = cdp.Call(ctx, c, network.Enable, network.EnableParams{
		MaxTotalBufferSize:    new(int64(totalBufferSize)),
		MaxResourceBufferSize: new(int64(resourceBufferSize)),
		MaxPostDataSize:       new(int64(postDataSize)),
	})
	if err != nil {
		return fmt.Errorf("network buffers: %w", err)
	}
	if _, err := cdp.Call(ctx, c, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return fmt.Errorf("disable cache: %w", err)
	}
	_, err = cdp.Call(ctx, c, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{URLPattern: "*", ResourceType: network.ResourceTypeDocument, RequestStage: fetch.RequestStageRequest},
	}})
	if err != nil {
		return fmt.Errorf("gate documents: %w", err)
	}
	return nil
}

// setViewport lays the page out for the view: its size in CSS pixels is
// the device size over the zoom.
func (t *Tab) setViewport(ctx context.Context, c *chromedp.Target) error {
	t.mu.Lock()
	v := t.view
	t.mu.Unlock()
	w, h := int64(v.Width), int64(v.Height)
	_, err := cdp.Call(ctx, c, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: w, Height: h, ScreenWidth: w, ScreenHeight: h, DeviceScaleFactor: v.DeviceScaleFactor,
	})
	if err != nil {
		return fmt.Errorf("set viewport: %w", err)
	}
	return nil
}

// ID identifies the tab in views and navigations.
func (t *Tab) ID() string { return t.id }

// State is what the tab shows now.
func (t *Tab) State() TabState {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

// Close closes the tab and waits for its watchers.
func (t *Tab) Close() { t.close() }

// handle is the tab's listener: it runs on the event loop, so it only
// notes what happened and hands the rest to goroutines.
func (t *Tab) handle(ev any) {
	switch ev := ev.(type) {
	case *fetch.EventRequestPaused:
		t.work.Go(func() { t.decide(ev) })
	case *page.EventFrameRequestedNavigation:
		if ev.FrameID == t.rec.mainFrame {
			t.expect(requestedReached(ev.Reason))
		}
	case *page.EventFrameStartedLoading:
		if ev.FrameID == t.rec.mainFrame {
			t.update(func(s *TabState) { s.Loading = true })
		}
	case *page.EventFrameStoppedLoading:
		if ev.FrameID == t.rec.mainFrame {
			t.update(func(s *TabState) { s.Loading = false })
		}
	case *page.EventFrameNavigated:
		if f := ev.Frame; f != nil && f.ID == t.rec.mainFrame {
			restored := ev.Type == page.NavigationTypeBackForwardCacheRestore
			t.update(func(s *TabState) { s.URL, s.Painted = f.URL+f.URLFragment, restored })
		}
	case *page.EventLifecycleEvent:
		if ev.FrameID == t.rec.mainFrame && ev.Name == "firstContentfulPaint" {
			t.update(func(s *TabState) { s.Painted = true })
		}
	case *page.EventLoadEventFired:
		t.work.Go(func() { t.viewed("") })
	case *page.EventNavigatedWithinDocument:
		if ev.FrameID == t.rec.mainFrame {
			t.work.Go(func() { t.viewed(ev.URL) })
		}
	case *page.EventScreencastFrame:
		select {
		case t.frames <- ev:
		default: // the view is behind: this frame goes unacknowledged and Chromium waits
		}
	}
}

// requestedReached says how a navigation the page started was reached.
func requestedReached(r page.ClientNavigationReason) string {
	switch r {
	case page.ClientNavigationReasonFormSubmissionGet, page.ClientNavigationReasonFormSubmissionPost:
		return ReachedForm
	case page.ClientNavigationReasonReload:
		return ReachedReload
	case page.ClientNavigationReasonHTTPHeaderRefresh, page.ClientNavigationReasonMetaTagRefresh:
		return ReachedRedirect
	}
	return ReachedLink
}

// expect says how the next main-frame navigation is reached.
func (t *Tab) expect(how string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending = how
}

// decide holds a paused document request for the gate: main-frame
// documents wait for it, subframes' go on.
func (t *Tab) decide(ev *fetch.EventRequestPaused) {
	allow := true
	if ev.FrameID == t.rec.mainFrame && ev.Request != nil {
		t.mu.Lock()
		n := Navigation{URL: ev.Request.URL + ev.Request.URLFragment, Reached: t.pending, Previous: t.state.URL, Tab: t.id}
		if ev.RedirectedRequestID != "" {
			n.Reached = ReachedRedirect
		} else if n.Reached == "" {
			n.Reached = ReachedLink
		}
		t.mu.Unlock()
		if t.h.Gate != nil {
			allow = t.h.Gate(t.ctx, n)
		}
		if allow && ev.RedirectedRequestID == "" {
			t.mu.Lock()
			t.requested, t.reached, t.pending = n.URL, n.Reached, ""
			t.mu.Unlock()
		}
	}
	var err error
	if allow {
		_, err = chromedp.Call(t.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
	} else {
		t.expect("")
		_, err = chromedp.Call(t.ctx, fetch.FailRequest,
			fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonAborted})
	}
	if err != nil && t.ctx.Err() == nil && t.b.opts.Logf != nil {
		t.b.opts.Logf("tab %s: release %s: %v", t.id, ev.RequestID, err)
	}
}

// viewed reports the page shown: after the main frame's load event
// (inPage "") or an in-page route change to inPage. A change of the
// fragment alone is not a new view.
func (t *Tab) viewed(inPage string) {
	st, err := step(t.ctx, DefaultStepTimeout, currentState)
	if err != nil {
		return
	}
	t.mu.Lock()
	v := View{URL: t.requested, FinalURL: st.url, Title: st.title, Reached: t.reached, Tab: t.id}
	if inPage != "" {
		if sameDocument(inPage, t.state.URL) {
			t.mu.Unlock()
			return
		}
		v.URL, v.FinalURL, v.Reached = inPage, inPage, ReachedInPage
	}
	t.mu.Unlock()
	t.update(func(s *TabState) { s.URL, s.Title = v.FinalURL, st.title })
	if v.URL == "" || v.URL == "about:blank" {
		return
	}
	if t.h.Viewed != nil {
		t.h.Viewed(v)
	}
}

// sameDocument says whether a and b differ in their fragment only.
func sameDocument(a, b string) bool {
	cut := func(s string) string {
		s, _, _ = strings.Cut(s, "#")
		return s
	}
	return cut(a) == cut(b)
}

// update changes the state and reports it, with the history buttons' state
// read afresh.
func (t *Tab) update(change func(*TabState)) {
	t.mu.Lock()
	change(&t.state)
	t.mu.Unlock()
	t.work.Go(func() {
		t.report.Lock()
		defer t.report.Unlock()
		h, err := chromedp.Call(t.ctx, page.GetNavigationHistory, cdp.Empty{})
		t.mu.Lock()
		if err == nil {
			t.state.CanBack = int(h.CurrentIndex) > firstPage(h.Entries)
			t.state.CanForward = h.CurrentIndex < int64(len(h.Entries))-1
		}
		st := t.state
		t.mu.Unlock()
		if t.h.State != nil {
			t.h.State(st)
		}
	})
}

// Navigate loads the address typed (see Address) in the tab. It returns
// once the browser has the request, before the gate decides.
func (t *Tab) Navigate(ctx context.Context, url string) error {
	if _, err := checkURL(url); err != nil {
		return fmt.Errorf("navigate to %s: %w", url, err)
	}
	return t.navigate(ctx, url, ReachedTyped)
}

// NavigatePopup loads in the tab a pop-up's address that another tab's
// TabHandlers.Popup heard of: the gate sees it as reached "pop-up".
func (t *Tab) NavigatePopup(ctx context.Context, url string) error {
	if _, err := checkURL(url); err != nil {
		return fmt.Errorf("open pop-up %s: %w", url, err)
	}
	return t.navigate(ctx, url, ReachedPopup)
}

// navigate starts a navigation reached how; the page.Navigate call, which
// lasts as long as the gate holds the request, runs on its own.
func (t *Tab) navigate(ctx context.Context, url, how string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.expect(how)
	t.work.Go(func() {
		res, err := chromedp.Call(t.ctx, page.Navigate, page.NavigateParams{URL: url})
		if err == nil && res.ErrorText != "" && res.ErrorText != "net::ERR_ABORTED" && t.b.opts.Logf != nil {
			t.b.opts.Logf("tab %s: navigate to %s: %s", t.id, url, res.ErrorText)
		}
	})
	return nil
}

// Back and Forward move through the tab's history; Reload loads the page
// again; Stop stops loading.
func (t *Tab) Back(ctx context.Context) error    { return t.history(ctx, -1) }
func (t *Tab) Forward(ctx context.Context) error { return t.history(ctx, +1) }

func (t *Tab) history(ctx context.Context, step int) error {
	h, err := chromedp.Call(t.ctx, page.GetNavigationHistory, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	i := int(h.CurrentIndex) + step
	if i < firstPage(h.Entries) || i >= len(h.Entries) {
		return nil
	}
	t.expect(ReachedBackForward)
	t.work.Go(func() {
		chromedp.Call(t.ctx, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: h.Entries[i].ID}) //nolint:errcheck // the gate or the load reports the outcome
	})
	return ctx.Err()
}

// firstPage is the index of the first history entry that is a page: a new
// tab starts on about:blank, which is not one to go back to.
func firstPage(entries []*page.NavigationEntry) int {
	for i, e := range entries {
		if e.URL != "about:blank" {
			return i
		}
	}
	return len(entries)
}

func (t *Tab) Reload(ctx context.Context) error {
	t.expect(ReachedReload)
	t.work.Go(func() {
		chromedp.Call(t.ctx, page.Reload, page.ReloadParams{}) //nolint:errcheck // as history
	})
	return ctx.Err()
}

func (t *Tab) Stop(ctx context.Context) error {
	if _, err := call(ctx, t, page.StopLoading, cdp.Empty{}); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	return nil
}

// ErrTabClosed is returned by a Tab's methods after Close.
var ErrTabClosed = errors.New("tab closed")

// call runs one protocol command on the tab, bounded by ctx and a step
// timeout as well as by the tab.
func call[P, R any](ctx context.Context, t *Tab, cmd cdp.Command[P, R], params P) (R, error) {
	if t.ctx.Err() != nil {
		var zero R
		return zero, ErrTabClosed
	}
	c, cancel := t.within(ctx)
	defer cancel()
	return chromedp.Call(c, cmd, params)
}

// within is the tab's context, ended by ctx too and after a step timeout:
// the tab's context names its target, which ctx does not.
func (t *Tab) within(ctx context.Context) (context.Context, context.CancelFunc) {
	c, cancel := context.WithTimeout(t.ctx, DefaultStepTimeout)
	stop := context.AfterFunc(ctx, cancel)
	return c, func() {
		stop()
		cancel()
	}
}
