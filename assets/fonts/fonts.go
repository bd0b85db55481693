// Package fonts holds the TrueType fonts Sightline draws text with: the
// capture's annotated screenshot and the PDF reports. They travel inside the
// binary so output looks the same on every workstation. Licences are beside
// them: DejaVu (LICENSE-DejaVu.txt), Droid Sans Fallback (Apache-2.0,
// NOTICE-DroidSansFallback.txt). No Fyne here: capture and evidence use it.
package fonts

import _ "embed" // the font files

// Strings, so that no caller can change them.
var (
	//go:embed DejaVuSans.ttf
	dejaVuSans string
	//go:embed DejaVuSans-Bold.ttf
	dejaVuSansBold string
	//go:embed DejaVuSansMono.ttf
	dejaVuSansMono string
	//go:embed DroidSansFallbackFull.ttf
	droidSansFallback string
)

// DejaVuSans covers Latin, Greek, Cyrillic, Arabic and Hebrew.
func DejaVuSans() []byte { return []byte(dejaVuSans) }

// DejaVuSansBold is DejaVu Sans' bold face.
func DejaVuSansBold() []byte { return []byte(dejaVuSansBold) }

// DejaVuSansMono is for hashes and commands.
func DejaVuSansMono() []byte { return []byte(dejaVuSansMono) }

// DroidSansFallback covers Han ideographs and kana.
func DroidSansFallback() []byte { return []byte(droidSansFallback) }
