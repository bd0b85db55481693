package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	slwidget "github.com/sightline-osint/sightline/app/widget"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// researchBrowser is the Browse tab: the researcher's browser, one live
// Chromium tab per tab shown. Every navigation is checked by the workspace
// before it loads (ws.Check, and the stop-and-ask through ws.Decide) and
// recorded once it has (ws.RecordView), as `sightline check` and
// `sightline view` do.
type researchBrowser struct {
	u                            *UI
	address                      *widget.Entry
	back, forward, reload, stop  *widget.Button
	loading                      *widget.ProgressBarInfinite
	title, banner, badge, status *widget.Label
	addSubject                   *widget.Button
	tabs                         *container.DocTabs
	capture                      *captureBar
	fullPage, scroll, cleanCopy  *widget.Check
	autoCapture                  *widget.Check // of the case shown
	lights                       *widget.Button
	autoQuiet                    bool // autoCapture is being set to what the case says

	open    []*researchTab // in the order of tabs.Items
	caseRef string
	last    viewing.ViewCheck // the last view's check, for Add as subject

	mu       sync.Mutex // guards shownCas and autoOn for the tabs' goroutines
	shownCas string
	autoOn   bool
}

// researchTab is one tab of the research browser.
type researchTab struct {
	r    *researchBrowser
	tab  *capture.Tab
	view *slwidget.LiveView
	item *container.TabItem
	in   chan func(context.Context) // input for the tab, in order
	st   capture.TabState

	linkMu sync.Mutex
	links  map[string]string // URL → the authorisation the researcher linked to it
	hover  sync.Mutex        // held while a cursor lookup runs
}

// inputQueue is how many input events wait for a busy tab; mouse moves
// beyond it are dropped.
const inputQueue = 256

func (u *UI) newResearchBrowser() *researchBrowser {
	r := &researchBrowser{u: u}
	r.address = widget.NewEntry()
	r.address.SetPlaceHolder("Address or search — Ctrl+L")
	r.address.OnSubmitted = func(string) { r.go_() }
	r.address.SetText(u.opts.Home)
	r.back = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { r.onTab((*capture.Tab).Back) })
	r.forward = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { r.onTab((*capture.Tab).Forward) })
	r.reload = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { r.onTab((*capture.Tab).Reload) })
	r.stop = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { r.onTab((*capture.Tab).Stop) })
	r.loading = widget.NewProgressBarInfinite()
	r.loading.Hide()
	r.title = widget.NewLabel("")
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.banner = widget.NewLabel("")
	r.banner.Wrapping = fyne.TextWrapWord
	r.banner.Importance = widget.WarningImportance
	r.banner.Hide()
	r.badge = widget.NewLabel("")
	r.badge.Importance = widget.HighImportance
	r.status = widget.NewLabel("Choose a case, then type an address.")
	r.status.Importance = widget.LowImportance
	r.addSubject = widget.NewButtonWithIcon("Add as subject", theme.ContentAddIcon(), r.offerSubject)
	r.addSubject.Hide()
	r.tabs = container.NewDocTabs()
	r.tabs.OnSelected = func(*container.TabItem) { r.showState() }
	r.tabs.CloseIntercept = func(it *container.TabItem) { r.closeTab(it) }
	r.tabs.CreateTab = func() *container.TabItem { return r.newTab("") }
	r.fullPage = widget.NewCheck("Full page", nil)
	r.fullPage.SetChecked(true)
	r.scroll = widget.NewCheck("Scroll to load more", nil)
	r.cleanCopy = widget.NewCheck("Reload for a clean copy", nil)
	r.capture = u.newShownCaptureBar(r.captureShown)
	r.newAutoCapture()
	r.caseChosen("")
	return r
}

func (r *researchBrowser) object() fyne.CanvasObject {
	nav := container.NewHBox(r.back, r.forward, r.reload, r.stop)
	bar := container.NewBorder(nil, nil, nav, nil, r.address)
	info := container.NewBorder(nil, nil, nil, container.NewHBox(r.badge, r.addSubject), r.title)
	top := container.NewVBox(bar, r.loading, info, r.banner)
	bottom := container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, container.NewHBox(r.fullPage, r.scroll, r.cleanCopy), nil, r.capture.object()),
		container.NewBorder(nil, nil, nil, container.NewHBox(r.autoCapture, r.lights), r.status))
	return container.NewBorder(top, bottom, nil, nil, r.tabs)
}

// caseChosen says which case the views and captures go into.
func (r *researchBrowser) caseChosen(ref string) {
	r.caseRef = ref
	r.mu.Lock()
	r.shownCas = ref
	r.mu.Unlock()
	r.capture.caseChosen(ref)
	r.showAutoCapture(ref)
	if ref == "" {
		r.address.Disable()
		r.status.SetText("Choose a case, then type an address.")
		return
	}
	r.address.Enable()
	r.status.SetText("Views are checked and recorded in " + ref + ".")
}

// shownCase is the case chosen, for the tabs' goroutines.
func (r *researchBrowser) shownCase() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.shownCas
}

// current is the tab shown, nil when none is open.
func (r *researchBrowser) current() *researchTab {
	sel := r.tabs.Selected()
	for _, t := range r.open {
		if t.item == sel {
			return t
		}
	}
	return nil
}

// go_ goes to what the address bar holds, in the tab shown or a new one.
func (r *researchBrowser) go_() {
	if r.caseRef == "" {
		return
	}
	url, err := capture.Address(r.address.Text, "")
	if err != nil {
		r.u.showError("That is not an address Sightline can open", err, nil)
		return
	}
	t := r.current()
	if t == nil || t.tab == nil {
		r.tabs.Append(r.newTab(url))
		r.tabs.SelectIndex(len(r.tabs.Items) - 1)
		return
	}
	t.send(func(ctx context.Context) error { return t.tab.Navigate(ctx, url) })
}

// onTab runs a history or loading action on the tab shown.
func (r *researchBrowser) onTab(action func(*capture.Tab, context.Context) error) {
	if t := r.current(); t != nil && t.tab != nil {
		t.send(func(ctx context.Context) error { return action(t.tab, ctx) })
	}
}

// newTab adds a tab whose browser tab opens off Fyne's goroutine (starting
// Chromium on first use) and then loads url, if any, reached how.
func (r *researchBrowser) newTab(url string) *container.TabItem {
	return r.newTabReached(url, capture.ReachedTyped)
}

func (r *researchBrowser) newTabReached(url, how string) *container.TabItem {
	t := &researchTab{r: r, in: make(chan func(context.Context), inputQueue), links: map[string]string{}}
	t.view = slwidget.NewLiveView(t)
	t.item = container.NewTabItem("New tab", t.view)
	r.open = append(r.open, t)
	u := r.u
	u.goJob(func() {
		b, err := u.startedBrowser(u.ctx, nopProgress{})
		var tab *capture.Tab
		if err == nil {
			tab, err = b.OpenTab(u.ctx, capture.DefaultWidth, capture.DefaultHeight, t.handlers())
		}
		u.do(func() {
			if err != nil {
				r.u.showError("Could not open a browser tab", err, nil)
				return
			}
			t.tab = tab
			go t.run()
			if url != "" {
				t.send(func(ctx context.Context) error {
					if how == capture.ReachedPopup {
						return tab.NavigatePopup(ctx, url)
					}
					return tab.Navigate(ctx, url)
				})
			}
			if s := t.view.Size(); s.Width > 0 {
				t.view.Resize(s)
			}
		})
	})
	return t.item
}

// closeTab closes the tab of item.
func (r *researchBrowser) closeTab(it *container.TabItem) {
	for i, t := range r.open {
		if t.item == it {
			r.open = append(r.open[:i], r.open[i+1:]...)
			close(t.in)
			if t.tab != nil {
				tab := t.tab
				r.u.goJob(tab.Close)
			}
			break
		}
	}
	r.tabs.Remove(it)
	r.showState()
}

// closeAll closes every tab, when the window closes.
func (r *researchBrowser) closeAll() {
	for _, t := range r.open {
		close(t.in)
		if t.tab != nil {
			t.tab.Close()
		}
	}
	r.open = nil
}

// showState shows the address, title and buttons of the tab shown.
func (r *researchBrowser) showState() {
	t := r.current()
	if t == nil {
		r.title.SetText("")
		r.loading.Hide()
		return
	}
	st := t.st
	if r.u.win.Canvas().Focused() != r.address {
		r.address.SetText(st.URL)
	}
	r.title.SetText(st.Title)
	setEnabled(r.back, st.CanBack)
	setEnabled(r.forward, st.CanForward)
	if st.Loading {
		r.loading.Show()
		r.loading.Start()
	} else {
		r.loading.Stop()
		r.loading.Hide()
	}
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// handlers connect the browser tab to the workspace and the window.
func (t *researchTab) handlers() capture.TabHandlers {
	u := t.r.u
	return capture.TabHandlers{
		Gate:   t.gate,
		Viewed: t.viewed,
		State: func(st capture.TabState) {
			u.do(func() {
				t.st = st
				title := st.Title
				if title == "" {
					title = "New tab"
				}
				if len(title) > 24 {
					title = title[:23] + "…"
				}
				t.item.Text = title
				t.r.tabs.Refresh()
				if t.r.current() == t {
					t.r.showState()
				}
			})
		},
		Frame: func(f capture.Frame) { u.do(func() { t.view.ShowFrame(f.Image, f.Zoom) }) },
		Popup: func(url string) {
			u.do(func() {
				t.r.tabs.Append(t.r.newTabReached(url, capture.ReachedPopup))
				t.r.tabs.SelectIndex(len(t.r.tabs.Items) - 1)
			})
		},
		Dialog: t.dialog,
	}
}

// gate is asked before each top-level navigation leaves the browser: the
// workspace's check decides; "ask" waits for the researcher.
func (t *researchTab) gate(ctx context.Context, n capture.Navigation) bool {
	u, caseRef := t.r.u, t.r.shownCase()
	if caseRef == "" {
		return false
	}
	vc, err := u.ws.Check(ctx, caseRef, n.URL)
	if err != nil {
		u.do(func() { u.showError("Could not check the page before opening it; it was not opened", err, nil) })
		return false
	}
	if vc.Verdict != ripa.Ask || len(vc.Unresolved()) == 0 {
		return true
	}
	answer := make(chan workspace.Decision, 1)
	u.do(func() { t.r.ask(caseRef, vc, answer) })
	var d workspace.Decision
	select {
	case d = <-answer:
	case <-ctx.Done():
		return false
	}
	if err := u.ws.Decide(ctx, caseRef, u.opts.Persona, vc, d); err != nil {
		u.do(func() { u.showError("Could not record your decision; the page was not opened", err, nil) })
		return false
	}
	switch d.Choice {
	case workspace.ChoiceBack:
		u.do(func() { t.r.status.SetText("Not opened: " + n.URL) })
		return false
	case workspace.ChoiceLink:
		t.linkMu.Lock()
		t.links[n.URL] = d.Authorisation
		t.linkMu.Unlock()
	}
	return true
}

// viewed records a page that loaded, and shows what the rules said.
func (t *researchTab) viewed(v capture.View) {
	u, caseRef := t.r.u, t.r.shownCase()
	if caseRef == "" {
		return
	}
	opts := []viewing.ViewOption{viewing.Loaded(v.FinalURL, v.Title), viewing.Reached(v.Reached, v.Tab)}
	if b, err := u.startedBrowser(u.ctx, nopProgress{}); err == nil {
		// The egress address measured within the last minutes, so that
		// not every navigation asks the echo service.
		opts = append(opts, viewing.Through(b.ViewIdentity(u.ctx)))
	}
	t.linkMu.Lock()
	if ref, ok := t.links[v.URL]; ok {
		opts = append(opts, viewing.LinkAuthorisation(ref))
		delete(t.links, v.URL)
	}
	t.linkMu.Unlock()
	vc, err := u.ws.RecordView(u.ctx, caseRef, v.URL, u.opts.Persona, opts...)
	u.do(func() {
		if err != nil {
			u.showError("Could not record the view of "+v.FinalURL, err, nil)
			return
		}
		t.r.showCheck(vc)
	})
	if err == nil && t.r.keepsLight() {
		t.keepLight(caseRef)
	}
}

// showCheck shows the banner, the badge and "Add as subject" for a view.
func (r *researchBrowser) showCheck(vc viewing.ViewCheck) {
	r.last = vc
	r.badge.SetText(badgeText(vc))
	if vc.Verdict == ripa.Warn || vc.Verdict == ripa.Ask {
		r.banner.SetText(strings.Join(vc.Reasons, " ") + historyText(vc))
		r.banner.Show()
	} else {
		r.banner.Hide()
	}
	if vc.UnknownProfile {
		r.addSubject.Show()
	} else {
		r.addSubject.Hide()
	}
}

// badgeText names the subjects matched and the deciding episode.
func badgeText(vc viewing.ViewCheck) string {
	if len(vc.Subjects) == 0 {
		return ""
	}
	var names []string
	for _, s := range vc.Subjects {
		names = append(names, s.ID+" "+s.Name)
	}
	return fmt.Sprintf("%s · episode %d", strings.Join(names, ", "), vc.EpisodeNumber)
}

// historyText lists the deciding subject's earlier episodes.
func historyText(vc viewing.ViewCheck) string {
	if len(vc.Episodes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nEarlier episodes:")
	for i, e := range vc.Episodes {
		fmt.Fprintf(&b, "  %d. %s (%d views)", i+1, e.Start.UTC().Format("2 Jan 15:04"), e.Views)
	}
	return b.String()
}

// dialog asks the researcher about a JavaScript dialog of the page.
func (t *researchTab) dialog(d capture.Dialog) capture.DialogAnswer {
	answer := make(chan capture.DialogAnswer, 1)
	u := t.r.u
	u.do(func() { u.showPageDialog(d, answer) })
	select {
	case a := <-answer:
		return a
	case <-u.ctx.Done():
		return capture.DialogAnswer{}
	}
}

// run sends the tab its input, in order, until the tab closes.
func (t *researchTab) run() {
	for fn := range t.in {
		fn(t.r.u.ctx)
	}
}

// send queues fn for the tab; an error goes to the status line.
func (t *researchTab) send(fn func(context.Context) error) {
	t.queue(func(ctx context.Context) {
		if err := fn(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.r.u.do(func() { t.r.status.SetText("The page did not take that: " + err.Error()) })
		}
	}, true)
}

// drain waits until the input queued so far has reached the page.
func (t *researchTab) drain(ctx context.Context) error {
	done := make(chan struct{})
	t.queue(func(context.Context) { close(done) }, true)
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// queue adds fn to the tab's input; when must is false (mouse moves) it is
// dropped if the tab is behind.
func (t *researchTab) queue(fn func(context.Context), must bool) {
	if t.tab == nil {
		return
	}
	defer func() { recover() }() //nolint:errcheck // the tab was closed: input for it is dropped
	if must {
		t.in <- fn
		return
	}
	select {
	case t.in <- fn:
	default:
	}
}

// PageMouse, PageKey, PageText, PageCopy, PageResized, PageHover and
// WindowShortcut take the live view's input to the tab (slwidget.PageInput).
func (t *researchTab) PageMouse(m slwidget.PageMouse) {
	kinds := map[string]string{"move": capture.MouseMove, "down": capture.MouseDown, "up": capture.MouseUp, "wheel": capture.MouseWheel}
	cm := capture.Mouse{Type: kinds[m.Kind], X: m.X, Y: m.Y, Button: m.Button, Clicks: m.Clicks,
		DeltaX: m.DeltaX, DeltaY: m.DeltaY, Modifiers: capture.Modifiers(m.Modifiers)}
	t.queue(func(ctx context.Context) { t.tab.Mouse(ctx, cm) }, m.Kind != "move") //nolint:errcheck // a lost event is not worth a message
}

func (t *researchTab) PageKey(name string, mods slwidget.PageModifiers) {
	t.send(func(ctx context.Context) error { return t.tab.Key(ctx, name, capture.Modifiers(mods)) })
}

func (t *researchTab) PageText(text string) {
	t.send(func(ctx context.Context) error { return t.tab.InsertText(ctx, text) })
}

func (t *researchTab) PageCopy() {
	t.send(func(ctx context.Context) error {
		s, err := t.tab.Selection(ctx)
		if err == nil && s != "" {
			t.r.u.do(func() { t.r.u.app.Clipboard().SetContent(s) })
		}
		return err
	})
}

func (t *researchTab) WindowShortcut(s fyne.Shortcut) bool { return t.r.u.windowShortcut(s) }

func (t *researchTab) PageResized(w, h int) {
	t.send(func(ctx context.Context) error { return t.tab.Resize(ctx, w, h) })
}

func (t *researchTab) PageHover(x, y float64) {
	if t.tab == nil || !t.hover.TryLock() {
		return
	}
	go func() {
		defer t.hover.Unlock()
		if c, err := t.tab.CursorAt(t.r.u.ctx, x, y); err == nil {
			t.r.u.do(func() { t.view.SetCursor(c) })
		}
	}()
}

// captureShown seals the page the tab shows, as it is on screen; with
// "Reload for a clean copy", its address loaded afresh in a tab of its own,
// as `sightline capture` does.
func (r *researchBrowser) captureShown(ctx context.Context, note string, p capture.Progress) (workspace.Capture, error) {
	t := r.current()
	if t == nil || t.tab == nil {
		return workspace.Capture{}, errors.New("no page is open: type an address first")
	}
	if r.cleanCopy.Checked {
		return r.u.captureWith(ctx, workspace.CaptureRequest{Case: r.caseRef, URL: t.st.URL, Note: note, Deadline: r.u.opts.Deadline}, p)
	}
	rules, rulesErr := r.u.ws.CaptureRules()
	opts := capture.ShownOptions{ViewportOnly: !r.fullPage.Checked, Rules: rules}
	if r.scroll.Checked {
		opts.Scroll = 10
	}
	url := t.st.URL
	// What the researcher typed and clicked before Capture reaches the
	// page first.
	if err := t.drain(ctx); err != nil {
		return workspace.Capture{}, err
	}
	res, err := t.tab.Capture(ctx, opts, p)
	if err != nil {
		return workspace.Capture{}, err
	}
	if rulesErr != "" {
		res.Meta.ArtefactError("rules", rulesErr)
	}
	req := workspace.SealRequest{Case: r.caseRef, URL: url, Note: note, Persona: r.u.opts.Persona, Result: res}
	if b, err := r.u.startedBrowser(ctx, nopProgress{}); err == nil {
		req.Browser = b
	}
	return r.u.ws.Seal(ctx, req, p)
}

// offerSubject adds the profile shown as a subject of the case, named by
// the researcher.
func (r *researchBrowser) offerSubject() {
	vc := r.last
	if r.caseRef == "" || vc.URL == "" {
		return
	}
	r.u.askSubject(r.caseRef, vc.URL, func() { r.addSubject.Hide() })
}

// nopProgress is the progress of work whose stages nobody shows.
type nopProgress struct{}

func (nopProgress) Stage(string)     {}
func (nopProgress) Add(int64, int64) {}
