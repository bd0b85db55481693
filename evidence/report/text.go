package report

import (
	"strings"
	"unicode"
)

// Text is laid out in three steps: each paragraph is shaped (Arabic) and cut
// into lines in logical order, breaking at spaces, after URL punctuation,
// between ideographs, and anywhere at all when a word (a hash, a long URL)
// is wider than the line; then each line is put in display order (bidi);
// then consecutive characters drawn by the same font become one PDF text
// operation.

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

// style is how a piece of text is drawn.
type style struct {
	face  face
	size  float64
	color rgb
}

// lineHeight is the distance between baselines.
func (s style) lineHeight() float64 { return s.size * 1.28 }

// baseline is the offset of the first baseline below the top of a block.
func (s style) baseline() float64 { return s.size * 1.0 }

type align int

const (
	alignStart  align = iota // left, or right for a right-to-left paragraph
	alignLeft                // left whatever the direction
	alignCenter              // centred
	alignRight               // right
)

// glyph is one character as drawn: its font and its width at the style's size.
type glyph struct {
	r rune
	f face
	w float64
}

// line is one laid-out line in display order.
type line struct {
	glyphs []glyph
	width  float64
	rtl    bool
}

// wrap lays text out in lines no wider than maxW.
func (d *doc) wrap(text string, st style, maxW float64) ([]line, error) {
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", "    ").Replace(text)
	var lines []line
	for _, para := range strings.Split(text, "\n") {
		ls, err := d.wrapParagraph(para, st, maxW)
		if err != nil {
			return nil, err
		}
		lines = append(lines, ls...)
	}
	return lines, nil
}

func (d *doc) wrapParagraph(para string, st style, maxW float64) ([]line, error) {
	rs := []rune(para)
	rtl := paragraphRTL(rs)
	rs = shapeArabic(rs, func(r rune) bool { _, got := d.fonts.pick(st.face, r); return got == r })
	rs = dropInvisible(rs)
	gs, err := d.glyphs(rs, st)
	if err != nil {
		return nil, err
	}
	urlish := urlishWords(rs)
	var lines []line
	for start := 0; ; {
		end, next := breakLine(rs, gs, urlish, start, maxW)
		l, err := d.makeLine(rs[start:end], st, rtl)
		if err != nil {
			return nil, err
		}
		lines = append(lines, l)
		if next >= len(rs) {
			return lines, nil
		}
		start = next
	}
}

// breakLine finds where the line starting at start ends (exclusive) and
// where the next line starts.
func breakLine(rs []rune, gs []glyph, urlish []bool, start int, maxW float64) (end, next int) {
	width := 0.0
	lastBreak := -1 // a line may end before this index
	for i := start; i < len(rs); i++ {
		if unicode.IsSpace(rs[i]) {
			lastBreak = i
			width += gs[i].w
			continue
		}
		if width+gs[i].w > maxW && i > start {
			if lastBreak > start {
				return trimEnd(rs, start, lastBreak), skipSpaces(rs, lastBreak)
			}
			return i, i
		}
		width += gs[i].w
		if i+1 < len(rs) && breakBetween(rs[i], rs[i+1], urlish[i]) {
			lastBreak = i + 1
		}
	}
	return trimEnd(rs, start, len(rs)), len(rs)
}

// breakBetween reports a break opportunity between a and b, other than at
// spaces. Inside URLs it follows the Chicago Manual's rule, so a line never
// ends in a hyphen or dot that a reader could take for punctuation: break
// after a colon, before a slash, dot, comma, hyphen, underscore, tilde,
// question mark, number sign or percent sign, and either side of "=" and "&".
// In other words, break after a hyphen. Ideographs break anywhere.
func breakBetween(a, b rune, urlish bool) bool {
	if isWide(a) || isWide(b) {
		return !unicode.IsPunct(b) // keep closing punctuation with its ideograph
	}
	if !urlish {
		return a == '-' && unicode.IsLetter(b)
	}
	const before = "/.,-_~?#%=&"
	switch {
	case a == ':' && b != '/':
		return true
	case a == '=' || a == '&':
		return true
	case strings.ContainsRune(before, b):
		return !strings.ContainsRune(before+":", a)
	}
	return false
}

// urlishWords marks the runes of words that look like URLs, paths, hashes
// with a prefix or e-mail addresses.
func urlishWords(rs []rune) []bool {
	out := make([]bool, len(rs))
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		word := string(rs[i:j])
		u := strings.ContainsAny(word, "/%@&=")
		for k := i; k < j; k++ {
			out[k] = u
		}
		i = j
	}
	return out
}

// isWide reports ideographic scripts, which break between any two characters.
func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

func trimEnd(rs []rune, start, end int) int {
	for end > start && unicode.IsSpace(rs[end-1]) {
		end--
	}
	return end
}

func skipSpaces(rs []rune, i int) int {
	for i < len(rs) && unicode.IsSpace(rs[i]) {
		i++
	}
	return i
}

// dropInvisible removes control and format characters (bidi controls,
// zero-width joiners, soft hyphens), which would otherwise draw as boxes.
func dropInvisible(rs []rune) []rune {
	out := rs[:0:0]
	for _, r := range rs {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || isBidiControl(r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// glyphs picks a font for each rune and measures it.
func (d *doc) glyphs(rs []rune, st style) ([]glyph, error) {
	gs := make([]glyph, len(rs))
	for i, r := range rs {
		f, dr := d.fonts.pick(st.face, r)
		w, err := d.fonts.advance(f, dr)
		if err != nil {
			return nil, err
		}
		gs[i] = glyph{r: dr, f: f, w: w * st.size}
	}
	return gs, nil
}

// makeLine puts one line in display order and measures it.
func (d *doc) makeLine(rs []rune, st style, rtl bool) (line, error) {
	gs, err := d.glyphs(visualOrder(rs, rtl), st)
	if err != nil {
		return line{}, err
	}
	l := line{glyphs: gs, rtl: rtl}
	for _, g := range gs {
		l.width += g.w
	}
	return l, nil
}

// drawLine draws l with its baseline at y inside the box from x to x+w.
func (d *doc) drawLine(l line, st style, x, y, w float64, a align) error {
	switch {
	case a == alignCenter:
		x += (w - l.width) / 2
	case a == alignRight || (a == alignStart && l.rtl):
		x += w - l.width
	}
	d.pdf.SetTextColor(st.color.r, st.color.g, st.color.b)
	for i := 0; i < len(l.glyphs); {
		j := i
		var run strings.Builder
		width := 0.0
		for j < len(l.glyphs) && l.glyphs[j].f == l.glyphs[i].f {
			run.WriteRune(l.glyphs[j].r)
			width += l.glyphs[j].w
			j++
		}
		if err := d.fonts.use(l.glyphs[i].f, st.size); err != nil {
			return err
		}
		d.pdf.SetXY(x, y)
		if err := d.pdf.Text(run.String()); err != nil {
			return err
		}
		x += width
		i = j
	}
	return nil
}

// textBlock draws wrapped text with its top at y and returns its height.
func (d *doc) textBlock(text string, st style, x, y, w float64, a align) (float64, error) {
	lines, err := d.wrap(text, st, w)
	if err != nil {
		return 0, err
	}
	for i, l := range lines {
		if err := d.drawLine(l, st, x, y+st.baseline()+float64(i)*st.lineHeight(), w, a); err != nil {
			return 0, err
		}
	}
	return float64(len(lines)) * st.lineHeight(), nil
}

// fit shortens text to one line no wider than w, ending it with an ellipsis.
func (d *doc) fit(text string, st style, w float64) (line, error) {
	rs := []rune(strings.Join(strings.Fields(text), " "))
	rtl := paragraphRTL(rs)
	rs = dropInvisible(shapeArabic(rs, func(r rune) bool { _, got := d.fonts.pick(st.face, r); return got == r }))
	gs, err := d.glyphs(rs, st)
	if err != nil {
		return line{}, err
	}
	total := 0.0
	for _, g := range gs {
		total += g.w
	}
	if total <= w {
		return d.makeLine(rs, st, rtl)
	}
	ell, err := d.glyphs([]rune{'…'}, st)
	if err != nil {
		return line{}, err
	}
	n, acc := 0, 0.0
	for n < len(gs) && acc+gs[n].w+ell[0].w <= w {
		acc += gs[n].w
		n++
	}
	cut := trimEnd(rs, 0, n)
	return d.makeLine(append(rs[:cut:cut], '…'), st, rtl)
}
