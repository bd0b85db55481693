package pack

import (
	"io"

	"github.com/sightline-osint/sightline/evidence/report"
)

// addReport typesets report.pdf with p.Printer: every exhibit with its
// screenshot and the hashes the pack gives it, the audit extract, and how
// to verify.
func (pw *packWriter) addReport(p Pack, entries []Entry, vd verifyData) error {
	pw.stage("report")
	text, err := renderReportVerify(vd)
	if err != nil {
		return err
	}
	r := newReport(p, entries, vd.KeyFingerprint, text)
	_, err = pw.add(ReportName, func(w io.Writer) error {
		_, err := report.Write(pw.ctx, w, r, p.Printer)
		return err
	})
	return err
}

// newReport is what report.pdf shows of p, with the files as packed.
func newReport(p Pack, entries []Entry, fingerprint, verify string) report.Report {
	r := report.Report{
		Case: p.Case, CaseTitle: p.CaseTitle, Classification: p.Classification,
		Officer: p.Officer, OfficerName: p.OfficerName, Created: p.Created.UTC(),
		Software: p.Software, KeyFingerprint: fingerprint,
		AuditChain: p.Audit.Status, Verify: verify,
	}
	if r.AuditChain == "" {
		r.AuditChain = "not verified at export"
	}
	for i, e := range p.Exhibits {
		r.Exhibits = append(r.Exhibits, report.Exhibit{
			Ref: e.Ref, CaptureID: e.CaptureID, Title: e.Title, URL: e.URL, FinalURL: e.FinalURL,
			Started: e.Started, Ended: e.Ended, Officer: e.Officer, Persona: e.Persona, Note: e.Note,
			BundleFile: entries[i].File, SHA256: entries[i].SHA256, PackageID: e.PackageID,
			Screenshot: e.Screenshot, Incomplete: e.Incomplete, Withdrawn: e.Withdrawn,
		})
	}
	for _, e := range p.Audit.Events {
		detail := string(e.Detail)
		if detail == "" {
			detail = "{}"
		}
		r.Audit = append(r.Audit, report.AuditRow{
			Seq: e.Seq, Time: e.Time, Officer: e.Officer, Action: e.Action, Case: e.Case, URL: e.URL, Detail: detail,
		})
	}
	return r
}
