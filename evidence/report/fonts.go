package report

import (
	"fmt"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/sfnt"

	"github.com/sightline-osint/sightline/assets/fonts"
)

// face is one embedded font file.
type face int

const (
	faceSans face = iota // DejaVu Sans: Latin, Greek, Cyrillic, Arabic, Hebrew
	faceBold             // DejaVu Sans Bold
	faceMono             // DejaVu Sans Mono: hashes and commands
	faceCJK              // Droid Sans Fallback: Han ideographs, kana
	numFaces
)

var faceFamily = [numFaces]string{"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono", "DroidSansFallbackFull"}

// faceData is a copy of the font file of f, from package assets/fonts.
func faceData(f face) []byte {
	switch f {
	case faceBold:
		return fonts.DejaVuSansBold()
	case faceMono:
		return fonts.DejaVuSansMono()
	case faceCJK:
		return fonts.DroidSansFallback()
	default:
		return fonts.DejaVuSans()
	}
}

// fallbacks lists, for the face a piece of text asks for, the faces tried
// in order for each character.
var fallbacks = [numFaces][]face{
	faceSans: {faceSans, faceCJK},
	faceBold: {faceBold, faceSans, faceCJK},
	faceMono: {faceMono, faceSans, faceCJK},
	faceCJK:  {faceCJK, faceSans},
}

// fontSet answers which face draws a character and how wide it is. Faces
// are added to the PDF only when first used, so a report without CJK text
// does not parse the 4 MB fallback font.
type fontSet struct {
	pdf     *gopdf.GoPdf
	data    [numFaces][]byte
	parsed  [numFaces]*sfnt.Font
	added   [numFaces]bool
	buf     sfnt.Buffer
	covers  [numFaces]map[rune]bool
	widths  [numFaces]map[rune]float64 // advance at size 1, in points
	current face
	size    float64
}

func newFontSet(pdf *gopdf.GoPdf) (*fontSet, error) {
	fs := &fontSet{pdf: pdf, current: -1}
	for f := face(0); f < numFaces; f++ {
		fs.data[f] = faceData(f)
		p, err := sfnt.Parse(fs.data[f])
		if err != nil {
			return nil, fmt.Errorf("parse font %s: %w", faceFamily[f], err)
		}
		fs.parsed[f] = p
		fs.covers[f] = map[rune]bool{}
		fs.widths[f] = map[rune]float64{}
	}
	return fs, nil
}

// has reports whether face f has a glyph for r.
func (fs *fontSet) has(f face, r rune) bool {
	if v, ok := fs.covers[f][r]; ok {
		return v
	}
	g, err := fs.parsed[f].GlyphIndex(&fs.buf, r)
	v := err == nil && g != 0
	fs.covers[f][r] = v
	return v
}

// pick returns the face that draws r for text asking for want, and the rune
// to draw: U+FFFD when no face has r.
func (fs *fontSet) pick(want face, r rune) (face, rune) {
	for _, f := range fallbacks[want] {
		if fs.has(f, r) {
			return f, r
		}
	}
	return faceSans, '\uFFFD'
}

// use makes f the current font of the PDF at size, adding it first if needed.
func (fs *fontSet) use(f face, size float64) error {
	if !fs.added[f] {
		if err := fs.pdf.AddTTFFontData(faceFamily[f], fs.data[f]); err != nil {
			return fmt.Errorf("add font %s: %w", faceFamily[f], err)
		}
		fs.added[f] = true
	}
	if fs.current == f && fs.size == size {
		return nil
	}
	if err := fs.pdf.SetFont(faceFamily[f], "", size); err != nil {
		return fmt.Errorf("set font %s: %w", faceFamily[f], err)
	}
	fs.current, fs.size = f, size
	return nil
}

// advance is the width of r in face f at size 1, measured the way gopdf
// measures it so that wrapping and drawing agree.
func (fs *fontSet) advance(f face, r rune) (float64, error) {
	if w, ok := fs.widths[f][r]; ok {
		return w, nil
	}
	prevFace, prevSize := fs.current, fs.size
	if err := fs.use(f, 1000); err != nil {
		return 0, err
	}
	w, err := fs.pdf.MeasureTextWidth(string(r))
	if err != nil {
		return 0, fmt.Errorf("measure %q in %s: %w", r, faceFamily[f], err)
	}
	w /= 1000
	fs.widths[f][r] = w
	if prevFace >= 0 {
		if err := fs.use(prevFace, prevSize); err != nil {
			return 0, err
		}
	}
	return w, nil
}
