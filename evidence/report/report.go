package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/signintech/gopdf"
)

// Exhibit is one capture in the pack, as the report shows it.
type Exhibit struct {
	Ref       string // exhibit reference, e.g. "JS/1"
	CaptureID string
	Title     string
	URL       string // requested URL
	FinalURL  string // URL after redirects
	Started   time.Time
	Ended     time.Time
	Officer   string
	Persona   string
	Note      string
	// BundleFile is the bundle's name inside the pack, e.g. "bundles/JS-1.wacz".
	BundleFile string
	SHA256     string // hex SHA-256 of the bundle file
	PackageID  string // bundle identity, "sha256:<hex>" of its datapackage.json
	// Screenshot is the full-page PNG (JPEG also accepted). It is scaled to
	// the page width and split across as many pages as it needs, at most
	// MaxScreenshotPages; the rest is left out with a note saying so.
	Screenshot []byte
	Incomplete string // why the capture is incomplete; "" if complete
	Withdrawn  string // why the exhibit was withdrawn; "" if not withdrawn
}

// AuditRow is one audit event in the extract.
type AuditRow struct {
	Seq     int64
	Time    time.Time
	Officer string
	Action  string
	Case    string
	URL     string
	Detail  string
}

// Report is everything an exhibit report shows.
type Report struct {
	Case      string // case reference, e.g. "OP-KESTREL-24"
	CaseTitle string
	// Classification is the Government Security Classification marking,
	// e.g. "OFFICIAL-SENSITIVE", printed at the top and bottom of every page.
	Classification string
	Officer        string // officer number of whoever produced the report
	OfficerName    string
	Created        time.Time // also the PDF's creation date
	Software       string    // e.g. "Sightline 0.1.0"
	KeyFingerprint string    // the workstation key that signs the pack
	Exhibits       []Exhibit
	Audit          []AuditRow
	// AuditChain is the chain status, e.g. "intact: 42 events, head seq 42,
	// hash ab12…". Text that does not start with "intact" is shown as a
	// warning.
	AuditChain string
	Verify     string // how to verify, plain text, paragraphs separated by blank lines
}

// MaxScreenshotPages is the most pages one exhibit's screenshot may take.
const MaxScreenshotPages = 8

// Write lays out r as an A4 PDF and writes it to w. The same Report gives
// the same bytes.
func Write(w io.Writer, r Report) error {
	d, err := newDoc(r)
	if err != nil {
		return err
	}
	if err := d.layout(); err != nil {
		return fmt.Errorf("lay out report %s: %w", r.Case, err)
	}
	if _, err := d.pdf.WriteTo(w); err != nil {
		return fmt.Errorf("write report %s: %w", r.Case, err)
	}
	return nil
}

func newDoc(r Report) (*doc, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        pdfString("Evidence exhibit report " + r.Case),
		Subject:      pdfString(r.CaseTitle),
		Author:       pdfString(strings.TrimSpace(r.Officer + " " + r.OfficerName)),
		Creator:      pdfString(r.Software),
		Producer:     "Sightline evidence/report (gopdf)",
		CreationDate: r.Created,
	})
	fonts, err := newFontSet(pdf)
	if err != nil {
		return nil, err
	}
	return &doc{pdf: pdf, fonts: fonts, r: r}, nil
}

// layout draws every section, then the page furniture.
func (d *doc) layout() error {
	toc, err := d.cover()
	if err != nil {
		return fmt.Errorf("cover: %w", err)
	}
	for i := range d.r.Exhibits {
		if err := d.exhibit(i, toc[i]); err != nil {
			return fmt.Errorf("exhibit %s: %w", d.r.Exhibits[i].Ref, err)
		}
	}
	if err := d.audit(toc[len(d.r.Exhibits)]); err != nil {
		return fmt.Errorf("audit extract: %w", err)
	}
	if err := d.verify(toc[len(d.r.Exhibits)+1]); err != nil {
		return fmt.Errorf("verification: %w", err)
	}
	return d.finish()
}

// pdfString makes s safe for gopdf's document information and outline
// strings, which are written as UTF-16 without surrogate pairs.
func pdfString(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, s)
}

// utc formats t for the report, with milliseconds, or says it is missing.
func utc(t time.Time) string {
	if t.IsZero() {
		return "not recorded"
	}
	return t.UTC().Format("2006-01-02 15:04:05.000") + " UTC"
}

// orDash shows an empty value as a dash.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// status is an exhibit's state in one word.
func (e Exhibit) status() string {
	switch {
	case e.Withdrawn != "":
		return "Withdrawn"
	case e.Incomplete != "":
		return "Incomplete"
	default:
		return "Complete"
	}
}
