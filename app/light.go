package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/workspace"
)

// Auto-capture in the research browser: the switch of the case shown, a
// light record kept after each view while it is on, and the list of the
// case's light records, each of which can be promoted to a sealed capture.
// The workspace decides and audits all of it.

// newAutoCapture makes the switch and the button of the list.
func (r *researchBrowser) newAutoCapture() {
	r.autoCapture = widget.NewCheck("Auto-capture every page viewed", func(on bool) {
		if r.autoQuiet {
			return
		}
		r.setAutoCapture(on)
	})
	r.lights = widget.NewButtonWithIcon("Kept pages…", theme.HistoryIcon(), r.showLights)
}

// showAutoCapture reads the switch of case ref, once chosen.
func (r *researchBrowser) showAutoCapture(ref string) {
	r.setAuto(false)
	if ref == "" {
		r.autoCapture.Disable()
		r.lights.Disable()
		return
	}
	u := r.u
	u.goJob(func() {
		on, err := u.ws.AutoCapture(u.ctx, ref)
		u.do(func() {
			if err != nil {
				u.showError("Could not read the auto-capture setting of "+ref, err, nil)
				return
			}
			if r.caseRef != ref {
				return
			}
			r.setAuto(on)
			r.autoCapture.Enable()
			r.lights.Enable()
		})
	})
}

// setAuto shows on without calling the workspace.
func (r *researchBrowser) setAuto(on bool) {
	r.autoQuiet = true
	r.autoCapture.SetChecked(on)
	r.autoQuiet = false
	r.mu.Lock()
	r.autoOn = on
	r.mu.Unlock()
}

// keepsLight says whether views are kept as light records, for the tabs'
// goroutines.
func (r *researchBrowser) keepsLight() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.autoOn
}

// setAutoCapture turns auto-capture on or off for the case shown.
func (r *researchBrowser) setAutoCapture(on bool) {
	u, ref := r.u, r.caseRef
	u.goJob(func() {
		err := u.ws.SetAutoCapture(u.ctx, ref, on)
		u.do(func() {
			if err != nil {
				r.setAuto(!on)
				u.showError("Could not change auto-capture", err, nil)
				return
			}
			r.setAuto(on)
			if on {
				r.status.SetText("Auto-capture is on for " + ref + ": every page viewed is kept as a light record.")
			} else {
				r.status.SetText("Auto-capture is off for " + ref + ".")
			}
		})
	})
}

// keepLight keeps the page tab shows as a light record of caseRef, off the
// tab's own goroutine so that browsing goes on.
func (t *researchTab) keepLight(caseRef string) {
	u := t.r.u
	u.goJob(func() {
		l, err := t.tab.Light(u.ctx)
		var rec workspace.LightRecord
		if err == nil {
			rec, err = u.ws.KeepLight(u.ctx, caseRef, u.opts.Persona, l)
		}
		if errors.Is(err, context.Canceled) {
			return
		}
		u.do(func() {
			if err != nil {
				t.r.status.SetText("Auto-capture could not keep this page: " + err.Error())
				return
			}
			t.r.status.SetText(fmt.Sprintf("Kept %s (%s, %d KB): %s", rec.ID, rec.Title, (rec.Bytes+1023)/1024, rec.FinalURL))
		})
	})
}

// showLights lists the light records of the case shown, newest first, each
// with Promote.
func (r *researchBrowser) showLights() {
	u, ref := r.u, r.caseRef
	u.goJob(func() {
		recs, err := u.ws.LightRecords(u.ctx, ref)
		u.do(func() {
			if err != nil {
				u.showError("Could not list the pages kept", err, nil)
				return
			}
			rows := container.NewVBox()
			if len(recs) == 0 {
				rows.Add(widget.NewLabel("No page kept yet: turn on auto-capture and browse."))
			}
			var d dialog.Dialog
			for i := len(recs) - 1; i >= 0; i-- {
				rec := recs[i]
				text := widget.NewLabel(fmt.Sprintf("%s  %s  %s\n%s  ·  %d KB  ·  %s",
					rec.Time.UTC().Format("2006-01-02 15:04:05Z"), rec.ID, rec.Title, rec.FinalURL, (rec.Bytes+1023)/1024, rec.Persona))
				text.Truncation = fyne.TextTruncateEllipsis
				promote := widget.NewButton("Promote", nil)
				promote.OnTapped = func() {
					promote.Disable()
					r.promote(rec, func() { d.Hide() })
				}
				rows.Add(container.NewBorder(nil, nil, nil, promote, text))
			}
			d = dialog.NewCustom("Pages kept by auto-capture in "+ref, "Close", container.NewVScroll(rows), u.win)
			d.Resize(fyne.NewSize(820, 480))
			d.Show()
		})
	})
}

// promote seals rec into a capture; it appears in the evidence list.
func (r *researchBrowser) promote(rec workspace.LightRecord, done func()) {
	u := r.u
	u.goJob(func() {
		c, err := u.ws.PromoteLight(u.ctx, rec.ID, "", nopProgress{})
		u.do(func() {
			done()
			if err != nil {
				u.showError("Could not promote "+rec.ID, err, nil)
				return
			}
			r.status.SetText(fmt.Sprintf("Promoted %s to capture %s: %s", rec.ID, c.ID, c.Title))
			u.list.reload()
		})
	})
}
