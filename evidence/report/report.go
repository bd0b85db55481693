package report

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
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

// Printer typesets a report's HTML with a browser's layout engine and
// prints it as PDF, as capture.Browser.PrintPDF does: page is an HTML file
// with its images beside it, header and footer are Page.printToPDF
// templates, and the elements with a data-fonts-used attribute get the
// names of the fonts the text was set in, which it also returns.
type Printer interface {
	PrintPDF(ctx context.Context, page, header, footer string, w io.Writer) ([]string, error)
}

// Write typesets r as an A4 PDF with p and writes it to w. It returns the
// fonts the report is set in, which its cover names too.
func Write(ctx context.Context, w io.Writer, r Report, p Printer) ([]string, error) {
	d, err := newDocument(r.Classification, r.Case, "Evidence exhibit report", r.Software, r.Created)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", r.Case, err)
	}
	defer d.remove()
	v, err := d.exhibitView(r)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", r.Case, err)
	}
	fonts, err := d.print(ctx, "report.html", v, w, p)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", r.Case, err)
	}
	return fonts, nil
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
