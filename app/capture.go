package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
)

// stage places a progress stage in order and says what the bar shows during
// it: the capture package's stages, after "browser" (the app starting
// Chromium for the first capture) and before "seal" (the workspace sealing
// the bundle).
func stage(name string) (index int, text string) {
	switch name {
	case "browser":
		return 0, "Starting the browser…"
	case capture.StageStart:
		return 1, "Opening a tab…"
	case capture.StageLoad:
		return 2, "Loading the page…"
	case capture.StageSettle:
		return 3, "Waiting for the page to finish…"
	case capture.StageScroll:
		return 4, "Scrolling to load more…"
	case capture.StageScreenshot:
		return 5, "Taking the full-page screenshot…"
	case capture.StageDOM:
		return 6, "Saving the page source…"
	case capture.StageArtefacts:
		return 7, "Saving MHTML, PDF and text…"
	case workspace.StageSeal:
		return 8, "Sealing and signing the bundle…"
	}
	return -1, name
}

// shownStage is what the bar says during a stage of a capture of the page
// shown, which opens no tab and loads nothing.
func shownStage(name, text string) string {
	switch name {
	case capture.StageStart:
		return "Pausing the live view…"
	case capture.StageLoad, capture.StageSettle:
		return "Waiting for the page's requests to end…"
	}
	return text
}

// stageCount is how many stages stage knows; the capture package's own
// counted units (Add) span stages 1 to 7.
const stageCount = 9

// captureBar takes the address and note, runs one capture at a time and
// shows its progress, with Cancel.
type captureBar struct {
	u       *UI
	url     *widget.Entry
	note    *widget.Entry
	button  *widget.Button
	bar     *widget.ProgressBar
	abort   *widget.Button
	running *fyne.Container
	status  *widget.Label

	// shown, for the research browser's bar, captures the page on screen
	// (and url is nil); else the bar captures url in a tab of its own.
	shown func(ctx context.Context, note string, p capture.Progress) (workspace.Capture, error)

	caseRef     string
	stageText   string             // what the bar says
	stopping    bool               // Cancel was tapped; the capture is ending
	done, total int64              // the capture's counted units, as Progress.Add gives them
	cancel      context.CancelFunc // non-nil while a capture runs
}

func (u *UI) newCaptureBar() *captureBar {
	b := &captureBar{u: u, url: widget.NewEntry(), note: widget.NewEntry(), status: widget.NewLabel("")}
	b.url.SetPlaceHolder("https://… the address of the page to capture")
	b.url.OnSubmitted = func(string) { b.start() }
	b.note.SetPlaceHolder("Optional: why this page matters (kept in the bundle)")
	b.button = widget.NewButtonWithIcon("Capture", theme.MediaPhotoIcon(), b.start)
	b.button.Importance = widget.HighImportance
	b.bar = widget.NewProgressBar()
	b.bar.TextFormatter = func() string { return b.stageText }
	b.abort = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), b.stopCapture)
	b.running = container.NewBorder(nil, nil, nil, b.abort, b.bar)
	b.running.Hide()
	b.status.Truncation = fyne.TextTruncateEllipsis
	b.caseChosen("")
	return b
}

// newShownCaptureBar is the research browser's bar: Capture seals the page
// on screen, by shown.
func (u *UI) newShownCaptureBar(shown func(context.Context, string, capture.Progress) (workspace.Capture, error)) *captureBar {
	b := u.newCaptureBar()
	b.url, b.shown = nil, shown
	b.note.OnSubmitted = func(string) { b.start() }
	return b
}

func (b *captureBar) object() fyne.CanvasObject {
	form := widget.NewForm(widget.NewFormItem("Note", b.note))
	if b.url != nil {
		form = widget.NewForm(widget.NewFormItem("Address", b.url), widget.NewFormItem("Note", b.note))
	}
	button := container.NewVBox(b.button)
	return container.NewVBox(
		container.NewBorder(nil, nil, nil, button, form),
		container.NewStack(b.status, b.running))
}

// caseChosen says which case captures go into; "" when none is chosen.
func (b *captureBar) caseChosen(ref string) {
	b.caseRef = ref
	b.enable()
}

func (b *captureBar) enable() {
	if b.caseRef == "" || b.cancel != nil {
		b.button.Disable()
	} else {
		b.button.Enable()
	}
}

// start captures the address into the chosen case, off Fyne's goroutine.
func (b *captureBar) start() {
	if b.cancel != nil || b.caseRef == "" {
		return
	}
	note := strings.TrimSpace(b.note.Text)
	run := b.shown
	if run == nil {
		req := workspace.CaptureRequest{Case: b.caseRef, URL: strings.TrimSpace(b.url.Text), Note: note, Deadline: b.u.opts.Deadline}
		run = func(ctx context.Context, _ string, p capture.Progress) (workspace.Capture, error) {
			return b.u.captureWith(ctx, req, p)
		}
	}
	ctx, cancel := context.WithCancel(b.u.ctx)
	b.cancel = cancel
	b.enable()
	b.abort.Enable()
	b.done, b.total, b.stopping = 0, 0, false
	b.bar.SetValue(0)
	b.showStage(capture.StageStart)
	b.status.Hide()
	b.running.Show()
	b.u.goJob(func() {
		c, err := run(ctx, note, barProgress{b})
		b.u.do(func() {
			cancel()
			b.finished(c, err)
		})
	})
}

// stopCapture cancels the running capture; the capture leaves nothing behind.
func (b *captureBar) stopCapture() {
	if b.cancel == nil {
		return
	}
	b.cancel()
	b.stopping = true
	b.abort.Disable()
	b.stageText = "Cancelling…"
	b.bar.Refresh()
}

func (b *captureBar) finished(c workspace.Capture, err error) {
	b.cancel = nil
	b.enable()
	b.running.Hide()
	b.status.Show()
	switch {
	case errors.Is(err, context.Canceled):
		b.setStatus("Capture cancelled: nothing was kept.", widget.LowImportance)
	case err != nil:
		b.setStatus("", widget.MediumImportance)
		b.u.showError("Capture failed", err, nil)
	default:
		if b.url != nil {
			b.url.SetText("")
		}
		b.note.SetText("")
		if c.Incomplete != "" {
			b.setStatus(fmt.Sprintf("Captured and sealed %s, but the page had not finished loading (%s): it is marked incomplete.",
				c.ID, c.Incomplete), widget.WarningImportance)
		} else {
			b.setStatus(fmt.Sprintf("Captured and sealed %s: %s", c.ID, c.Title), widget.SuccessImportance)
		}
		b.u.list.reload()
	}
}

func (b *captureBar) setStatus(text string, importance widget.Importance) {
	b.status.Importance = importance
	b.status.SetText(text)
}

// showStage shows the named stage and moves the bar to its start.
func (b *captureBar) showStage(name string) {
	if b.stopping {
		return
	}
	i, text := stage(name)
	if b.shown != nil {
		text = shownStage(name, text)
	}
	b.stageText = text
	if i < 0 {
		b.bar.Refresh()
		return
	}
	b.moveBar(float64(i) / stageCount)
}

// showAdd adds to the capture's counts of done and expected units and moves
// the bar to match.
func (b *captureBar) showAdd(done, total int64) {
	b.done += done
	b.total += total
	if b.total <= 0 || b.done < 0 || b.done > b.total {
		return
	}
	b.moveBar((1 + 7*float64(b.done)/float64(b.total)) / stageCount)
}

// moveBar moves the bar forward only: stages and counts both move it.
func (b *captureBar) moveBar(v float64) {
	if v > b.bar.Value {
		b.bar.SetValue(v)
	} else {
		b.bar.Refresh()
	}
}

// barProgress is the capture.Progress of the bar: it hands every report to
// Fyne's goroutine.
type barProgress struct{ b *captureBar }

func (p barProgress) Stage(name string) { p.b.u.do(func() { p.b.showStage(name) }) }

func (p barProgress) Add(done, total int64) { p.b.u.do(func() { p.b.showAdd(done, total) }) }

// captureWith captures req with the browser, starting it on first use.
func (u *UI) captureWith(ctx context.Context, req workspace.CaptureRequest, p capture.Progress) (workspace.Capture, error) {
	b, err := u.startedBrowser(ctx, p)
	if err != nil {
		return workspace.Capture{}, err
	}
	return u.ws.Capture(ctx, b, req, p)
}

// startedBrowser is the browser every capture reuses, started on first use
// (which p hears of as the stage "browser").
func (u *UI) startedBrowser(ctx context.Context, p capture.Progress) (*workspace.Browser, error) {
	u.browserMu.Lock()
	defer u.browserMu.Unlock()
	if u.browser != nil {
		return u.browser, nil
	}
	p.Stage("browser")
	b, err := u.ws.StartBrowser(ctx, u.opts.Persona, u.opts.Browser)
	if err != nil {
		return nil, err
	}
	u.browser = b
	return b, nil
}
