package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace"
)

// highContrastPref is the app preference that keeps the high-contrast
// theme on: a display choice of this user, not a setting of the workspace.
const highContrastPref = "high-contrast"

// showSettings shows the workspace's repeated-viewing policy, its personas
// and the display settings. Policy changes go through ws.SetPolicy, which
// audits them, as `sightline policy set` does.
func (u *UI) showSettings() {
	p, err := u.ws.Policy()
	if err != nil {
		u.showError("Could not read the policy", err, nil)
		return
	}
	gap := widget.NewEntry()
	gap.SetText(strconv.Itoa(int(p.EpisodeGap / time.Minute)))
	window := widget.NewEntry()
	window.SetText(strconv.Itoa(int(p.Window / (24 * time.Hour))))
	warn := widget.NewEntry()
	warn.SetText(strconv.Itoa(p.WarnAtEpisode))
	ask := widget.NewEntry()
	ask.SetText(strconv.Itoa(p.AskAtEpisode))
	save := widget.NewButton("Save the policy", func() {
		np, err := policyFrom(gap.Text, window.Text, warn.Text, ask.Text)
		if err != nil {
			u.showError("The policy was not changed", err, nil)
			return
		}
		changes, err := u.ws.SetPolicy(u.ctx, np)
		switch {
		case err != nil:
			u.showError("The policy was not changed", err, nil)
		case len(changes) == 0:
			dialog.ShowInformation("Policy", "Nothing changed.", u.win)
		default:
			dialog.ShowInformation("Policy saved and audited", strings.Join(changes, "\n"), u.win)
		}
	})
	policy := widget.NewForm(
		widget.NewFormItem("Episode gap (minutes)", gap), widget.NewFormItem("Window (days)", window),
		widget.NewFormItem("Warn at episode", warn), widget.NewFormItem("Ask at episode", ask))

	personas := widget.NewLabel(u.personaList())
	name := widget.NewEntry()
	name.SetPlaceHolder("new persona, e.g. research-2")
	add := widget.NewButton("Add persona", func() {
		if _, err := u.ws.AddPersona(u.ctx, workspace.Persona{Name: strings.TrimSpace(name.Text)}); err != nil {
			u.showError("Could not add the persona", err, nil)
			return
		}
		name.SetText("")
		personas.SetText(u.personaList())
	})

	contrast := widget.NewCheck("High-contrast theme", func(on bool) {
		u.app.Preferences().SetBool(highContrastPref, on)
		u.applyTheme()
	})
	contrast.SetChecked(u.app.Preferences().Bool(highContrastPref))

	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	content := container.NewVBox(
		bold("Repeated viewing (RIPA) policy"), policy, save, widget.NewSeparator(),
		bold("Personas (each a browser profile of its own)"), personas, container.NewBorder(nil, nil, nil, add, name),
		widget.NewSeparator(), bold("Display"), contrast)
	d := dialog.NewCustom("Settings", "Close", container.NewVScroll(content), u.win)
	d.Resize(fyne.NewSize(560, 600))
	d.Show()
}

// policyFrom reads the policy form; the workspace validates the values.
func policyFrom(gap, window, warn, ask string) (ripa.Policy, error) {
	var n [4]int
	for i, f := range []struct{ name, text string }{
		{"episode gap", gap}, {"window", window}, {"warn at episode", warn}, {"ask at episode", ask},
	} {
		v, err := strconv.Atoi(strings.TrimSpace(f.text))
		if err != nil {
			return ripa.Policy{}, fmt.Errorf("%s: %q is not a whole number", f.name, f.text)
		}
		n[i] = v
	}
	return ripa.Policy{EpisodeGap: time.Duration(n[0]) * time.Minute, Window: time.Duration(n[1]) * 24 * time.Hour,
		WarnAtEpisode: n[2], AskAtEpisode: n[3]}, nil
}

// personaList lists the workspace's personas, one a line.
func (u *UI) personaList() string {
	ps, err := u.ws.Personas(u.ctx)
	if err != nil {
		return "Could not list the personas: " + err.Error()
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, p.Name+"  (added "+p.Created.UTC().Format("2 Jan 2006")+" by "+p.Officer+")")
	}
	if len(lines) == 0 {
		return "Only the default persona."
	}
	return strings.Join(lines, "\n")
}
