package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// auditShown is the most events the audit tab lists at once.
const auditShown = 2000

// auditTab reviews the audit log: filters, the chain's status and the
// repeated-viewing flags, as "sightline audit log|verify|flags" show them.
type auditTab struct {
	u                                           *UI
	caseRef, officer, subject, action, from, to *widget.Entry
	chain, flags, summary                       *widget.Label
	events                                      []audit.Event
	list                                        *widget.List
	verify                                      *widget.Button
}

func (u *UI) newAuditTab() *auditTab {
	t := &auditTab{u: u}
	entry := func(hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(hint)
		return e
	}
	t.caseRef, t.officer, t.subject = entry("case"), entry("officer"), entry("subject, e.g. S1")
	t.action, t.from, t.to = entry("action, e.g. view"), entry("from YYYY-MM-DD"), entry("before YYYY-MM-DD")
	t.chain = widget.NewLabel("Chain not verified yet.")
	t.flags = widget.NewLabel("")
	t.flags.Wrapping = fyne.TextWrapWord
	t.summary = widget.NewLabel("")
	t.verify = widget.NewButton("Verify chain", t.verifyChain)
	t.list = widget.NewList(
		func() int { return len(t.events) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(eventLine(t.events[i])) },
	)
	return t
}

// object lays out the filters, chain status, flags and events.
func (t *auditTab) object() fyne.CanvasObject {
	filters := container.NewGridWithColumns(6, t.caseRef, t.officer, t.subject, t.action, t.from, t.to)
	top := container.NewVBox(filters, container.NewHBox(widget.NewButton("Apply filters", t.reload), t.verify, t.chain),
		widget.NewLabelWithStyle("Repeated-viewing flags", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		t.flags, widget.NewSeparator(), t.summary)
	return container.NewBorder(top, nil, nil, nil, t.list)
}

// show selects the case ref and lists what the filters select.
func (t *auditTab) show(ref string) {
	t.caseRef.SetText(ref)
	t.reload()
}

// reload reads the events and flags the filters select.
func (t *auditTab) reload() {
	f, err := t.filter()
	if err != nil {
		t.u.showError("Could not read the filters", err, nil)
		return
	}
	f.Limit = auditShown
	if t.events, err = t.u.ws.AuditEvents(t.u.ctx, f); err != nil {
		t.u.showError("Could not read the audit log", err, nil)
	}
	t.summary.SetText(fmt.Sprintf("%d events", len(t.events)))
	if len(t.events) == auditShown {
		t.summary.SetText(fmt.Sprintf("The first %d events; narrow the filters to see others.", auditShown))
	}
	t.list.Refresh()
	flags, err := t.u.ws.Flags(t.u.ctx, f.Case)
	if err != nil {
		t.u.showError("Could not derive the flags", err, nil)
		return
	}
	t.flags.SetText(flagsText(flags, f.Subject))
}

func (t *auditTab) filter() (audit.Filter, error) {
	return workspace.FilterText{Case: t.caseRef.Text, Officer: t.officer.Text, Subject: t.subject.Text,
		Action: t.action.Text, From: t.from.Text, To: t.to.Text}.Filter()
}

// verifyChain recomputes the chain off Fyne's goroutine.
func (t *auditTab) verifyChain() {
	t.verify.Disable()
	t.chain.SetText("Verifying the chain…")
	ctx := t.u.ctx
	t.u.goJob(func() {
		rep, err := t.u.ws.VerifyAudit(ctx)
		fyne.Do(func() {
			t.verify.Enable()
			switch {
			case err != nil:
				t.chain.SetText("Chain not verified.")
				t.u.showError("Could not verify the audit chain", err, nil)
			case rep.OK():
				t.chain.Importance = widget.SuccessImportance
				t.chain.SetText("✓ " + workspace.ChainStatus(rep))
			default:
				t.chain.Importance = widget.DangerImportance
				t.chain.SetText("✗ " + workspace.ChainStatus(rep))
			}
		})
	})
}

func eventLine(e audit.Event) string {
	s := fmt.Sprintf("%d  %s  %s  %s  %s", e.Seq, e.Time.UTC().Format("2006-01-02 15:04:05"), e.Officer, e.Case, e.Action)
	if len(e.Subjects) > 0 {
		s += "  [" + strings.Join(e.Subjects, " ") + "]"
	}
	if e.URL != "" {
		s += "  " + e.URL
	}
	return s
}

// flagsText lists the flags, those of subject only when it is set.
func flagsText(flags []viewing.Flag, subject string) string {
	var lines []string
	for _, f := range flags {
		if subject != "" && f.Subject != subject {
			continue
		}
		when := "—"
		if !f.Time.IsZero() {
			when = f.Time.UTC().Format("2006-01-02 15:04")
		}
		line := fmt.Sprintf("%s  %s  %s %s  %s", when, f.Kind, f.Subject, f.SubjectName, f.Detail)
		if len(f.Profiles) > 0 {
			line += " " + strings.Join(f.Profiles, ", ")
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return "No flags."
	}
	return strings.Join(lines, "\n")
}
