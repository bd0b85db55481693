package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/workspace"
)

// casePicker chooses the case that captures go into, and opens new cases.
type casePicker struct {
	u       *UI
	cases   []workspace.Case
	current workspace.Case // Ref is "" when no case is chosen
	sel     *widget.Select
	add     *widget.Button
	marking *widget.Label
	about   *widget.Label
	form    *caseForm // the last new-case form shown
}

func (u *UI) newCasePicker() *casePicker {
	p := &casePicker{u: u}
	p.sel = widget.NewSelect(nil, func(string) { p.chosen() })
	p.sel.PlaceHolder = "Choose a case"
	p.add = widget.NewButtonWithIcon("New case…", theme.ContentAddIcon(), func() {
		p.askNewCase(newCaseForm())
	})
	p.marking = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.marking.Importance = widget.WarningImportance
	p.about = widget.NewLabel("")
	p.about.Importance = widget.LowImportance
	return p
}

// object is the case row: the picker, the case's marking and New case….
// The line about the case (p.about) goes where the layout puts it.
func (p *casePicker) object() fyne.CanvasObject {
	label := widget.NewLabelWithStyle("Case", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(nil, nil, label, container.NewHBox(p.marking, p.add), p.sel)
}

// prefKey remembers the last case chosen in this workspace.
func (p *casePicker) prefKey() string { return "case." + p.u.ws.ID() }

// reload reads the cases and chooses ref; with ref "", the case chosen last
// time, or else the newest.
func (p *casePicker) reload(ref string) {
	cases, err := p.u.ws.Cases(p.u.ctx)
	if err != nil {
		p.u.showError("Could not list the cases", err, nil)
		return
	}
	p.cases = cases
	options := make([]string, len(cases))
	for i, c := range cases {
		options[i] = caseLabel(c)
	}
	p.sel.SetOptions(options)
	if ref == "" {
		ref = p.u.app.Preferences().String(p.prefKey())
	}
	choose := 0
	for i, c := range cases {
		if c.Ref == ref {
			choose = i
		}
	}
	if len(cases) == 0 {
		p.sel.ClearSelected()
		p.chosen()
		return
	}
	p.sel.SetSelectedIndex(choose)
}

func caseLabel(c workspace.Case) string {
	label := c.Ref
	if c.Title != "" {
		label += "  —  " + c.Title
	}
	if !c.Closed.IsZero() {
		label += "  (closed)"
	}
	return label
}

// chosen shows the case the select shows, and its captures.
func (p *casePicker) chosen() {
	p.current = workspace.Case{}
	if i := p.sel.SelectedIndex(); i >= 0 && i < len(p.cases) {
		p.current = p.cases[i]
	}
	c := p.current
	if c.Ref == "" {
		p.marking.SetText("")
		p.about.SetText("")
	} else {
		p.u.app.Preferences().SetString(p.prefKey(), c.Ref)
		p.marking.SetText(c.Classification)
		about := "Opened " + c.Created.UTC().Format("2 Jan 2006") + " by " + c.Officer
		if !c.Closed.IsZero() {
			about += ", closed " + c.Closed.UTC().Format("2 Jan 2006")
		}
		p.about.SetText(about)
	}
	p.u.capture.caseChosen(c.Ref)
	p.u.browse.caseChosen(c.Ref)
	p.u.subjects.show(c.Ref)
	p.u.audit.show(c.Ref)
	p.u.list.show(c.Ref)
}

// caseForm asks for a new case's reference, title and classification.
type caseForm struct {
	ref, title     *widget.Entry
	classification *widget.Select
}

func newCaseForm() *caseForm {
	f := &caseForm{ref: widget.NewEntry(), title: widget.NewEntry(),
		classification: widget.NewSelect(workspace.Classifications, nil)}
	f.ref.SetPlaceHolder("e.g. OP-KESTREL-24")
	f.title.SetPlaceHolder("e.g. Kestrel: online fraud")
	f.classification.SetSelected(workspace.DefaultClassification)
	return f
}

func (f *caseForm) value() workspace.Case {
	return workspace.Case{Ref: f.ref.Text, Title: f.title.Text, Classification: f.classification.Selected}
}

// askNewCase shows the new-case form; on an error it shows it again with what
// was typed.
func (p *casePicker) askNewCase(f *caseForm) {
	p.form = f
	items := []*widget.FormItem{
		{Text: "Reference", Widget: f.ref, HintText: "Letters, digits, '.', '_' or '-'"},
		{Text: "Title", Widget: f.title},
		{Text: "Classification", Widget: f.classification, HintText: "Marked on every page of the case's reports"},
	}
	d := dialog.NewForm("New case", "Create", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		c, err := p.u.ws.NewCase(p.u.ctx, f.value())
		if err != nil {
			p.u.showError("Could not create the case", err, func() { p.askNewCase(f) })
			return
		}
		p.reload(c.Ref)
	}, p.u.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
	p.u.win.Canvas().Focus(f.ref)
}
