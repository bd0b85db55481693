package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// shortcut is one keyboard shortcut of the main window.
type shortcut struct {
	key  fyne.KeyName
	mod  fyne.KeyModifier
	keys string // as the help screen shows it
	what string
	do   func(u *UI)
}

// shortcuts are the main window's shortcuts, in the order the help screen
// lists them. Every action of the window is also a button.
func shortcuts() []shortcut {
	return []shortcut{
		{fyne.KeyL, fyne.KeyModifierControl, "Ctrl+L", "Go to the address bar (Enter goes)", func(u *UI) {
			u.tabs.SelectIndex(0)
			u.win.Canvas().Focus(u.browse.address)
		}},
		{fyne.KeyLeft, fyne.KeyModifierAlt, "Alt+Left", "Back", func(u *UI) { u.browse.back.OnTapped() }},
		{fyne.KeyRight, fyne.KeyModifierAlt, "Alt+Right", "Forward", func(u *UI) { u.browse.forward.OnTapped() }},
		{fyne.KeyR, fyne.KeyModifierControl, "Ctrl+R", "Reload", func(u *UI) { u.browse.reload.OnTapped() }},
		{fyne.KeyF5, 0, "F5", "Reload", func(u *UI) { u.browse.reload.OnTapped() }},
		{fyne.KeyT, fyne.KeyModifierControl, "Ctrl+T", "New tab", func(u *UI) {
			u.tabs.SelectIndex(0)
			u.browse.tabs.Append(u.browse.newTab(""))
			u.browse.tabs.SelectIndex(len(u.browse.tabs.Items) - 1)
			u.win.Canvas().Focus(u.browse.address)
		}},
		{fyne.KeyW, fyne.KeyModifierControl, "Ctrl+W", "Close the tab", func(u *UI) {
			if it := u.browse.tabs.Selected(); it != nil {
				u.browse.closeTab(it)
			}
		}},
		{fyne.KeyS, fyne.KeyModifierControl | fyne.KeyModifierShift, "Ctrl+Shift+S", "Capture the page shown", func(u *UI) {
			u.browse.capture.start()
		}},
		{fyne.Key1, fyne.KeyModifierAlt, "Alt+1", "Browse", func(u *UI) { u.tabs.SelectIndex(0) }},
		{fyne.Key2, fyne.KeyModifierAlt, "Alt+2", "Evidence", func(u *UI) { u.tabs.SelectIndex(1) }},
		{fyne.Key3, fyne.KeyModifierAlt, "Alt+3", "Subjects", func(u *UI) { u.tabs.SelectIndex(2) }},
		{fyne.Key4, fyne.KeyModifierAlt, "Alt+4", "Audit", func(u *UI) { u.tabs.SelectIndex(3) }},
		{fyne.KeyE, fyne.KeyModifierControl | fyne.KeyModifierShift, "Ctrl+Shift+E", "Export an evidence pack", func(u *UI) { u.showExport() }},
		{fyne.KeyComma, fyne.KeyModifierControl, "Ctrl+,", "Settings", func(u *UI) { u.showSettings() }},
		{fyne.KeySlash, fyne.KeyModifierControl, "Ctrl+/", "This list of shortcuts", func(u *UI) { u.showHelp() }},
	}
}

// addShortcuts registers the shortcuts on the main window.
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	u.keys = map[string]func(*UI){}
	for _, s := range shortcuts() {
		do := s.do
		key := &desktop.CustomShortcut{KeyName: s.key, Modifier: s.mod}
		u.keys[key.ShortcutName()] = do
		if s.mod != 0 {
			c.AddShortcut(key, func(fyne.Shortcut) { do(u) })
		}
	}
	// A key without modifiers (F5) is no shortcut to Fyne: it comes as a
	// typed key when no widget has the keyboard, and from the live view
	// when the page has it.
	c.SetOnTypedKey(func(e *fyne.KeyEvent) { u.windowShortcut(&desktop.CustomShortcut{KeyName: e.Name}) })
}

// windowShortcut runs s if it is one of the main window's shortcuts and
// reports whether it was. Fyne gives a shortcut to the focused widget
// alone, so the live view asks here first.
func (u *UI) windowShortcut(s fyne.Shortcut) bool {
	do, ok := u.keys[s.ShortcutName()]
	if ok {
		do(u)
	}
	return ok
}

// showHelp lists the shortcuts.
func (u *UI) showHelp() {
	var b strings.Builder
	for _, s := range shortcuts() {
		b.WriteString(s.keys + "\t" + s.what + "\n")
	}
	b.WriteString("\nIn a page: the keys, clicks, wheel and Ctrl+C / Ctrl+V go to the page. Tab moves between the window's fields.")
	l := widget.NewLabel(b.String())
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Keyboard shortcuts", "Close", l, u.win)
	d.Resize(fyne.NewSize(560, 520))
	d.Show()
}
