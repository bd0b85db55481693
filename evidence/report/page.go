package report

import (
	"fmt"
	"strings"

	"github.com/signintech/gopdf"
)

// Page geometry, in PDF points (1/72 inch), top-left origin. A4 portrait.
const (
	pageW = 595.28
	pageH = 841.89

	marginX  = 48.0
	contentW = pageW - 2*marginX

	headerMarkY   = 18.0 // top of the classification marking at the top
	headerTextY   = 36.0 // top of the header line (case reference)
	headerRuleY   = 50.0
	contentTop    = 64.0
	contentBottom = pageH - 66.0
	footerRuleY   = pageH - 56.0
	footerTextY   = pageH - 50.0
	footerMarkY   = pageH - 34.0 // top of the classification marking at the bottom

	contentH = contentBottom - contentTop
)

// Colours.
var (
	colInk     = rgb{33, 37, 41}
	colMuted   = rgb{100, 108, 117}
	colAccent  = rgb{23, 52, 94}
	colRule    = rgb{196, 201, 207}
	colLabelBg = rgb{238, 241, 245}
	colHeadBg  = rgb{23, 52, 94}
	colWhite   = rgb{255, 255, 255}
	colRed     = rgb{170, 18, 32}
	colRedBg   = rgb{252, 234, 235}
	colAmber   = rgb{133, 84, 0}
	colAmberBg = rgb{255, 243, 210}
	colZebra   = rgb{248, 249, 251}
)

// Text styles.
var (
	stBody    = style{faceSans, 9.5, colInk}
	stSmall   = style{faceSans, 8, colInk}
	stMuted   = style{faceSans, 8, colMuted}
	stLabel   = style{faceBold, 8.5, colInk}
	stValue   = style{faceSans, 8.5, colInk}
	stMono    = style{faceMono, 8, colInk}
	stH1      = style{faceBold, 24, colAccent}
	stH2      = style{faceBold, 17, colAccent}
	stH3      = style{faceBold, 11.5, colInk}
	stMark    = style{faceBold, 10, colInk}
	stHeader  = style{faceSans, 8, colMuted}
	stPageNum = style{faceBold, 8, colInk}

	stContinued = style{faceBold, 9, colMuted}
)

// doc is one report being laid out. Pages are drawn in order; page numbers
// and the table of contents' page references are filled in at the end.
type doc struct {
	pdf   *gopdf.GoPdf
	fonts *fontSet
	r     Report

	pages int     // pages so far
	y     float64 // top of the free space on the current page

	// continued, when set, draws a line at the top of a page that a
	// section runs onto, and returns its height.
	continued func() (float64, error)

	slots []*slot
}

// slot is a place for text known only once every page is laid out.
type slot struct {
	page int
	x, y float64 // top left
	w    float64
	st   style
	a    align
	text string
}

// newPage starts a page and draws a continuation line if a section runs on.
func (d *doc) newPage() error {
	d.pdf.AddPage()
	d.pages++
	d.y = contentTop
	if d.continued != nil {
		h, err := d.continued()
		if err != nil {
			return err
		}
		d.y += h
	}
	return nil
}

// room reports the free height left on the current page.
func (d *doc) room() float64 { return contentBottom - d.y }

// ensure starts a new page unless h fits in what is left of this one.
func (d *doc) ensure(h float64) error {
	if h <= d.room()+0.01 {
		return nil
	}
	return d.newPage()
}

// finish draws every page's header and footer and fills the slots.
func (d *doc) finish() error {
	for p := 1; p <= d.pages; p++ {
		if err := d.pdf.SetPage(p); err != nil {
			return fmt.Errorf("page %d: %w", p, err)
		}
		if err := d.frame(p); err != nil {
			return fmt.Errorf("page %d: %w", p, err)
		}
		for _, s := range d.slots {
			if s.page != p {
				continue
			}
			if _, err := d.textBlock(s.text, s.st, s.x, s.y, s.w, s.a); err != nil {
				return err
			}
		}
	}
	return nil
}

// marking is the classification as printed.
func (d *doc) marking() string {
	m := strings.TrimSpace(d.r.Classification)
	if m == "" {
		return "NO CLASSIFICATION MARKING SET"
	}
	return m
}

// frame draws page p's header (marking, case) and footer (page number,
// software, marking).
func (d *doc) frame(p int) error {
	mark, err := d.fit(d.marking(), stMark, contentW)
	if err != nil {
		return err
	}
	for _, y := range []float64{headerMarkY, footerMarkY} {
		if err := d.drawLine(mark, stMark, marginX, y+stMark.baseline(), contentW, alignCenter); err != nil {
			return err
		}
	}
	d.rule(headerRuleY, colRule, 0.6)
	d.rule(footerRuleY, colRule, 0.6)

	caseText := d.r.Case
	if d.r.CaseTitle != "" {
		caseText += " · " + d.r.CaseTitle
	}
	right := "Evidence exhibit report"
	if !d.r.Created.IsZero() {
		right += " · " + d.r.Created.UTC().Format("2 January 2006")
	}
	if err := d.leftRight(caseText, right, stHeader, headerTextY); err != nil {
		return err
	}
	left := d.r.Software
	if left == "" {
		left = "Sightline"
	}
	return d.leftRight(left, fmt.Sprintf("Page %d of %d", p, d.pages), stPageNum, footerTextY)
}

// leftRight draws two single lines, one flush left and one flush right.
func (d *doc) leftRight(left, right string, st style, y float64) error {
	r, err := d.fit(right, st, contentW/2)
	if err != nil {
		return err
	}
	l, err := d.fit(left, stHeader, contentW-r.width-12)
	if err != nil {
		return err
	}
	if err := d.drawLine(l, stHeader, marginX, y+st.baseline(), contentW, alignLeft); err != nil {
		return err
	}
	return d.drawLine(r, st, marginX, y+st.baseline(), contentW, alignRight)
}

// rule draws a horizontal line across the content width.
func (d *doc) rule(y float64, c rgb, width float64) {
	d.pdf.SetStrokeColor(c.r, c.g, c.b)
	d.pdf.SetLineWidth(width)
	d.pdf.Line(marginX, y, marginX+contentW, y)
}

// box fills a rectangle.
func (d *doc) box(x, y, w, h float64, fill rgb) {
	d.pdf.SetFillColor(fill.r, fill.g, fill.b)
	d.pdf.RectFromUpperLeftWithStyle(x, y, w, h, "F")
}

// frameBox strokes a rectangle.
func (d *doc) frameBox(x, y, w, h float64, c rgb, width float64) {
	d.pdf.SetStrokeColor(c.r, c.g, c.b)
	d.pdf.SetLineWidth(width)
	d.pdf.RectFromUpperLeftWithStyle(x, y, w, h, "D")
}

// heading draws a section heading at the cursor and a rule under it.
func (d *doc) heading(text string, st style) error {
	h, err := d.textBlock(text, st, marginX, d.y, contentW, alignLeft)
	if err != nil {
		return err
	}
	d.y += h + 2
	d.rule(d.y, colAccent, 1.2)
	d.y += 10
	return nil
}

// notice draws a coloured box with a bold label and text, full width.
func (d *doc) notice(label, text string, fg, bg rgb) error {
	const pad = 7
	labelSt := style{faceBold, 10, fg}
	textSt := style{faceSans, 9, colInk}
	w := contentW - 2*pad - 4
	lines, err := d.wrap(text, textSt, w)
	if err != nil {
		return err
	}
	h := 2*pad + labelSt.lineHeight() + float64(len(lines))*textSt.lineHeight()
	if err := d.ensure(h); err != nil {
		return err
	}
	d.box(marginX, d.y, contentW, h, bg)
	d.box(marginX, d.y, 4, h, fg)
	if _, err := d.textBlock(label, labelSt, marginX+4+pad, d.y+pad, w, alignLeft); err != nil {
		return err
	}
	top := d.y + pad + labelSt.lineHeight()
	for i, l := range lines {
		if err := d.drawLine(l, textSt, marginX+4+pad, top+textSt.baseline()+float64(i)*textSt.lineHeight(), w, alignStart); err != nil {
			return err
		}
	}
	d.y += h + 8
	return nil
}
