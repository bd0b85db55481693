package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/signintech/gopdf"
)

// AuditLog is what an audit log report shows (DESIGN.md §5, §6): the
// events an auditor selected from a workstation's log, the status of the
// whole chain, and the repeated-viewing flags, for review away from the
// workstation. The same AuditLog gives the same bytes.
type AuditLog struct {
	// Classification is printed at the top and bottom of every page; the
	// caller gives the highest marking of the cases the log covers.
	Classification string
	Workspace      string // the workspace id, which the chain starts from
	Officer        string // officer number of whoever produced the report
	OfficerName    string
	Created        time.Time // also the PDF's creation date
	Software       string
	KeyFingerprint string // the workstation key that signs the checkpoints
	Selection      string // the filters in words, e.g. "case OP-1, from 2026-11-01"; "" for all
	// Chain is the status of the whole chain, e.g. "intact: 42 events, head
	// seq 42, …"; text not starting with "intact" is shown as a warning.
	Chain  string
	Events []AuditRow
	Flags  []FlagRow
}

// FlagRow is one finding for review.
type FlagRow struct {
	Time    time.Time // zero for a finding about a subject as a whole
	Kind    string    // "unauthorised-repeat", "collateral-intrusion", …
	Case    string
	Subject string // id and name, e.g. "S1 J Smith"
	Episode int
	Ref     string // the authorisation concerned, if any
	URL     string
	Detail  string
}

// WriteAuditLog lays out l as an A4 PDF and writes it to w.
func WriteAuditLog(w io.Writer, l AuditLog) error {
	d, err := newAuditDoc(l)
	if err != nil {
		return err
	}
	if err := d.auditLog(l); err != nil {
		return fmt.Errorf("lay out audit log report: %w", err)
	}
	if _, err := d.pdf.WriteTo(w); err != nil {
		return fmt.Errorf("write audit log report: %w", err)
	}
	return nil
}

func newAuditDoc(l AuditLog) (*doc, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        pdfString("Audit log report " + l.Selection),
		Author:       pdfString(strings.TrimSpace(l.Officer + " " + l.OfficerName)),
		Creator:      pdfString(l.Software),
		Producer:     "Sightline evidence/report (gopdf)",
		CreationDate: l.Created,
	})
	fonts, err := newFontSet(pdf)
	if err != nil {
		return nil, err
	}
	r := Report{Classification: l.Classification, AuditChain: l.Chain, Software: l.Software, Created: l.Created}
	return &doc{pdf: pdf, fonts: fonts, r: r}, nil
}

// auditLog draws the summary, the flags and the events, then the page
// furniture.
func (d *doc) auditLog(l AuditLog) error {
	if err := d.auditSummary(l); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	if err := d.auditFlags(l.Flags); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	if err := d.auditEvents(l.Events); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	for p := 1; p <= d.pages; p++ {
		if err := d.pdf.SetPage(p); err != nil {
			return fmt.Errorf("page %d: %w", p, err)
		}
		if err := d.auditFrame(p, l); err != nil {
			return fmt.Errorf("page %d: %w", p, err)
		}
	}
	return nil
}

func (d *doc) auditSummary(l AuditLog) error {
	if err := d.newPage(); err != nil {
		return err
	}
	d.pdf.AddOutline("Summary")
	d.y += 6
	h, err := d.textBlock("Audit log report", stH1, marginX, d.y, contentW, alignLeft)
	if err != nil {
		return err
	}
	d.y += h + 6
	d.rule(d.y, colAccent, 1.5)
	d.y += 14
	selection := l.Selection
	if selection == "" {
		selection = "every event"
	}
	rows := []row{
		kv("Workspace", mono(l.Workspace)),
		kv("Classification", part{d.marking(), style{faceBold, 8.5, colInk}}),
		kv("Report produced by", val(strings.TrimSpace(l.Officer+" "+l.OfficerName))),
		kv("Report created", val(utc(l.Created))),
		kv("Software", val(l.Software)),
		kv("Signing key fingerprint", mono(l.KeyFingerprint)),
		kv("Selection", val(selection)),
		kv("Events shown", val(fmt.Sprintf("%d", len(l.Events)))),
		kv("Flags", val(fmt.Sprintf("%d", len(l.Flags)))),
	}
	if err := d.drawTable(kvTable(), rows); err != nil {
		return err
	}
	d.y += 12
	if err := d.chainBox(); err != nil {
		return err
	}
	return d.notice("About the flags", "Sightline counts viewing episodes per subject as an aid to the judgement "+
		"RIPA 2000 Part II and the Covert Surveillance and Property Interference Code of Practice ask of investigators. "+
		"A flag is a prompt for review, not a finding that an authorisation was needed or that the law was broken; "+
		"it is not legal advice.", colAccent, colLabelBg)
}

func flagTable() table {
	head := colHeadBg
	hcell := func(s string) cell { return cell{parts: []part{{s, stAuditHead}}, fill: &head} }
	return table{
		widths: []float64{78, 74, 108, 24, contentW - 78 - 74 - 108 - 24},
		header: &row{cells: []cell{hcell("Time (UTC)"), hcell("Subject"), hcell("Kind"), hcell("Ep."), hcell("Detail")}},
		hpad:   auditHPad, vpad: auditVPad, zebra: true,
	}
}

func (d *doc) auditFlags(flags []FlagRow) error {
	if err := d.newPage(); err != nil {
		return err
	}
	d.pdf.AddOutline("Repeated-viewing flags")
	if err := d.heading("Repeated-viewing flags", stH2); err != nil {
		return err
	}
	if len(flags) == 0 {
		_, err := d.textBlock("No flags: no repeated viewing past the threshold without an authorisation, no view under "+
			"an expired authorisation, no justification and no collateral intrusion.", stBody, marginX, d.y, contentW, alignLeft)
		d.y += 3 * stBody.lineHeight()
		return err
	}
	d.continued = func() (float64, error) { return d.continuedLine("Repeated-viewing flags (continued)") }
	defer func() { d.continued = nil }()
	rows := make([]row, len(flags))
	for i, f := range flags {
		rows[i] = flagRow(f)
	}
	return d.drawTable(flagTable(), rows)
}

func flagRow(f FlagRow) row {
	when, ep := "—", "—"
	if !f.Time.IsZero() {
		when = f.Time.UTC().Format("2006-01-02 15:04:05")
	}
	if f.Episode > 0 {
		ep = fmt.Sprintf("%d", f.Episode)
	}
	kindSt := style{faceBold, 7.5, colRed}
	if f.Kind == "justification" || f.Kind == "collateral-intrusion" {
		kindSt = style{faceBold, 7.5, colAmber}
	}
	detail := cell{parts: []part{{orDash(f.Detail), stAudit}}}
	var extra []string
	for _, s := range []struct{ label, v string }{{"case", f.Case}, {"authorisation", f.Ref}, {"url", f.URL}} {
		if s.v != "" {
			extra = append(extra, s.label+" "+s.v)
		}
	}
	if len(extra) > 0 {
		detail.parts = append(detail.parts, part{strings.Join(extra, " · "), stAuditDetail})
	}
	return row{cells: []cell{textCell(when, stAudit), textCell(orDash(f.Subject), stAudit), textCell(f.Kind, kindSt),
		textCell(ep, stAudit), detail}}
}

func (d *doc) auditEvents(events []AuditRow) error {
	if err := d.newPage(); err != nil {
		return err
	}
	d.pdf.AddOutline("Audit events")
	if err := d.heading("Audit events", stH2); err != nil {
		return err
	}
	if len(events) == 0 {
		_, err := d.textBlock("No events match the selection.", stBody, marginX, d.y, contentW, alignLeft)
		return err
	}
	d.continued = func() (float64, error) { return d.continuedLine("Audit events (continued)") }
	defer func() { d.continued = nil }()
	rows := make([]row, len(events))
	for i, a := range events {
		rows[i] = auditRow(a)
	}
	return d.drawTable(auditTable(), rows)
}

// auditFrame draws page p's marking, header and footer.
func (d *doc) auditFrame(p int, l AuditLog) error {
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
	left := "Audit log"
	if l.Selection != "" {
		left += " · " + l.Selection
	}
	right := "Audit log report"
	if !l.Created.IsZero() {
		right += " · " + l.Created.UTC().Format("2 January 2006")
	}
	if err := d.leftRight(left, right, stHeader, headerTextY); err != nil {
		return err
	}
	return d.leftRight(orDash(l.Software), fmt.Sprintf("Page %d of %d", p, d.pages), stPageNum, footerTextY)
}
