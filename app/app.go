// Package app is Sightline's desktop app (DESIGN.md §8): a Fyne window over
// the workspace. It renders and does not decide: every button calls a
// workspace function that the command line calls too, and errors come back
// from there to be shown as sentences.
package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/assets"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/workspace"
)

// ID is the app's identity, as FyneApp.toml gives it.
const ID = "org.sightline.app"

// closeWait bounds how long Close waits for background work (a capture being
// cancelled, a thumbnail being read) before it stops the browser.
const closeWait = 15 * time.Second

// Options change how the UI captures.
type Options struct {
	// Persona is the research identity whose browser profile captures use;
	// "" is workspace.DefaultPersona.
	Persona string
	// Browser says how Chromium starts (executable, viewport).
	Browser capture.Options
	// Deadline bounds each page load; zero is the capture package's default.
	Deadline time.Duration
	// Home is an address the research browser offers to start with (the
	// training site's).
	Home string
	// Central is the central store's DSN (workspace.CentralDSN), "" for
	// none. With one, the app syncs to it in the background, and the audit
	// tab can review it read-only.
	Central string
}

// UI is the main window and what it shows. Its fields are touched only on
// Fyne's goroutine, except the browser, which has its own lock, and jobs.
type UI struct {
	ctx  context.Context
	stop context.CancelFunc
	app  fyne.App
	win  fyne.Window
	ws   *workspace.Workspace
	opts Options

	officer       workspace.Officer
	firstRun      *officerForm // the first-run screen's form, until it is done
	officerDialog *officerForm // the last Change officer form shown
	officerBar    *officerBar
	cases         *casePicker
	capture       *captureBar
	browse        *researchBrowser
	tabs          *container.AppTabs
	keys          map[string]func(*UI) // the main window's shortcuts, by name
	list          *captureList
	subjects      *subjectsTab
	audit         *auditTab
	sync          *centralSync // nil without a central store

	jobs sync.WaitGroup // background work: captures and thumbnails
	doMu sync.Mutex     // held while a job's update runs (do)

	browserMu sync.Mutex
	browser   *workspace.Browser
}

// New builds the main window of a on ws. ctx bounds everything the window
// starts; Close stops what is still running.
func New(ctx context.Context, a fyne.App, ws *workspace.Workspace, opts Options) *UI {
	ctx, stop := context.WithCancel(ctx)
	u := &UI{ctx: ctx, stop: stop, app: a, ws: ws, opts: opts}
	// The jobs New starts update the window only once it is built.
	u.doMu.Lock()
	defer u.doMu.Unlock()
	u.syncCentral()
	u.win = a.NewWindow("Sightline")
	u.win.SetIcon(assets.Icon())
	u.win.Resize(fyne.NewSize(1120, 760))
	u.win.SetMaster()
	u.applyTheme()

	officer, err := ws.CurrentOfficer(ctx)
	switch {
	case err == nil:
		u.showMain(officer)
	case errors.Is(err, workspace.ErrNoOfficer):
		u.win.SetContent(u.newOfficerScreen())
	default:
		u.win.SetContent(u.newOfficerScreen())
		u.showError("Could not read the officer", err, nil)
	}
	if r := ws.Recovered(); len(r.Published)+len(r.Quarantined) > 0 {
		u.showRecovered(r)
	}
	return u
}

// syncCentral starts the background sync when the workspace has a central
// store; the main screen's footer shows it.
func (u *UI) syncCentral() {
	if u.ws.Central() && u.sync == nil {
		u.sync = u.startCentralSync()
	}
}

// showRecovered says what opening the workspace did with the work of a
// Sightline that was stopped mid-way.
func (u *UI) showRecovered(r workspace.Recovered) {
	msg := widget.NewLabel(fmt.Sprintf("Sightline was stopped while it was working. On opening, it put in place %d "+
		"bundles and packs that had been recorded, and moved %d unfinished files to quarantine/ in the workspace, "+
		"where nothing is deleted. Both are in the audit log. To check the whole workspace, run: sightline doctor",
		len(r.Published), len(r.Quarantined)))
	if len(r.Unplaced) > 0 {
		msg.SetText(msg.Text + fmt.Sprintf("\n\n%d recorded files could not be put in place and wait in quarantine/; sightline doctor names them.", len(r.Unplaced)))
	}
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Interrupted work recovered", "OK", msg, u.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// Window is the main window.
func (u *UI) Window() fyne.Window { return u.win }

// Content is what the main window shows now.
func (u *UI) Content() fyne.CanvasObject { return u.win.Content() }

// Close cancels a running capture, waits a little for background work to
// end and stops the browser if one was started. Call it once the app has
// stopped running.
func (u *UI) Close() error {
	u.stop()
	done := make(chan struct{})
	go func() {
		u.jobs.Wait()
		close(done)
	}()
	if u.sync != nil {
		jobs := done
		done = make(chan struct{})
		go func() {
			<-jobs
			<-u.sync.done
			close(done)
		}()
	}
	select {
	case <-done:
	case <-time.After(closeWait):
	}
	if u.browse != nil {
		u.browse.closeAll()
	}
	if u.audit != nil {
		u.audit.closeCentral()
	}
	u.browserMu.Lock()
	defer u.browserMu.Unlock()
	if u.browser == nil {
		return nil
	}
	err := u.browser.Close()
	u.browser = nil
	return err
}

// goJob runs fn off Fyne's goroutine; fn reaches widgets only via u.do.
func (u *UI) goJob(fn func()) {
	u.jobs.Add(1)
	go func() {
		defer u.jobs.Done()
		fn()
	}()
}

// Do runs fn on Fyne's goroutine, one at a time with the window's own
// background updates. Code outside this package that drives the widgets
// (tests on Fyne's test driver, which has no UI goroutine) must go through
// it.
func (u *UI) Do(fn func()) { u.do(fn) }

// do runs fn on Fyne's goroutine, one at a time. Fyne's own drivers need no
// lock for that; its test driver runs fn on the caller's goroutine, where
// two jobs would otherwise update widgets at once.
func (u *UI) do(fn func()) {
	fyne.Do(func() {
		u.doMu.Lock()
		defer u.doMu.Unlock()
		fn()
	})
}

// showMain replaces whatever the window shows with the main screen for
// officer: header, case picker, capture bar and capture list.
func (u *UI) showMain(officer workspace.Officer) {
	u.officer = officer
	u.officerBar = u.newOfficerBar()
	u.cases = u.newCasePicker()
	u.capture = u.newCaptureBar()
	u.browse = u.newResearchBrowser()
	u.list = u.newCaptureList()
	u.subjects = u.newSubjectsTab()
	u.audit = u.newAuditTab()
	u.firstRun = nil
	u.win.SetContent(u.mainLayout())
	u.cases.reload("")
}

func (u *UI) mainLayout() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(assets.Icon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(32, 32))
	name := widget.NewLabelWithStyle("Sightline", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	tools := container.NewHBox(
		widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), u.showExport),
		widget.NewButtonWithIcon("Settings", theme.SettingsIcon(), u.showSettings),
		widget.NewButtonWithIcon("Help", theme.HelpIcon(), u.showHelp),
	)
	header := container.NewBorder(nil, nil, container.NewHBox(icon, name, tools), u.officerBar.object())
	footer := widget.NewLabel("Workspace: " + u.ws.Dir())
	footer.Importance = widget.LowImportance
	footer.SizeName = theme.SizeNameCaptionText
	footer.Truncation = fyne.TextTruncateEllipsis
	var bottom fyne.CanvasObject = footer
	if u.sync != nil {
		bottom = container.NewVBox(u.sync.object(), footer)
	}
	top := container.NewVBox(header, widget.NewSeparator(), u.cases.object())
	evidence := container.NewBorder(container.NewVBox(u.capture.object(), widget.NewSeparator()), nil, nil, nil, u.list.object(u.cases.about))
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Browse", theme.SearchIcon(), u.browse.object()),
		container.NewTabItemWithIcon("Evidence", theme.MediaPhotoIcon(), evidence),
		container.NewTabItemWithIcon("Subjects", theme.AccountIcon(), u.subjects.object()),
		container.NewTabItemWithIcon("Audit", theme.ListIcon(), u.audit.object()),
	)
	u.addShortcuts()
	return container.NewPadded(container.NewBorder(top, bottom, nil, nil, u.tabs))
}

// Run opens the workspace in dir and runs the desktop app until its window
// closes or ctx is cancelled (SIGTERM), then stops the browser and closes
// the workspace.
func Run(ctx context.Context, dir string, opts Options) error {
	ws, err := workspace.Open(ctx, dir, workspace.WithCentral(opts.Central))
	if err != nil {
		return err
	}
	if err := ws.AppStarted(ctx); err != nil {
		ws.Close()
		return err
	}
	a := fyneapp.NewWithID(ID)
	if a.Metadata().ID == "" {
		// Built with "go build", which does not embed FyneApp.toml: give
		// Fyne what the fyne tool would have (before the first window).
		fyneapp.SetMetadata(metadata())
	}
	a.SetIcon(assets.Icon())
	u := New(ctx, a, ws, opts)
	stopWatching := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	u.Window().ShowAndRun()
	stopWatching()
	err = errors.Join(u.Close(), ws.AppStopped(context.WithoutCancel(ctx)))
	if cerr := ws.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close workspace %s: %w", ws.Dir(), cerr))
	}
	return err
}

// metadata mirrors FyneApp.toml.
func metadata() fyne.AppMetadata {
	return fyne.AppMetadata{
		ID: ID, Name: "Sightline", Version: evidence.Version, Build: 1, Icon: assets.Icon(),
		Migrations: map[string]bool{"fyneDo": true},
	}
}
