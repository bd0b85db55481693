// Package fonts holds the TrueType font Sightline draws text with in the
// capture's annotated screenshot, so that it looks the same on every
// workstation: DejaVu Sans, licence in LICENSE-DejaVu.txt. (The PDF reports
// are typeset by Chromium in the system's Noto fonts: evidence/report.) No
// Fyne here: capture uses it.
package fonts

import _ "embed" // the font file

// A string, so that no caller can change it.
//
//go:embed DejaVuSans.ttf
var dejaVuSans string

// DejaVuSans covers Latin, Greek, Cyrillic, Arabic and Hebrew.
func DejaVuSans() []byte { return []byte(dejaVuSans) }
