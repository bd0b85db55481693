package app

import (
	"fmt"
	"image"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	slwidget "github.com/sightline-osint/sightline/app/widget"
	"github.com/sightline-osint/sightline/workspace"
)

// Thumbnails are read at twice the size they are shown, for HiDPI screens.
const (
	thumbPixelsW = 2 * slwidget.ThumbnailWidth
	thumbPixelsH = 2 * slwidget.ThumbnailHeight
)

// captureList shows the captures of the chosen case, newest first.
type captureList struct {
	u        *UI
	caseRef  string
	captures []workspace.Capture
	thumbs   map[string]thumb    // by capture ID, once read
	loading  map[string]bool     // by capture ID, while queued or read
	pending  []workspace.Capture // thumbnails asked for, not yet being read
	reading  bool                // a job is reading thumbnails
	verdicts map[string]verdict  // by capture ID, once verified in this session
	total    int                 // the case's captures; captures holds the first pages of them
	paging   bool                // a job is reading the next page
	loads    int                 // reloads so far, so that a page read before one is dropped
	list     *widget.List
	heading  *widget.Label
	empty    *widget.Label
}

// verdict is what a verification of a bundle found.
type verdict struct {
	text string
	ok   bool
}

type thumb struct {
	img image.Image
	err error
}

func (u *UI) newCaptureList() *captureList {
	l := &captureList{u: u, thumbs: map[string]thumb{}, loading: map[string]bool{}, verdicts: map[string]verdict{}}
	l.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.empty = widget.NewLabel("")
	l.empty.Alignment = fyne.TextAlignCenter
	l.empty.Importance = widget.LowImportance
	l.list = widget.NewList(
		func() int { return len(l.captures) },
		func() fyne.CanvasObject { return slwidget.NewCaptureRow(l.copied) },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*slwidget.CaptureRow).Set(l.item(i)) },
	)
	l.list.OnSelected = func(i widget.ListItemID) {
		l.list.UnselectAll()
		l.showDetail(l.captures[i])
	}
	return l
}

// object is the list with its heading; about goes at the heading's end.
func (l *captureList) object(about fyne.CanvasObject) fyne.CanvasObject {
	heading := container.NewBorder(nil, nil, l.heading, about)
	return container.NewBorder(heading, nil, nil, nil,
		container.NewStack(l.list, container.NewCenter(l.empty)))
}

// show lists the captures of the case ref; "" when no case is chosen.
func (l *captureList) show(ref string) {
	l.caseRef = ref
	l.reload()
}

// capturePage is how many captures the list reads at a time: the first
// page at once, each next one as the list scrolls near its end.
const capturePage = 100

// reload reads the case's captures again, from the first page.
func (l *captureList) reload() {
	l.captures, l.total, l.paging = nil, 0, false
	l.loads++
	if l.caseRef != "" {
		var err error
		if l.total, err = l.u.ws.CountCaptures(l.u.ctx, l.caseRef); err == nil {
			l.captures, err = l.u.ws.CapturesBefore(l.u.ctx, l.caseRef, workspace.Capture{}, capturePage)
		}
		if err != nil {
			l.u.showError("Could not list the captures", err, nil)
		}
	}
	switch {
	case l.caseRef == "":
		l.heading.SetText("Captures")
		l.empty.SetText("Create a case to start capturing.")
	case len(l.captures) == 0:
		l.heading.SetText("Captures in " + l.caseRef)
		l.empty.SetText("No captures yet. Enter an address above and press Capture.")
	default:
		l.heading.SetText(fmt.Sprintf("Captures in %s (%d, newest first)", l.caseRef, max(l.total, len(l.captures))))
	}
	l.empty.Hidden = len(l.captures) > 0
	l.empty.Refresh()
	l.list.Refresh()
}

// nextPage reads the page after the captures listed, off Fyne's
// goroutine, unless one is being read or none is left.
func (l *captureList) nextPage() {
	if l.paging || len(l.captures) == 0 || len(l.captures) >= l.total {
		return
	}
	l.paging = true
	ref, last, load := l.caseRef, l.captures[len(l.captures)-1], l.loads
	l.u.goJob(func() {
		page, err := l.u.ws.CapturesBefore(l.u.ctx, ref, last, capturePage)
		l.u.do(func() {
			if load != l.loads {
				return
			}
			l.paging = false
			if err != nil {
				l.u.showError("Could not list the captures", err, nil)
				return
			}
			if len(page) == 0 {
				l.total = len(l.captures) // fewer than counted: stop asking
			}
			l.captures = append(l.captures, page...)
			l.list.Refresh()
		})
	})
}

// item is what row i shows; a row within a quarter page of the end
// asks for the next page.
func (l *captureList) item(i widget.ListItemID) slwidget.CaptureItem {
	if i >= len(l.captures)-capturePage/4 {
		l.nextPage()
	}
	c := l.captures[i]
	it := slwidget.CaptureItem{
		ID: c.ID, Title: c.Title, URL: c.URL, Captured: c.Started, SHA256: c.SHA256, Incomplete: c.Incomplete,
	}
	if v, ok := l.verdicts[c.ID]; ok {
		it.Verified, it.VerifiedOK = v.text, v.ok
	}
	switch t, ok := l.thumbs[c.ID]; {
	case !ok:
		it.NoThumbnail = "Loading preview…"
		l.wantThumbnail(c)
	case t.err != nil:
		it.NoThumbnail = "No preview"
	default:
		it.Thumbnail = t.img
	}
	return it
}

// wantThumbnail asks for c's thumbnail. Only rows the list shows ask, so
// a case of thousands of captures reads the few on screen, not every
// bundle.
func (l *captureList) wantThumbnail(c workspace.Capture) {
	if l.loading[c.ID] {
		return
	}
	l.loading[c.ID] = true
	l.pending = append(l.pending, c)
	if !l.reading {
		l.readThumbnails()
	}
}

// readThumbnails reads the pending thumbnails, one at a time off Fyne's
// goroutine, then any asked for meanwhile.
func (l *captureList) readThumbnails() {
	todo := l.pending
	l.pending = nil
	l.reading = true
	ctx := l.u.ctx
	l.u.goJob(func() {
		for _, c := range todo {
			if ctx.Err() != nil {
				return
			}
			img, err := thumbnail(c.Bundle, thumbPixelsW, thumbPixelsH)
			l.u.do(func() {
				delete(l.loading, c.ID)
				l.thumbs[c.ID] = thumb{img: img, err: err}
				if i := slices.IndexFunc(l.captures, func(x workspace.Capture) bool { return x.ID == c.ID }); i >= 0 {
					l.list.RefreshItem(i)
				}
			})
		}
		l.u.do(func() {
			l.reading = false
			if len(l.pending) > 0 {
				l.readThumbnails()
			}
		})
	})
}

// copied puts a SHA-256 on the clipboard and says so.
func (l *captureList) copied(sha256 string) {
	l.u.app.Clipboard().SetContent(sha256)
	l.u.capture.setStatus("SHA-256 "+sha256+" copied to the clipboard.", widget.MediumImportance)
}

// showDetail shows everything recorded about capture c, and verifies its
// bundle (audited, as "sightline verify" is) off Fyne's goroutine.
func (l *captureList) showDetail(c workspace.Capture) {
	field := func(text string) *widget.Label {
		lab := widget.NewLabel(text)
		lab.Selectable = true
		lab.Wrapping = fyne.TextWrapBreak
		return lab
	}
	state := widget.NewLabel("Verifying the bundle…")
	state.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem("Capture", field(c.ID)),
		widget.NewFormItem("Title", field(c.Title)),
		widget.NewFormItem("Address", field(c.URL)),
		widget.NewFormItem("Final address", field(c.FinalURL)),
		widget.NewFormItem("Captured", field(c.Started.UTC().Format(time.RFC3339)+" to "+c.Ended.UTC().Format(time.RFC3339))),
		widget.NewFormItem("Officer", field(c.Officer)),
		widget.NewFormItem("Persona", field(c.Persona)),
		widget.NewFormItem("Note", field(c.Note)),
		widget.NewFormItem("Bundle", field(c.Bundle)),
		widget.NewFormItem("SHA-256", field(c.SHA256)),
		widget.NewFormItem("Package", field(c.PackageID)),
		widget.NewFormItem("Verification", state),
	)
	if c.Incomplete != "" {
		form.Append("Incomplete", field(c.Incomplete))
	}
	d := dialog.NewCustom("Capture "+c.ID, "Close", container.NewVScroll(form), l.u.win)
	d.Resize(fyne.NewSize(720, 560))
	d.Show()
	ctx := l.u.ctx
	l.u.goJob(func() {
		v, err := l.u.ws.VerifyFile(ctx, c.Bundle)
		res := verdict{ok: err == nil && v.Checks().OK()}
		when := time.Now().UTC().Format("15:04:05 UTC")
		switch failed := v.Checks().Failed(); {
		case err != nil:
			res.text = "Not verified at " + when + ": " + err.Error()
		case res.ok:
			res.text = fmt.Sprintf("Verified at %s: all %d checks passed", when, len(v.Checks().Checks))
		default:
			res.text = fmt.Sprintf("FAILED at %s: %d of %d checks failed, first %s of %s: %v", when, len(failed), len(v.Checks().Checks), failed[0].Name, failed[0].Path(), failed[0].Err)
		}
		l.u.do(func() {
			l.verdicts[c.ID] = res
			state.SetText(res.text)
			if i := slices.IndexFunc(l.captures, func(x workspace.Capture) bool { return x.ID == c.ID }); i >= 0 {
				l.list.RefreshItem(i)
			}
		})
	})
}
