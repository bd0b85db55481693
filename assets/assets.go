// Package assets holds the files the desktop app embeds.
package assets

import (
	_ "embed" // for the icon

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon: an eye on a sightline, 256x256 PNG.
func Icon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", iconPNG)
}
