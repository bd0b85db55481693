package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/assets"
	"github.com/sightline-osint/sightline/workspace"
)

// officerForm asks for the officer's number, name and role.
type officerForm struct {
	id, name *widget.Entry
	role     *widget.Select
	submit   *widget.Button // only on the first-run screen
}

func newOfficerForm(o workspace.Officer) *officerForm {
	f := &officerForm{id: widget.NewEntry(), name: widget.NewEntry(), role: widget.NewSelect(roleLabels(), nil)}
	f.id.SetPlaceHolder("e.g. 4127")
	f.name.SetPlaceHolder("e.g. DC Sam Patel")
	f.id.SetText(o.ID)
	f.name.SetText(o.Name)
	f.role.SetSelectedIndex(0)
	for i, r := range workspace.Roles {
		if r == o.Role {
			f.role.SetSelectedIndex(i)
		}
	}
	return f
}

func (f *officerForm) items() []*widget.FormItem {
	return []*widget.FormItem{
		{Text: "Officer number", Widget: f.id},
		{Text: "Name", Widget: f.name},
		{Text: "Role", Widget: f.role},
	}
}

func (f *officerForm) officer() workspace.Officer {
	o := workspace.Officer{ID: f.id.Text, Name: f.name.Text}
	if i := f.role.SelectedIndex(); i >= 0 {
		o.Role = workspace.Roles[i]
	}
	return o
}

// roleLabels are workspace.Roles as the form shows them.
func roleLabels() []string {
	labels := make([]string, len(workspace.Roles))
	for i, r := range workspace.Roles {
		labels[i] = roleLabel(r)
	}
	return labels
}

func roleLabel(role string) string {
	s := strings.ReplaceAll(role, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// newOfficerScreen is what a first run shows before anything else: who is
// using this workstation.
func (u *UI) newOfficerScreen() fyne.CanvasObject {
	f := newOfficerForm(workspace.Officer{})
	f.submit = widget.NewButtonWithIcon("Continue", theme.NavigateNextIcon(), func() {
		u.saveOfficer(f, u.showMain)
	})
	f.submit.Importance = widget.HighImportance
	u.firstRun = f

	icon := canvas.NewImageFromResource(assets.Icon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(72, 72))
	title := widget.NewLabelWithStyle("Welcome to Sightline", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel("Before you start, say who is using this workstation. " +
		"Your officer number and name are recorded with every capture and in the audit log.")
	intro.Wrapping = fyne.TextWrapWord
	intro.Alignment = fyne.TextAlignCenter

	form := widget.NewForm(f.items()...)
	card := widget.NewCard("", "", container.NewVBox(
		form, container.NewHBox(layout.NewSpacer(), f.submit)))
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(520, 0))
	body := container.NewVBox(icon, title, intro, card)
	return container.NewCenter(container.NewStack(width, body))
}

// saveOfficer records the form's officer and, when the workspace accepts
// it, gives it to done.
func (u *UI) saveOfficer(f *officerForm, done func(workspace.Officer)) {
	o, err := u.ws.SetOfficer(u.ctx, f.officer())
	if err != nil {
		u.showError("Could not set the officer", err, nil)
		return
	}
	done(o)
}

// officerBar shows the current officer, with a button to change officer.
type officerBar struct {
	label  *widget.Label
	change *widget.Button
}

func (u *UI) newOfficerBar() *officerBar {
	b := &officerBar{label: widget.NewLabel("")}
	b.change = widget.NewButton("Change officer…", u.changeOfficer)
	b.change.Importance = widget.LowImportance
	b.show(u.officer)
	return b
}

func (b *officerBar) show(o workspace.Officer) {
	b.label.SetText(o.Name + "  ·  " + o.ID + "  ·  " + roleLabel(o.Role))
}

func (b *officerBar) object() fyne.CanvasObject {
	return container.NewHBox(widget.NewIcon(theme.AccountIcon()), b.label, b.change)
}

// changeOfficer asks for another officer; on an error it asks again with
// what was typed.
func (u *UI) changeOfficer() {
	u.askOfficer(newOfficerForm(u.officer))
}

func (u *UI) askOfficer(f *officerForm) {
	u.officerDialog = f
	d := dialog.NewForm("Change officer", "Save", "Cancel", f.items(), func(ok bool) {
		if !ok {
			return
		}
		o, err := u.ws.SetOfficer(u.ctx, f.officer())
		if err != nil {
			u.showError("Could not set the officer", err, func() { u.askOfficer(f) })
			return
		}
		u.officer = o
		u.officerBar.show(o)
	}, u.win)
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
}
