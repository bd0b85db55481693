package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// The choices of the stop-and-ask dialog, as its radio group shows them.
const (
	askLink    = "Link an authorisation in force"
	askJustify = "Record a justification and open the page"
	askBack    = "Go back: do not open the page"
)

// askDialog is the stop-and-ask: the page waits, unloaded, until the
// researcher links an authorisation, records a justification (the Code of
// Practice's factors and free text) or goes back.
type askDialog struct {
	d       dialog.Dialog
	choice  *widget.RadioGroup
	auth    *widget.Select
	factors []*widget.Check
	text    *widget.Entry
	answer  chan<- workspace.Decision
	sent    bool
}

// ask shows the stop-and-ask for vc; the decision goes to answer once.
func (r *researchBrowser) ask(caseRef string, vc viewing.ViewCheck, answer chan<- workspace.Decision) {
	u := r.u
	a := &askDialog{answer: answer}
	var refs []string
	if as, err := u.ws.Authorisations(u.ctx, caseRef); err == nil {
		for _, x := range as {
			refs = append(refs, x.Ref)
		}
	}
	a.auth = widget.NewSelect(refs, nil)
	a.auth.PlaceHolder = "Choose the authorisation"
	a.text = widget.NewMultiLineEntry()
	a.text.SetPlaceHolder("Why this viewing is necessary and proportionate, in your words")
	a.text.SetMinRowsVisible(3)
	var checks []fyne.CanvasObject
	for _, f := range ripa.FactorList() {
		c := widget.NewCheck(f.Label, nil)
		a.factors = append(a.factors, c)
		checks = append(checks, c)
	}
	a.choice = widget.NewRadioGroup([]string{askLink, askJustify, askBack}, nil)
	a.choice.SetSelected(askBack)
	if len(refs) == 0 {
		a.choice.Options = []string{askJustify, askBack}
	}
	reasons := widget.NewLabel(strings.Join(vc.Reasons, " ") + historyText(vc))
	reasons.Wrapping = fyne.TextWrapWord
	page := widget.NewLabel(vc.URL)
	page.Truncation = fyne.TextTruncateEllipsis
	content := container.NewVBox(page, reasons, widget.NewSeparator(), a.choice,
		widget.NewForm(widget.NewFormItem("Authorisation", a.auth)),
		widget.NewLabel("Factors (Covert Surveillance and Property Interference Code of Practice, 2018):"),
		container.NewGridWithColumns(2, checks...), a.text)
	a.d = dialog.NewCustomConfirm("Authorisation needed: "+badgeText(vc), "Continue", "Go back",
		container.NewVScroll(content), a.decide, u.win)
	a.d.Resize(fyne.NewSize(720, 620))
	a.d.Show()
}

// decide sends the decision: Continue with the choice made, or Go back.
// A choice that lacks what it needs asks again.
func (a *askDialog) decide(ok bool) {
	if a.sent {
		return
	}
	d := workspace.Decision{Choice: workspace.ChoiceBack}
	switch {
	case !ok || a.choice.Selected == askBack:
	case a.choice.Selected == askLink && a.auth.Selected != "":
		d = workspace.Decision{Choice: workspace.ChoiceLink, Authorisation: a.auth.Selected}
	case a.choice.Selected == askJustify && strings.TrimSpace(a.text.Text) != "":
		d = workspace.Decision{Choice: workspace.ChoiceJustify, Text: strings.TrimSpace(a.text.Text)}
		for i, f := range ripa.FactorList() {
			if a.factors[i].Checked {
				d.Factors.Set(f.Key, true) //nolint:errcheck // the keys are the list's own
			}
		}
	default:
		// Continue without what the choice needs: ask again.
		a.d.Show()
		return
	}
	a.sent = true
	a.answer <- d
}

// showPageDialog shows a JavaScript dialog of a page; the answer goes to
// answer once.
func (u *UI) showPageDialog(pd capture.Dialog, answer chan<- capture.DialogAnswer) {
	msg := widget.NewLabel(pd.Message)
	msg.Wrapping = fyne.TextWrapWord
	title := "The page says"
	switch pd.Type {
	case "alert":
		d := dialog.NewCustom(title, "OK", msg, u.win)
		d.SetOnClosed(func() { answer <- capture.DialogAnswer{Accept: true} })
		d.Show()
		return
	case "beforeunload":
		title = "Leave the page?"
	}
	prompt := widget.NewEntry()
	prompt.SetText(pd.DefaultPrompt)
	var content fyne.CanvasObject = msg
	if pd.Type == "prompt" {
		content = container.NewVBox(msg, prompt)
	}
	dialog.ShowCustomConfirm(title, "OK", "Cancel", content, func(ok bool) {
		answer <- capture.DialogAnswer{Accept: ok, Text: prompt.Text}
	}, u.win)
}

// askSubject asks for a name and adds the profile at url as a subject of
// the case; then runs after it is added.
func (u *UI) askSubject(caseRef, url string, then func()) {
	name := widget.NewEntry()
	name.SetPlaceHolder("e.g. J Smith")
	id := widget.NewEntry()
	id.SetText(url)
	form := []*widget.FormItem{widget.NewFormItem("Name", name), widget.NewFormItem("Identifier", id)}
	dialog.ShowForm("Add as subject of "+caseRef, "Add", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		s, err := u.ws.AddSubject(u.ctx, caseRef, strings.TrimSpace(name.Text), []string{strings.TrimSpace(id.Text)})
		if err != nil {
			u.showError("Could not add the subject", err, nil)
			return
		}
		if u.subjects != nil {
			u.subjects.show(caseRef)
		}
		dialog.ShowInformation("Subject added", fmt.Sprintf("%s %s is a subject of %s: views of their pages count from now.",
			s.ID, s.Name, caseRef), u.win)
		then()
	}, u.win)
}
