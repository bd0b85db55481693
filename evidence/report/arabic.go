package report

// Arabic letters change shape with their neighbours. PDF text drawn with a
// plain TrueType font shows each code point's isolated glyph, so before
// drawing we replace letters by their contextual presentation forms
// (U+FB50–U+FDFF, U+FE70–U+FEFF), which DejaVu Sans has, and join lam with
// alef. This is the classic shaping of the Arabic block; it does not handle
// every script that uses Arabic letters, nor mark positioning.

// arabicForms holds the presentation forms of a letter: isolated, final,
// initial, medial. Right-joining letters have no initial or medial form.
type arabicForms struct {
	iso, fin, ini, med rune
}

func (f arabicForms) dual() bool { return f.ini != 0 }

// arabicTable maps a letter to its forms. Letters from U+0622 to U+064A are
// laid out regularly in Arabic Presentation Forms-B; the others are listed.
var arabicTable = buildArabicTable()

func buildArabicTable() map[rune]arabicForms {
	t := map[rune]arabicForms{0x0621: {iso: 0xFE80}}
	// right-joining letters of U+0622..U+064A (two forms each); the rest are
	// dual-joining (four forms). U+063B..U+0640 have no forms in Forms-B.
	right := map[rune]bool{
		0x0622: true, 0x0623: true, 0x0624: true, 0x0625: true, 0x0627: true,
		0x0629: true, 0x062F: true, 0x0630: true, 0x0631: true, 0x0632: true,
		0x0648: true, 0x0649: true,
	}
	next := rune(0xFE81)
	for r := rune(0x0622); r <= 0x064A; r++ {
		if r >= 0x063B && r <= 0x0640 {
			continue
		}
		if right[r] {
			t[r] = arabicForms{iso: next, fin: next + 1}
			next += 2
			continue
		}
		t[r] = arabicForms{iso: next, fin: next + 1, ini: next + 2, med: next + 3}
		next += 4
	}
	// Persian and Urdu letters, from Arabic Presentation Forms-A.
	t[0x067E] = arabicForms{0xFB56, 0xFB57, 0xFB58, 0xFB59} // peh
	t[0x0686] = arabicForms{0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D} // tcheh
	t[0x0698] = arabicForms{iso: 0xFB8A, fin: 0xFB8B}       // jeh
	t[0x06A9] = arabicForms{0xFB8E, 0xFB8F, 0xFB90, 0xFB91} // keheh
	t[0x06AF] = arabicForms{0xFB92, 0xFB93, 0xFB94, 0xFB95} // gaf
	t[0x06CC] = arabicForms{0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF} // farsi yeh
	return t
}

// lamAlef maps an alef that follows lam to the ligature's isolated form; the
// final form is the next code point.
var lamAlef = map[rune]rune{0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}

const (
	arabicLam     = 0x0644
	arabicTatweel = 0x0640
)

// arabicTransparent reports marks that do not break joining (harakat etc.).
func arabicTransparent(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || (r >= 0x06D6 && r <= 0x06ED)
}

// joinsForward reports whether r connects to the letter after it.
func joinsForward(r rune) bool {
	if r == arabicTatweel || r == 0x200D {
		return true
	}
	f, ok := arabicTable[r]
	return ok && f.dual()
}

// joinsBackward reports whether r connects to the letter before it.
func joinsBackward(r rune) bool {
	if r == arabicTatweel || r == 0x200D {
		return true
	}
	f, ok := arabicTable[r]
	return ok && f.fin != 0
}

// hasArabic reports whether s needs shaping at all.
func hasArabic(rs []rune) bool {
	for _, r := range rs {
		if r >= 0x0600 && r <= 0x06FF {
			return true
		}
	}
	return false
}

// shapeArabic returns rs, in logical order, with Arabic letters replaced by
// their contextual forms. has reports whether the font can draw a form;
// where it cannot, the letter is left as it was.
func shapeArabic(rs []rune, has func(rune) bool) []rune {
	if !hasArabic(rs) {
		return rs
	}
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		forms, ok := arabicTable[r]
		if !ok {
			out = append(out, r)
			continue
		}
		prev := neighbour(rs, i, -1)
		joinPrev := prev != 0 && joinsForward(prev)
		if lig, j := lamAlefAt(rs, i, joinPrev); lig != 0 && has(lig) {
			out = append(out, lig)
			out = append(out, rs[i+1:j]...) // marks between lam and alef
			i = j
			continue
		}
		next := neighbour(rs, i, +1)
		form := forms.contextual(joinPrev, next != 0 && joinsBackward(next))
		if form == 0 || !has(form) {
			form = r
		}
		out = append(out, form)
	}
	return out
}

// lamAlefAt returns the lam-alef ligature starting at i, if rs[i] is a lam
// followed by an alef, and the alef's index.
func lamAlefAt(rs []rune, i int, joinPrev bool) (rune, int) {
	if rs[i] != arabicLam {
		return 0, 0
	}
	j := nextLetterIndex(rs, i)
	if j < 0 {
		return 0, 0
	}
	lig, ok := lamAlef[rs[j]]
	if !ok {
		return 0, 0
	}
	if joinPrev {
		lig++ // final form
	}
	return lig, j
}

// contextual picks the form for a letter joined on neither, one or both
// sides.
func (f arabicForms) contextual(joinPrev, joinNext bool) rune {
	joinNext = joinNext && f.dual()
	switch {
	case joinPrev && joinNext:
		return f.med
	case joinPrev && f.fin != 0:
		return f.fin
	case joinNext:
		return f.ini
	}
	return f.iso
}

// neighbour returns the nearest non-transparent rune before (dir -1) or
// after (dir +1) index i, or 0 at the end of the text.
func neighbour(rs []rune, i, dir int) rune {
	for j := i + dir; j >= 0 && j < len(rs); j += dir {
		if !arabicTransparent(rs[j]) {
			return rs[j]
		}
	}
	return 0
}

func nextLetterIndex(rs []rune, i int) int {
	for j := i + 1; j < len(rs); j++ {
		if !arabicTransparent(rs[j]) {
			return j
		}
	}
	return -1
}
