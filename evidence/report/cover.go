package report

import (
	"fmt"
	"strings"
)

const labelW = 128.0 // label column of key/value tables

// kvTable describes a two-column key/value table.
func kvTable() table {
	return table{widths: []float64{labelW, contentW - labelW}, hpad: 6, vpad: 4.5}
}

// kv is a key/value row; the value may be several parts.
func kv(label string, parts ...part) row {
	fill := colLabelBg
	return row{cells: []cell{
		{parts: []part{{label, stLabel}}, fill: &fill},
		{parts: parts},
	}}
}

func val(s string) part  { return part{orDash(s), stValue} }
func mono(s string) part { return part{orDash(s), stMono} }

// cover draws the first page: title, case, report facts and the contents.
// It returns the contents' page-number slots: one per exhibit, then the
// audit extract, then the verification section.
func (d *doc) cover() ([]*slot, error) {
	r := d.r
	if err := d.newPage(); err != nil {
		return nil, err
	}
	d.pdf.AddOutline("Cover and contents")
	d.y += 6
	h, err := d.textBlock("Evidence exhibit report", stH1, marginX, d.y, contentW, alignLeft)
	if err != nil {
		return nil, err
	}
	d.y += h + 2
	sub := r.Case
	if r.CaseTitle != "" {
		sub += " — " + r.CaseTitle
	}
	h, err = d.textBlock(sub, style{faceSans, 14, colInk}, marginX, d.y, contentW, alignStart)
	if err != nil {
		return nil, err
	}
	d.y += h + 6
	d.rule(d.y, colAccent, 1.5)
	d.y += 14

	officer := strings.TrimSpace(r.Officer + " " + r.OfficerName)
	rows := []row{
		kv("Case reference", val(r.Case)),
		kv("Case title", val(r.CaseTitle)),
		kv("Classification", part{d.marking(), style{faceBold, 8.5, colInk}}),
		kv("Report produced by", val(officer)),
		kv("Report created", val(utc(r.Created))),
		kv("Software", val(r.Software)),
		kv("Signing key fingerprint", mono(r.KeyFingerprint)),
		kv("Exhibits", val(exhibitCount(r.Exhibits))),
		kv("Audit extract", val(fmt.Sprintf("%d events", len(r.Audit)))),
		kv("Audit chain", val(r.AuditChain)),
	}
	if err := d.drawTable(kvTable(), rows); err != nil {
		return nil, err
	}
	d.y += 22
	if err := d.ensure(80); err != nil {
		return nil, err
	}
	if err := d.heading("Contents", style{faceBold, 13, colAccent}); err != nil {
		return nil, err
	}
	return d.contents()
}

// exhibitCount says how many exhibits there are and how many are not whole.
func exhibitCount(es []Exhibit) string {
	var withdrawn, incomplete int
	for _, e := range es {
		switch e.status() {
		case "Withdrawn":
			withdrawn++
		case "Incomplete":
			incomplete++
		}
	}
	s := fmt.Sprintf("%d", len(es))
	var extra []string
	if withdrawn > 0 {
		extra = append(extra, fmt.Sprintf("%d withdrawn", withdrawn))
	}
	if incomplete > 0 {
		extra = append(extra, fmt.Sprintf("%d incomplete", incomplete))
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

// contents draws the table of contents and returns its page-number slots.
func (d *doc) contents() ([]*slot, error) {
	head := colHeadBg
	hst := style{faceBold, 8, colWhite}
	hcell := func(s string, a align) cell { return cell{parts: []part{{s, hst}}, fill: &head, align: a} }
	t := table{
		widths: []float64{62, contentW - 62 - 112 - 62 - 36, 112, 62, 36},
		header: &row{cells: []cell{
			hcell("Exhibit", alignLeft), hcell("Title", alignLeft), hcell("Captured (UTC)", alignLeft),
			hcell("Status", alignLeft), hcell("Page", alignRight),
		}},
		hpad: 5, vpad: 4, zebra: true,
	}
	var rows []row
	var slots []*slot
	pageCell := func() cell {
		s := &slot{}
		slots = append(slots, s)
		return cell{parts: []part{{"", stSmall}}, slot: s, align: alignRight}
	}
	for i, e := range d.r.Exhibits {
		st := stSmall
		switch e.status() {
		case "Withdrawn":
			st = style{faceBold, 8, colRed}
		case "Incomplete":
			st = style{faceBold, 8, colAmber}
		}
		captured := "—"
		if !e.Started.IsZero() {
			captured = e.Started.UTC().Format("2006-01-02 15:04")
		}
		rows = append(rows, row{anchor: exhibitAnchor(i), cells: []cell{
			textCell(e.Ref, style{faceBold, 8, colInk}),
			textCell(orDash(e.Title), stSmall),
			textCell(captured, stSmall),
			textCell(e.status(), st),
			pageCell(),
		}})
	}
	if len(d.r.Exhibits) == 0 {
		rows = append(rows, row{cells: []cell{textCell("—", stSmall), textCell("No exhibits in this report.", stSmall), textCell("", stSmall), textCell("", stSmall), textCell("", stSmall)}})
	}
	for _, s := range []struct{ title, anchor string }{
		{fmt.Sprintf("Audit extract (%d events)", len(d.r.Audit)), "audit"},
		{"How to verify", "verify"},
	} {
		rows = append(rows, row{anchor: s.anchor, cells: []cell{
			textCell("", stSmall), textCell(s.title, style{faceBold, 8, colInk}),
			textCell("", stSmall), textCell("", stSmall), pageCell(),
		}})
	}
	d.continued = func() (float64, error) { return d.continuedLine("Contents (continued)") }
	defer func() { d.continued = nil }()
	if err := d.drawTable(t, rows); err != nil {
		return nil, err
	}
	return slots, nil
}

func exhibitAnchor(i int) string { return fmt.Sprintf("exhibit-%d", i+1) }

// startSection begins a section on a new page, marks it for the contents
// and the PDF outline, and returns nothing but an error.
func (d *doc) startSection(toc *slot, anchor, outline string) error {
	d.continued = nil
	if err := d.newPage(); err != nil {
		return err
	}
	toc.text = fmt.Sprintf("%d", d.pages)
	d.pdf.SetY(d.y)
	d.pdf.SetAnchor(anchor)
	d.pdf.AddOutline(pdfString(outline))
	return nil
}
