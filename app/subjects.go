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

// subjectsTab lists the chosen case's subjects; choosing one shows its
// identifiers, viewing episodes, collateral intrusion and audited events.
type subjectsTab struct {
	u        *UI
	caseRef  string
	subjects []viewing.Subject
	list     *widget.List
	heading  *widget.Label
	notices  *widget.Label // deconfliction: other cases holding the same subjects
	detail   *widget.Label
}

func (u *UI) newSubjectsTab() *subjectsTab {
	t := &subjectsTab{u: u}
	t.heading = widget.NewLabelWithStyle("Subjects", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.notices = widget.NewLabel("")
	t.notices.Wrapping = fyne.TextWrapWord
	t.notices.Importance = widget.WarningImportance
	t.notices.Hide()
	t.detail = widget.NewLabel("Choose a subject to see their viewing history.")
	t.detail.Wrapping = fyne.TextWrapWord
	t.detail.Selectable = true
	t.list = widget.NewList(
		func() int { return len(t.subjects) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := t.subjects[i]
			o.(*widget.Label).SetText(s.ID + "  " + s.Name)
		},
	)
	t.list.OnSelected = t.chosen
	return t
}

// object is the list beside the chosen subject's page.
func (t *subjectsTab) object() fyne.CanvasObject {
	split := container.NewHSplit(t.list, container.NewVScroll(t.detail))
	split.Offset = 0.3
	return container.NewBorder(container.NewVBox(t.heading, t.notices), nil, nil, nil, split)
}

// show lists the subjects of the case ref; "" when no case is chosen.
func (t *subjectsTab) show(ref string) {
	t.caseRef, t.subjects = ref, nil
	t.notices.Hide()
	t.list.UnselectAll()
	t.detail.SetText("Choose a subject to see their viewing history.")
	if ref == "" {
		t.heading.SetText("Subjects")
		t.list.Refresh()
		return
	}
	ss, err := t.u.ws.Subjects(t.u.ctx, ref)
	if err != nil {
		t.u.showError("Could not list the subjects", err, nil)
	}
	t.subjects = ss
	t.heading.SetText(fmt.Sprintf("Subjects of %s (%d)", ref, len(ss)))
	notices, err := t.u.ws.Deconflictions(t.u.ctx, ref)
	if err != nil {
		t.u.showError("Could not read the deconfliction notices", err, nil)
	}
	t.notices.SetText(deconflictionText(notices))
	t.notices.Hidden = len(notices) == 0
	if len(ss) == 0 {
		t.detail.SetText("No subjects yet. Add one with: sightline subject add --case " + ref + " --name NAME --id URL")
	}
	t.list.Refresh()
}

// chosen shows subject i's page.
func (t *subjectsTab) chosen(i widget.ListItemID) {
	if i < 0 || i >= len(t.subjects) {
		return
	}
	s := t.subjects[i]
	viewing, err := t.u.ws.SubjectViewing(t.u.ctx, s.ID)
	if err != nil {
		t.u.showError("Could not read the viewing history", err, nil)
		return
	}
	events, err := t.u.ws.AuditEvents(t.u.ctx, audit.Filter{Subject: s.ID})
	if err != nil {
		t.u.showError("Could not read the audit log", err, nil)
		return
	}
	t.detail.SetText(subjectPage(s, viewing, events))
}

// subjectPage is the text of a subject's page.
func subjectPage(s viewing.Subject, v viewing.SubjectViewing, events []audit.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  (case %s, added %s by %s)\n\nIdentifiers:\n", s.ID, s.Name, s.Case,
		s.Created.UTC().Format("2 Jan 2006 15:04 UTC"), s.Officer)
	for _, id := range s.Identifiers {
		fmt.Fprintf(&b, "  %s  (%s)\n", id.Key, id.Raw)
	}
	fmt.Fprintf(&b, "\nViewing: %d views in %d episodes, %d in the policy window\n", v.Views, len(v.Episodes), v.InWindow)
	for i, e := range v.Episodes {
		line := fmt.Sprintf("  %d.  %s – %s UTC, %d views", i+1, e.Start.UTC().Format("2 Jan 2006 15:04"), e.End.UTC().Format("15:04"), e.Views)
		if e.Justified {
			line += ", justified"
		}
		if len(e.Authorisations) > 0 {
			line += ", under " + strings.Join(e.Authorisations, ", ")
		}
		b.WriteString(line + "\n")
	}
	fmt.Fprintf(&b, "\nCollateral intrusion: %d third-party profiles", len(v.Collateral))
	if len(v.Collateral) > 0 {
		b.WriteString(": " + strings.Join(v.Collateral, ", "))
	}
	fmt.Fprintf(&b, "\n\nAudit events (%d):\n", len(events))
	for _, e := range events {
		fmt.Fprintf(&b, "  %d  %s  %s  %s %s\n", e.Seq, e.Time.UTC().Format("2006-01-02 15:04:05"), e.Officer, e.Action, e.URL)
	}
	return b.String()
}

// deconflictionText tells the case's owner which other cases hold its
// subjects: who, which case, since when; never what they saw.
func deconflictionText(notices []workspace.Deconfliction) string {
	var b strings.Builder
	for i, d := range notices {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Deconfliction: case %s (officer %s, workstation %.12s) has held %s since %s. Contact them before going further.",
			d.OtherCase, d.Officer, d.Workstation, d.Key, d.Since.UTC().Format("2 Jan 2006 15:04 UTC"))
	}
	return b.String()
}
