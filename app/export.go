package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/workspace"
)

// exportWizard asks what goes into an evidence pack of the case chosen,
// then writes it off Fyne's goroutine with progress and Cancel, as
// `sightline export` does.
type exportWizard struct {
	u                      *UI
	caseRef                string
	prefix, output, reason *widget.Entry
	override               *widget.Check
	bar                    *widget.ProgressBar
	stage                  *widget.Label
	cancel                 context.CancelFunc
	d                      dialog.Dialog
}

// showExport opens the export wizard for the case chosen.
func (u *UI) showExport() {
	if u.cases == nil || u.cases.current.Ref == "" {
		dialog.ShowInformation("Export", "Choose a case first: a pack holds the evidence of one case.", u.win)
		return
	}
	x := &exportWizard{u: u, caseRef: u.cases.current.Ref, prefix: widget.NewEntry(), output: widget.NewEntry(),
		reason: widget.NewEntry(), bar: widget.NewProgressBar(), stage: widget.NewLabel("")}
	x.prefix.SetPlaceHolder("Exhibit prefix; empty: your initials")
	x.output.SetPlaceHolder("Pack file; empty: exports/" + x.caseRef + "-<date>.zip in the workspace")
	x.reason.SetPlaceHolder("Why captures without the Berkeley minimum are exported")
	x.override = widget.NewCheck("Export captures that lack the Berkeley minimum", func(on bool) { setEnabled(x.reason, on) })
	x.reason.Disable()
	x.bar.Hide()
	form := widget.NewForm(widget.NewFormItem("Case", widget.NewLabel(x.caseRef)),
		widget.NewFormItem("Exhibits", x.prefix), widget.NewFormItem("Pack", x.output),
		widget.NewFormItem("", x.override), widget.NewFormItem("Reason", x.reason))
	note := widget.NewLabel("Every capture of the case that is not withdrawn goes in, oldest first, with the PDF exhibit report, the hash list and the audit extract.")
	note.Wrapping = fyne.TextWrapWord
	x.d = dialog.NewCustomConfirm("Export an evidence pack", "Export", "Cancel",
		container.NewVBox(note, form, x.bar, x.stage), x.answered, u.win)
	x.d.Resize(fyne.NewSize(620, 420))
	x.d.Show()
}

func (x *exportWizard) answered(ok bool) {
	if !ok {
		return
	}
	req := workspace.ExportRequest{Case: x.caseRef, ExhibitPrefix: strings.TrimSpace(x.prefix.Text),
		Output: strings.TrimSpace(x.output.Text), OverrideBerkeley: x.override.Checked,
		OverrideReason: strings.TrimSpace(x.reason.Text)}
	x.run(req)
}

// run writes the pack, showing progress in a dialog with Cancel.
func (x *exportWizard) run(req workspace.ExportRequest) {
	u := x.u
	ctx, cancel := context.WithCancel(u.ctx)
	x.cancel = cancel
	x.bar.SetValue(0)
	x.bar.Show()
	x.stage.SetText("Starting…")
	progress := dialog.NewCustom("Exporting "+x.caseRef, "Cancel", container.NewVBox(x.bar, x.stage), u.win)
	progress.SetOnClosed(cancel)
	progress.Resize(fyne.NewSize(480, progress.MinSize().Height))
	progress.Show()
	p := &exportProgress{x: x}
	u.goJob(func() {
		res, err := u.ws.Export(ctx, req, p)
		u.do(func() {
			progress.SetOnClosed(nil)
			progress.Hide()
			cancel()
			x.finished(res, err)
		})
	})
}

func (x *exportWizard) finished(res workspace.ExportResult, err error) {
	u := x.u
	var be *workspace.BerkeleyError
	switch {
	case errors.Is(err, context.Canceled):
		dialog.ShowInformation("Export cancelled", "The export was cancelled: no pack was written.", u.win)
	case errors.As(err, &be):
		u.showError("Some captures lack the Berkeley minimum", err, nil)
	case err != nil:
		u.showError("Could not export the pack", err, nil)
	default:
		msg := widget.NewLabel(fmt.Sprintf("%d exhibits written to\n%s\n\nSHA-256 %s\nAudit at export: %s",
			len(res.Exhibits), res.Path, res.SHA256, res.AuditStatus))
		msg.Wrapping = fyne.TextWrapWord
		msg.Selectable = true
		d := dialog.NewCustom("Evidence pack written", "Close", msg, u.win)
		d.Resize(fyne.NewSize(620, d.MinSize().Height))
		d.Show()
		if u.audit != nil {
			u.audit.reload()
		}
	}
}

// exportProgress moves the wizard's bar from the export's reports.
type exportProgress struct {
	x           *exportWizard
	done, total int64
}

func (p *exportProgress) Stage(name string) {
	p.x.u.do(func() { p.x.stage.SetText(strings.ToUpper(name[:1]) + name[1:] + "…") })
}

func (p *exportProgress) Add(done, total int64) {
	p.x.u.do(func() {
		p.done += done
		p.total += total
		if p.total > 0 {
			p.x.bar.SetValue(float64(p.done) / float64(p.total))
		}
	})
}
