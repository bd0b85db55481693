package report

import (
	"fmt"
	"strings"
)

// Audit extract layout. The part above the table has a fixed height so the
// number of pages the extract takes follows from its rows alone.
var (
	stAudit       = style{faceSans, 7.5, colInk}
	stAuditDetail = style{faceSans, 6.5, colMuted}
	stAuditHead   = style{faceBold, 7.5, colWhite}
)

const (
	auditHPad = 4.0
	auditVPad = 3.0
	chainBoxH = 22.0
)

func auditTable() table {
	head := colHeadBg
	hcell := func(s string) cell { return cell{parts: []part{{s, stAuditHead}}, fill: &head} }
	return table{
		widths: []float64{34, 96, 62, 72, contentW - 34 - 96 - 62 - 72},
		header: &row{cells: []cell{
			hcell("Seq"), hcell("Time (UTC)"), hcell("Officer"), hcell("Action"), hcell("URL / detail"),
		}},
		hpad: auditHPad, vpad: auditVPad, zebra: true,
	}
}

// audit draws the audit extract.
func (d *doc) audit(toc *slot) error {
	if err := d.startSection(toc, "audit", "Audit extract"); err != nil {
		return err
	}
	if err := d.heading("Audit extract", stH2); err != nil {
		return err
	}
	intro, err := d.fit("Events from the workstation's hash-chained audit log for this case and its exhibits. Times are UTC.", stBody, contentW)
	if err != nil {
		return err
	}
	if err := d.drawLine(intro, stBody, marginX, d.y+stBody.baseline(), contentW, alignLeft); err != nil {
		return err
	}
	d.y += stBody.lineHeight() + 6
	if err := d.chainBox(); err != nil {
		return err
	}
	if len(d.r.Audit) == 0 {
		_, err := d.textBlock("No audit events were supplied for this report.", stBody, marginX, d.y, contentW, alignLeft)
		return err
	}
	d.continued = func() (float64, error) { return d.continuedLine("Audit extract (continued)") }
	defer func() { d.continued = nil }()
	rows := make([]row, len(d.r.Audit))
	for i, a := range d.r.Audit {
		rows[i] = auditRow(a)
	}
	return d.drawTable(auditTable(), rows)
}

// chainBox shows the chain status on one line: plain when it starts with
// "intact", as a warning otherwise.
func (d *doc) chainBox() error {
	status := strings.TrimSpace(d.r.AuditChain)
	fg, bg := colAccent, colLabelBg
	if !strings.HasPrefix(strings.ToLower(status), "intact") {
		fg, bg = colRed, colRedBg
	}
	if status == "" {
		status = "not supplied"
	}
	label := style{faceBold, 9, fg}
	lab, err := d.fit("Chain status:", label, contentW)
	if err != nil {
		return err
	}
	txt, err := d.fit(status, stBody, contentW-lab.width-24)
	if err != nil {
		return err
	}
	d.box(marginX, d.y, contentW, chainBoxH, bg)
	d.box(marginX, d.y, 4, chainBoxH, fg)
	base := d.y + chainBoxH/2 + label.size*0.36
	if err := d.drawLine(lab, label, marginX+12, base, contentW, alignLeft); err != nil {
		return err
	}
	if err := d.drawLine(txt, stBody, marginX+12+lab.width+6, base, contentW, alignLeft); err != nil {
		return err
	}
	d.y += chainBoxH + 10
	return nil
}

func auditRow(a AuditRow) row {
	when := "—"
	if !a.Time.IsZero() {
		when = a.Time.UTC().Format("2006-01-02 15:04:05")
	}
	where := cell{parts: []part{{orDash(a.URL), stAudit}}}
	if strings.TrimSpace(a.Detail) != "" {
		where.parts = append(where.parts, part{a.Detail, stAuditDetail})
	}
	return row{cells: []cell{
		textCell(fmt.Sprintf("%d", a.Seq), stAudit),
		textCell(when, stAudit),
		textCell(orDash(a.Officer), stAudit),
		textCell(orDash(a.Action), stAudit),
		where,
	}}
}

// verify draws the verification instructions. A line starting with "$ " or
// indented is a command and is set in monospace.
func (d *doc) verify(toc *slot) error {
	if err := d.startSection(toc, "verify", "How to verify"); err != nil {
		return err
	}
	if err := d.heading("How to verify", stH2); err != nil {
		return err
	}
	d.continued = func() (float64, error) { return d.continuedLine("How to verify (continued)") }
	defer func() { d.continued = nil }()
	text := strings.TrimSpace(d.r.Verify)
	if text == "" {
		text = "No verification instructions were supplied."
	}
	for _, ln := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if err := d.verifyLine(ln); err != nil {
			return err
		}
	}
	d.y += 18
	if err := d.ensure(stMuted.lineHeight()); err != nil {
		return err
	}
	_, err := d.textBlock("— End of report —", stMuted, marginX, d.y, contentW, alignCenter)
	return err
}

func (d *doc) verifyLine(ln string) error {
	if strings.TrimSpace(ln) == "" {
		d.y += 6
		return nil
	}
	st, indent := stBody, 0.0
	if strings.HasPrefix(ln, "$ ") || strings.HasPrefix(ln, "  ") || strings.HasPrefix(ln, "\t") {
		st, indent = style{faceMono, 8.5, colInk}, 14
		ln = strings.TrimLeft(ln, " \t")
	}
	lines, err := d.wrap(ln, st, contentW-indent)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if err := d.ensure(st.lineHeight()); err != nil {
			return err
		}
		if err := d.drawLine(l, st, marginX+indent, d.y+st.baseline(), contentW-indent, alignStart); err != nil {
			return err
		}
		d.y += st.lineHeight()
	}
	d.y += 2
	return nil
}
