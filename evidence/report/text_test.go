package report

import (
	"strings"
	"testing"
	"unicode"
)

func newTestDoc(t *testing.T) *doc {
	t.Helper()
	d, err := newDoc(Report{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func lineText(l line) string {
	var b strings.Builder
	for _, g := range l.glyphs {
		b.WriteRune(g.r)
	}
	return b.String()
}

func TestWrapBreaksHashesAnywhere(t *testing.T) {
	d := newTestDoc(t)
	hash := "3f5a9c0e7b21d4f68a1e0c9b7d2f4a6e8c0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f"
	const width = 120
	lines, err := d.wrap(hash, stMono, width)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 3 {
		t.Fatalf("a 64-character hash in %vpt took %d lines", width, len(lines))
	}
	var joined string
	for _, l := range lines {
		if l.width > width+0.01 {
			t.Errorf("line %q is %.1fpt wide, more than %vpt", lineText(l), l.width, width)
		}
		joined += lineText(l)
	}
	if joined != hash {
		t.Errorf("lines join to %q, want the hash", joined)
	}
}

func TestWrapURLNeverEndsInPunctuation(t *testing.T) {
	d := newTestDoc(t)
	url := "https://www.kestrel-motors.example/listings/used-cars/manchester?page=3&sort=price_asc&utm_campaign=spring-2024-clearance.event"
	for _, width := range []float64{90, 130, 170, 240} {
		lines, err := d.wrap(url, stValue, width)
		if err != nil {
			t.Fatal(err)
		}
		var joined string
		for i, l := range lines {
			s := lineText(l)
			joined += s
			if i < len(lines)-1 && strings.ContainsAny(s[len(s)-1:], "-._/") {
				t.Errorf("width %v: line %q ends in punctuation that reads as part of the URL", width, s)
			}
		}
		if joined != url {
			t.Errorf("width %v: lines join to %q", width, joined)
		}
	}
}

func TestWrapProse(t *testing.T) {
	d := newTestDoc(t)
	const text = "The quick brown fox jumps over the well-known lazy dog"
	lines, err := d.wrap(text, stBody, 90)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, l := range lines {
		s := lineText(l)
		if s != strings.TrimSpace(s) || strings.Contains(s, "  ") || l.width > 90 {
			t.Errorf("line %q (%.1fpt) has stray spaces or is too wide", s, l.width)
		}
		words = append(words, s)
	}
	if got := strings.ReplaceAll(strings.Join(words, " "), "- ", "-"); got != text {
		t.Errorf("lines join to %q", got)
	}
	if len(lines) < 3 {
		t.Errorf("%d lines", len(lines))
	}
}

func TestVisualOrder(t *testing.T) {
	for _, tc := range []struct{ logical, visual string }{
		{"abc", "abc"},
		{"abc אבג def", "abc גבא def"},
		{"אבג 123 דה", "הד 123 גבא"},
		{"אבג (דה)", "(הד) גבא"},
		{"ok: שלום!", "ok: םולש!"},
	} {
		rs := []rune(tc.logical)
		if got := string(visualOrder(rs, paragraphRTL(rs))); got != tc.visual {
			t.Errorf("visualOrder(%q) = %q, want %q", tc.logical, got, tc.visual)
		}
	}
}

func TestShapeArabic(t *testing.T) {
	all := func(rune) bool { return true }
	for _, tc := range []struct{ in, want string }{
		{"سلام", "\uFEB3\uFEFC\uFEE1"},       // seen initial, lam-alef final, meem isolated
		{"لا", "\uFEFB"},                     // lam-alef isolated
		{"بيت", "\uFE91\uFEF4\uFE96"},        // beh initial, yeh medial, teh final
		{"دار", "\uFEA9\uFE8D\uFEAD"},        // right-joining letters do not join forward
		{"abc", "abc"},                       // nothing to do
		{"بَيت", "\uFE91\u064E\uFEF4\uFE96"}, // a mark does not break joining
	} {
		if got := string(shapeArabic([]rune(tc.in), all)); got != tc.want {
			t.Errorf("shapeArabic(%q) = %+q, want %+q", tc.in, got, tc.want)
		}
	}
	none := func(rune) bool { return false }
	if got := string(shapeArabic([]rune("سلام"), none)); got != "سلام" {
		t.Errorf("without presentation forms in the font: %+q", got)
	}
}

func TestFontFallback(t *testing.T) {
	d := newTestDoc(t)
	for _, tc := range []struct {
		r    rune
		want face
	}{
		{'A', faceSans}, {'Ж', faceSans}, {'ب', faceSans}, {'红', faceCJK}, {'カ', faceCJK},
	} {
		if f, _ := d.fonts.pick(faceSans, tc.r); f != tc.want {
			t.Errorf("pick(%q) = %s, want %s", tc.r, faceFamily[f], faceFamily[tc.want])
		}
	}
	if _, r := d.fonts.pick(faceSans, '한'); r != '\uFFFD' {
		t.Errorf("a character no font has is drawn as %q, want U+FFFD", r)
	}
	if f, _ := d.fonts.pick(faceMono, 'Ж'); f != faceMono {
		t.Errorf("mono Cyrillic from %s", faceFamily[f])
	}
}

func TestFitAddsEllipsis(t *testing.T) {
	d := newTestDoc(t)
	l, err := d.fit(strings.Repeat("word ", 100), stBody, 200)
	if err != nil {
		t.Fatal(err)
	}
	s := lineText(l)
	if l.width > 200 || !strings.HasSuffix(s, "…") || strings.HasSuffix(strings.TrimSuffix(s, "…"), " ") {
		t.Errorf("fit gave %q, %.1fpt", s, l.width)
	}
}

func TestDropInvisible(t *testing.T) {
	in := "a\u202Eb\u200Dc\u00ADd\x07e"
	if got := string(dropInvisible([]rune(in))); got != "abcde" {
		t.Errorf("dropInvisible = %+q", got)
	}
	for _, r := range dropInvisible([]rune(in)) {
		if !unicode.IsLetter(r) {
			t.Errorf("kept %U", r)
		}
	}
}

func TestPDFStringNoAstral(t *testing.T) {
	if got := pdfString("a😀b"); got != "a\uFFFDb" {
		t.Errorf("pdfString = %q", got)
	}
}
