package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// highContrast is a dark theme of pure black and white with yellow focus
// and selection, for researchers who need the strongest contrast (WCAG
// AAA: 21:1 for text).
type highContrast struct{ fyne.Theme }

func (h highContrast) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	white, black, yellow := color.White, color.Black, color.NRGBA{R: 0xff, G: 0xff, B: 0x00, A: 0xff}
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
		theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground:
		return black
	case theme.ColorNameForeground, theme.ColorNameInputBorder, theme.ColorNameSeparator,
		theme.ColorNameForegroundOnPrimary:
		return white
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameSelection, theme.ColorNameHyperlink:
		return yellow
	case theme.ColorNameButton:
		return color.NRGBA{R: 0x20, G: 0x20, B: 0x20, A: 0xff}
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return color.NRGBA{R: 0xc0, G: 0xc0, B: 0xc0, A: 0xff}
	case theme.ColorNameHover, theme.ColorNamePressed:
		return color.NRGBA{R: 0x40, G: 0x40, B: 0x00, A: 0xff}
	}
	return h.Theme.Color(n, theme.VariantDark)
}

// applyTheme sets the theme the preferences ask for.
func (u *UI) applyTheme() {
	if u.app.Preferences().Bool(highContrastPref) {
		u.app.Settings().SetTheme(highContrast{theme.DefaultTheme()})
		return
	}
	u.app.Settings().SetTheme(theme.DefaultTheme())
}
