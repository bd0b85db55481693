package capture

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/sightline-osint/sightline/assets/fonts"
)

// The header band's layout, in pixels.
const (
	bandFontSize   = 16
	bandLineHeight = 22
	bandMargin     = 12
	bandRule       = 2 // the line between band and screenshot
)

// Stamp is what the header band of an annotated screenshot says: the
// Berkeley Protocol's minimum (URL, date and time) and who captured the
// page, for what and as whom.
type Stamp struct {
	URL     string
	Time    time.Time // shown in UTC, RFC 3339 with milliseconds
	Case    string
	Officer string
	Persona string
}

// Annotate returns a new PNG: the screenshot png below a header band that
// states the stamp. The band is as wide as the screenshot and long values
// (URLs) wrap; the screenshot's pixels are copied unchanged and png itself
// is not modified. Control and formatting characters, which could hide or
// reorder text, are shown as <U+XXXX>.
func Annotate(pngData []byte, stamp Stamp) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return nil, fmt.Errorf("annotate: decode screenshot: %w", err)
	}
	face, err := bandFace()
	if err != nil {
		return nil, fmt.Errorf("annotate: %w", err)
	}
	defer face.Close()
	sb := src.Bounds()
	lines := stamp.lines(face, fixed.I(sb.Dx()-2*bandMargin))
	band := 2*bandMargin + len(lines)*bandLineHeight + bandRule
	dst := image.NewRGBA(image.Rect(0, 0, sb.Dx(), band+sb.Dy()))
	draw.Draw(dst, image.Rect(0, 0, sb.Dx(), band), image.White, image.Point{}, draw.Src)
	draw.Draw(dst, image.Rect(0, band-bandRule, sb.Dx(), band), image.Black, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: dst, Src: image.NewUniform(color.Black), Face: face}
	ascent := face.Metrics().Ascent
	for i, l := range lines {
		d.Dot = fixed.Point26_6{X: fixed.I(bandMargin), Y: fixed.I(bandMargin+i*bandLineHeight) + ascent}
		d.DrawString(l)
	}
	draw.Draw(dst, image.Rect(0, band, sb.Dx(), band+sb.Dy()), src, sb.Min, draw.Src)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, dst); err != nil {
		return nil, fmt.Errorf("annotate: encode: %w", err)
	}
	return buf.Bytes(), nil
}

func bandFace() (font.Face, error) {
	f, err := opentype.Parse(fonts.DejaVuSans()) // wide Unicode coverage: a URL or name shows as written
	if err != nil {
		return nil, fmt.Errorf("font: %w", err)
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: bandFontSize, DPI: 72, Hinting: font.HintingFull})
}

// lines lays the stamp out in lines no wider than width.
func (s Stamp) lines(face font.Face, width fixed.Int26_6) []string {
	fields := []struct{ label, value string }{
		{"URL", s.URL},
		{"Captured", s.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00") + " (UTC)"},
		{"Case", s.Case},
		{"Officer", s.Officer},
		{"Persona", s.Persona},
	}
	var out []string
	for _, f := range fields {
		out = append(out, wrap(face, f.label+": "+visible(f.value), width)...)
	}
	return out
}

// visible replaces what would not show, or would change how the rest
// shows (controls, bidirectional overrides, zero-width characters, invalid
// UTF-8), with its code point written out.
func visible(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, "<0x%02X>", s[i])
		case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrap breaks text into lines no wider than width, after the last space or
// URL separator that fits when there is one in the second half of the
// line, else after the last character that fits. Continuation lines are
// indented.
func wrap(face font.Face, text string, width fixed.Int26_6) []string {
	const indent = "    "
	var lines []string
	for text != "" {
		n := fitting(face, text, width)
		if n < len(text) {
			n = breakPoint(text, n)
		}
		lines = append(lines, strings.TrimRight(text[:n], " "))
		text = text[n:]
		if text != "" {
			text = indent + strings.TrimLeft(text, " ")
		}
		if len(lines) > 1000 { // width too small to make progress
			break
		}
	}
	return lines
}

// fitting is how many bytes of text fit in width: at least one rune.
func fitting(face font.Face, text string, width fixed.Int26_6) int {
	var w fixed.Int26_6
	prev := rune(-1)
	for i, r := range text {
		if prev >= 0 {
			w += face.Kern(prev, r)
		}
		adv, _ := face.GlyphAdvance(r)
		if w+adv > width && i > 0 {
			return i
		}
		w += adv
		prev = r
	}
	return len(text)
}

// breakPoint moves a break at n back to just after a space or separator in
// the second half of text[:n], where a reader expects one.
func breakPoint(text string, n int) int {
	for i := n - 1; i > n/2; i-- {
		if strings.IndexByte(" /?&=-_.,;", text[i]) >= 0 {
			return i + 1
		}
	}
	return n
}
