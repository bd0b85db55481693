package capture

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/sightline-osint/sightline/capture/social"
)

// Progress receives a capture's progress. Nil means none.
type Progress interface {
	// Stage names the step that starts: StageStart, StageLoad, StageSettle,
	// StageScroll (only when Request.Scroll asks for it), StageScreenshot,
	// StageDOM, StageArtefacts.
	Stage(name string)
	// Add adds done finished units and total expected units to the running
	// counts. A capture first adds (0, n), n the number of its stages, then
	// (1, 0) as each stage ends.
	Add(done, total int64)
}

// The stages of a capture, in order.
const (
	StageStart      = "start"
	StageLoad       = "load"
	StageSettle     = "settle"
	StageScroll     = "scroll"
	StageScreenshot = "screenshot" // the full page
	StageDOM        = "dom"        // DOM, viewport screenshot, visible text, MHTML, metadata
	StageArtefacts  = "artefacts"  // PDF, the last response bodies, cookies, downloads
)

// Request defaults.
const (
	DefaultDeadline     = 60 * time.Second
	DefaultTabTimeout   = 60 * time.Second
	DefaultAfterLoad    = 50 * time.Millisecond
	DefaultSettle       = 200 * time.Millisecond
	DefaultStepTimeout  = 10 * time.Second
	DefaultMaxBodyBytes = 50 << 20
)

// Request asks for one page.
type Request struct {
	URL string
	// Deadline is the longest the capture waits for the page, counted from
	// the navigation: the response, the load event, the wait after it and
	// scrolling together. Opening and preparing the tab come before it and
	// are bounded by TabTimeout, so a busy browser does not eat into it.
	// Default 60s.
	Deadline time.Duration
	// TabTimeout bounds opening the capture's tab and preparing it
	// (viewport, network buffers, cache), before the deadline starts; a
	// browser that takes longer gives ErrBrowserBusy. Default 60s.
	TabTimeout time.Duration
	// AfterLoad is the least the capture waits after the load event, for
	// what short timers and other asynchronous work start. Requests that
	// load handlers start need no wait: Chromium reports them before the
	// load event itself. Default 50ms.
	AfterLoad time.Duration
	// Settle is how long the network must stay idle after the last request
	// that started or ended after the load event, so that a page that
	// fetches after loading (a chain of fetch() calls rendering their
	// results) is waited for. Requests of the page's loading, which the
	// load event waited for, do not count. Default 200ms.
	Settle time.Duration
	// StepTimeout bounds each step after the wait (each screenshot tile,
	// DOM, text, MHTML, PDF, metadata, the last bodies). Default 10s.
	StepTimeout time.Duration
	// MaxBodyBytes caps each response body kept; larger bodies are not kept
	// and their exchange says so. Default 50 MB.
	MaxBodyBytes int64
	// MaxDownloadBytes caps each download kept. Default 50 MB.
	MaxDownloadBytes int64
	// MaxScreenshotHeight caps the full-page screenshot, in CSS pixels;
	// a taller page shows its top part and Metadata.Screenshot says so.
	// Default 50,000.
	MaxScreenshotHeight int
	// Scroll, when positive, scrolls the page down up to Scroll screens,
	// stopping early when it stops growing, before the full-page
	// screenshot, so infinite feeds and lazy images show more.
	Scroll int
	// ScrollPosts and ScrollUntil stop scrolling earlier: once the page
	// shows ScrollPosts posts, or a post from before ScrollUntil, as the
	// platform's post rule finds them (Scroll still bounds the screens).
	ScrollPosts int
	ScrollUntil time.Time
	// Rules are the social-media rules posts.json is read with (and
	// overlays dismissed and expanders opened by); nil is the built-in
	// rules (capture/social).
	Rules *social.Rules

	resourceBuffer int64 // Chromium's per-resource body buffer; tests shrink it
}

// Result is a captured page.
type Result struct {
	Screenshot []byte     // full-page PNG
	Viewport   []byte     // PNG of the viewport, scrolled to the top; nil when it failed (Meta.ArtefactErrors)
	DOM        string     // the document serialised after scripts ran, doctype included
	MHTML      []byte     // the page and its resources as one MHTML file (Page.captureSnapshot)
	PDF        []byte     // the page printed to A4, backgrounds included
	Text       string     // the page's visible text (document.body.innerText)
	Meta       Metadata   // what was recorded about the page
	Network    []Exchange // every request the tab made, in the order sent, with bodies
	Downloads  []Download // files the page downloaded, in the order begun
	// Posts are the page's posts and their authors (evidence/posts.json);
	// nil when they could not be read (Meta.ArtefactErrors["posts"]).
	Posts *social.Posts
}

// Capture loads req.URL in a new tab of b, waits for it within the deadline,
// and preserves it. A page that misses the deadline is still preserved and
// marked Incomplete. Errors: ErrUnsupportedScheme, *LoadError,
// ErrBrowserBusy, or the error of ctx when it ends first.
func (b *Browser) Capture(ctx context.Context, req Request, p Progress) (*Result, error) {
	if _, err := checkURL(req.URL); err != nil {
		return nil, fmt.Errorf("capture %s: %w", req.URL, err)
	}
	if p == nil {
		p = noProgress{}
	}
	s := &session{b: b, req: req.withDefaults(), p: p, rec: newRecorder(), crashed: crash{done: make(chan struct{})}}
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
	if r.TabTimeout <= 0 {
		r.TabTimeout = DefaultTabTimeout
	}
	if r.AfterLoad <= 0 {
		r.AfterLoad = DefaultAfterLoad
	}
	if r.Settle <= 0 {
		r.Settle = DefaultSettle
	}
	if r.StepTimeout <= 0 {
		r.StepTimeout = DefaultStepTimeout
	}
	if r.MaxBodyBytes <= 0 {
		r.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if r.MaxDownloadBytes <= 0 {
		r.MaxDownloadBytes = DefaultMaxDownloadBytes
	}
	if r.MaxScreenshotHeight <= 0 {
		r.MaxScreenshotHeight = DefaultMaxScreenshotHeight
	}
	if r.resourceBuffer <= 0 {
		r.resourceBuffer = max(resourceBufferSize, r.MaxBodyBytes+1)
	}
	return r
}

// session is one capture in progress.
type session struct {
	b         *Browser
	req       Request
	p         Progress
	rec       *recorder
	meta      Metadata
	dialogs   *dialogs
	popups    *popups
	downloads *downloads
	navLoader string     // the document load the capture's navigation started
	errMu     sync.Mutex // guards meta.ArtefactErrors, written by steps run at once
	staged    bool
	tabDone   func() // closes the tab and waits for its watchers
	viewport  bool   // the screenshot is the viewport as shown, not the full page
	crashed   crash
}

// crash notes that the capture's renderer crashed (Inspector.targetCrashed).
type crash struct {
	once sync.Once
	done chan struct{}
}

func (c *crash) handle(ev any) {
	if _, ok := ev.(*inspector.EventTargetCrashed); ok {
		c.once.Do(func() { close(c.done) })
	}
}

// happened says whether the renderer crashed (never, for a crash whose
// done is nil: a live tab's capture, which the tab watches).
func (c *crash) happened() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

func (s *session) run(ctx context.Context) (*Result, error) {
	tab, done, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	posts := s.readPosts(tab, true)
	if err := s.stillThere(ctx); err != nil {
		return nil, err
	}
	res, err := s.preserve(tab)
	if err != nil {
		return nil, err
	}
	s.complete(res, posts)
	s.tabDone()
	s.finish(res)
	return res, nil
}

// complete adds the posts to what was preserved and ends the capture's
// last stage.
func (s *session) complete(res *Result, posts *social.Posts) {
	res.Posts = posts
	s.meta.Social = posts.Summary()
	s.meta.End = utcNow()
	s.p.Add(1, 0)
}

// check loads the page as run does and reports its posts' rules.
func (s *session) check(ctx context.Context) (*social.Check, *social.Posts, error) {
	tab, done, err := s.load(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer done()
	posts, check := s.readPostsChecked(tab, true)
	if err := s.stillThere(ctx); err != nil {
		return nil, nil, err
	}
	if check == nil {
		return nil, nil, fmt.Errorf("read posts: %s", s.meta.ArtefactErrors["posts"])
	}
	return check, posts, nil
}

// load opens the capture's tab and loads the page in it within the
// deadline, scrolled as asked; done closes the tab.
func (s *session) load(ctx context.Context) (tab context.Context, done func(), err error) {
	s.stage(StageStart)
	s.meta = Metadata{
		RequestedURL: s.req.URL, Start: utcNow(), Browser: s.b.Version(),
		Viewport: Viewport{Width: s.b.opts.Width, Height: s.b.opts.Height, DeviceScaleFactor: 1},
	}
	tab, err = s.openTab(ctx)
	if err != nil {
		return nil, nil, err
	}
	wait, cancel := context.WithTimeout(tab, s.req.Deadline)
	done = func() {
		cancel()
		s.tabDone()
	}
	go func() {
		select {
		case <-s.crashed.done:
			cancel()
		case <-wait.Done():
		}
	}()
	download, err := chromedp.Run(wait, s.navigate)
	if s.crashed.happened() {
		done()
		return nil, nil, fmt.Errorf("load: %w", ErrPageCrashed)
	}
	if err != nil {
		done()
		return nil, nil, err
	}
	s.waitPage(wait, download)
	if s.req.Scroll > 0 {
		s.meta.Scroll = s.scroll(wait, tab)
	}
	return tab, done, nil
}

// stillThere is ctx's error, or ErrPageCrashed once the page crashed.
func (s *session) stillThere(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.crashed.happened() {
		return fmt.Errorf("load: %w", ErrPageCrashed)
	}
	return nil
}

// openTab opens the capture's own tab, with the network recorder and the
// pop-up watcher listening from its first event, prepares it, subscribes
// the dialog and download watchers and starts the body readers. The tab
// closes when ctx ends. Opening and preparing it must end within
// TabTimeout, else the tab is closed and the error is ErrBrowserBusy.
func (s *session) openTab(ctx context.Context) (context.Context, error) {
	s.popups = &popups{}
	browser, err := s.b.live(ctx)
	if err != nil {
		return nil, err
	}
	tab, closeTab := chromedp.NewContext(browser.ctx,
		chromedp.WithListener(s.rec.handle), chromedp.WithListener(s.popups.handle), chromedp.WithListener(s.crashed.handle))
	stop := context.AfterFunc(ctx, closeTab)
	guard := time.AfterFunc(s.req.TabTimeout, closeTab)
	err = chromedp.Do(tab, chromedp.Func(s.prepareTab))
	if err == nil {
		s.downloads, err = watchDownloads(tab, s.rec, browser.downloads, s.req.MaxDownloadBytes)
	}
	if !guard.Stop() {
		// The guard closed the tab: whatever the calls said, the browser
		// was too slow.
		err = fmt.Errorf("%w: not open within %s", ErrBrowserBusy, s.req.TabTimeout)
	}
	if err != nil {
		stop()
		closeTab()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	s.popups.attach(tab, chromedp.FromContext(tab).Target.TargetID)
	d := watchDialogs(tab, nil)
	s.dialogs = d
	bodies := (&bodyFetcher{rec: s.rec, max: s.req.MaxBodyBytes, timeout: s.req.StepTimeout}).start(tab)
	s.tabDone = func() {
		stop()
		closeTab()
		d.wait()
		bodies.Wait()
	}
	return tab, nil
}

// navigate names the main frame to the recorder and navigates. It returns
// when Chromium has committed the navigation, or turned it into a download
// (true).
func (s *session) navigate(ctx context.Context, t *chromedp.Target) (bool, error) {
	tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return false, fmt.Errorf("frame tree: %w", err)
	}
	s.rec.arm(tree.FrameTree.Frame.ID)
	res, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: s.req.URL})
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return false, &LoadError{URL: s.req.URL, Reason: fmt.Sprintf("no response within %s", s.req.Deadline), err: err}
	case err != nil:
		return false, fmt.Errorf("navigate: %w", err)
	case res.IsDownload:
		s.navLoader = string(res.LoaderID)
		return true, nil
	case res.ErrorText != "":
		return false, &LoadError{URL: s.req.URL, Reason: s.b.explainLoad(res.ErrorText), err: &chromedp.LoadError{ErrorText: res.ErrorText}}
	}
	s.navLoader = string(res.LoaderID)
	return false, nil
}

// prepareTab sets the viewport, keeps bodies in Chromium long enough to read
// them, and turns the cache off so that every response comes from the
// server now.
func (s *session) prepareTab(ctx context.Context, t *chromedp.Target) error {
	// The screen matches the viewport, so scripts see one consistent size.
	w, h := int64(s.meta.Viewport.Width), int64(s.meta.Viewport.Height)
	_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: w, Height: h, ScreenWidth: w, ScreenHeight: h,
		DeviceScaleFactor: s.meta.Viewport.DeviceScaleFactor,
	})
	if err != nil {
		return fmt.Errorf("set viewport: %w", err)
	}
	_, err = cdp.Call(ctx, t, network.Enable, network.EnableParams{
		MaxTotalBufferSize:    new(max(int64(totalBufferSize), 4*s.req.resourceBuffer)),
		MaxResourceBufferSize: new(s.req.resourceBuffer),
		MaxPostDataSize:       new(int64(postDataSize)),
	})
	if err != nil {
		return fmt.Errorf("network buffers: %w", err)
	}
	if _, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return fmt.Errorf("disable cache: %w", err)
	}
	return nil
}

// waitPage waits, within ctx's deadline, for the page to load and settle,
// or, when the navigation became a download, for the download to end.
func (s *session) waitPage(ctx context.Context, download bool) {
	if !download {
		if reason := s.wait(ctx); reason != "" {
			s.meta.Incomplete, s.meta.IncompleteReason = true, reason
		}
		return
	}
	s.meta.NavigationDownload = true
	s.stage(StageLoad)
	s.downloads.waitAll(ctx, true)
	s.stage(StageSettle)
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
	idle, err := s.rec.waitIdle(ctx, s.req.Settle, s.req.AfterLoad, s.rec.loadedSince())
	if err != nil {
		return fmt.Sprintf("network not idle for %s within %s: %d in flight",
			s.req.Settle, s.req.Deadline, s.rec.inFlight())
	}
	s.meta.Timing.NetworkIdle = idle.UTC().Truncate(time.Millisecond)
	return ""
}

// stage reports the end of the previous stage and the start of the next.
func (s *session) stage(name string) {
	if s.staged {
		s.p.Add(1, 0)
	} else {
		n := int64(6)
		if s.req.Scroll > 0 {
			n++
		}
		s.p.Add(0, n)
		s.staged = true
	}
	s.p.Stage(name)
}

type noProgress struct{}

func (noProgress) Stage(string)     {}
func (noProgress) Add(int64, int64) {}
