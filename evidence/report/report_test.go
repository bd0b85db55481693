package report

import (
	"bytes"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// writeReport writes r to a PDF file and returns its path. With
// SIGHTLINE_REPORT_OUT=DIR the file is kept there for a person to look at.
func writeReport(tb testing.TB, r Report, name string) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	dir := os.Getenv("SIGHTLINE_REPORT_OUT")
	if dir == "" {
		dir = tb.TempDir()
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func run(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr)
	}
	return string(out)
}

// renderedPages renders the PDF with pdftoppm and counts the PNG pages.
func renderedPages(tb testing.TB, pdf string) int {
	tb.Helper()
	dir := tb.TempDir()
	run(tb, "pdftoppm", "-r", "30", "-png", pdf, filepath.Join(dir, "page"))
	pngs, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil {
		tb.Fatal(err)
	}
	return len(pngs)
}

func pageText(tb testing.TB, pdf string, page int) string {
	tb.Helper()
	p := strconv.Itoa(page)
	return run(tb, "pdftotext", "-f", p, "-l", p, pdf, "-")
}

// squash makes extracted text comparable: compatibility forms folded (Arabic
// presentation forms back to letters) and white space, line breaks and
// invisible direction marks removed, so a value wrapped over lines still
// matches.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// layoutPages is the page count the layout rules give for r: a cover page;
// per exhibit, a details page and its screenshot's parts; the audit extract;
// one page of verification text. It also returns each section's first page.
func layoutPages(tb testing.TB, r Report) (total int, exhibitStart []int, auditStart int) {
	tb.Helper()
	p := 1 // cover; a handful of exhibits fit in its contents
	for _, e := range r.Exhibits {
		exhibitStart = append(exhibitStart, p+1)
		p++ // heading, notices and details fit on one page for this data
		if len(e.Screenshot) == 0 {
			continue
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(e.Screenshot))
		if err != nil {
			tb.Fatal(err)
		}
		scaledH := float64(cfg.Height) * contentW / float64(cfg.Width)
		perPage := contentBottom - contentTop - shotCaptionH
		p += min(MaxScreenshotPages, int(math.Ceil((scaledH-0.5)/perPage)))
	}
	auditStart = p + 1
	p += auditPages(len(r.Audit))
	p++ // how to verify
	return p, exhibitStart, auditStart
}

// auditPages is how many pages n audit rows take when each row has a
// one-line URL and a one-line detail.
func auditPages(n int) int {
	headerRow := 2*auditVPad + stAuditHead.lineHeight()
	rowH := 2*auditVPad + stAudit.lineHeight() + stAuditDetail.lineHeight()
	top := contentTop + (stH2.lineHeight() + 12) + (stBody.lineHeight() + 6) + (chainBoxH + 10)
	pages := 1
	for n > 0 {
		fit := int((contentBottom - top - headerRow + 0.01) / rowH)
		n -= fit
		if n > 0 {
			pages++
			top = contentTop + stContinued.lineHeight() + 6
		}
	}
	return pages
}

func TestWriteRenders(t *testing.T) {
	testenv.Commands(t, "pdftoppm", "pdftotext")
	r := fixtureReport(t)
	pdf := writeReport(t, r, "report.pdf")

	want, exhibitStart, auditStart := layoutPages(t, r)
	if got := renderedPages(t, pdf); got != want {
		t.Fatalf("pdftoppm rendered %d pages, the layout gives %d", got, want)
	}
	t.Run("text", func(t *testing.T) { checkText(t, r, pdf) })
	t.Run("every page", func(t *testing.T) { checkEveryPage(t, r, pdf, want) })
	t.Run("sections", func(t *testing.T) { checkSections(t, r, pdf, exhibitStart, auditStart, want) })
}

// checkText looks for each exhibit's values, wrapped or not, in the text.
func checkText(t *testing.T, r Report, pdf string) {
	all := squash(run(t, "pdftotext", pdf, "-"))
	for _, e := range r.Exhibits {
		for what, s := range map[string]string{
			"URL": e.URL, "final URL": e.FinalURL, "SHA-256": e.SHA256, "bundle id": e.PackageID,
			"title": e.Title, "bundle file": e.BundleFile,
		} {
			if !strings.Contains(all, squash(s)) {
				t.Errorf("exhibit %s: %s %q not in the text", e.Ref, what, s)
			}
		}
	}
	for _, s := range []string{"Новости Кестрел", "红隼行动", r.Exhibits[1].Note, r.KeyFingerprint, r.AuditChain} {
		if !strings.Contains(all, squash(s)) {
			t.Errorf("%q not in the text", s)
		}
	}
}

// checkEveryPage looks for the marking at top and bottom, the page number
// and the case reference on every page.
func checkEveryPage(t *testing.T, r Report, pdf string, pages int) {
	for p := 1; p <= pages; p++ {
		text := pageText(t, pdf, p)
		if n := strings.Count(text, r.Classification); n < 2 {
			t.Errorf("page %d: classification %q printed %d times, want top and bottom", p, r.Classification, n)
		}
		if want := "Page " + strconv.Itoa(p) + " of " + strconv.Itoa(pages); !strings.Contains(text, want) {
			t.Errorf("page %d: no %q", p, want)
		}
		if !strings.Contains(text, r.Case) {
			t.Errorf("page %d: no case reference in the header", p)
		}
	}
	if first := pageText(t, pdf, 1); !strings.Contains(first, "Page 1 of "+strconv.Itoa(pages)) {
		t.Errorf("page 1 has no %q", "Page 1 of N")
	}
}

// checkSections checks each section starts where the layout puts it, with
// its notices, and that the contents give those pages.
func checkSections(t *testing.T, r Report, pdf string, exhibitStart []int, auditStart, pages int) {
	for i, e := range r.Exhibits {
		text := squash(pageText(t, pdf, exhibitStart[i]))
		if !strings.Contains(text, squash("Exhibit "+e.Ref)) || !strings.Contains(text, e.SHA256) {
			t.Errorf("exhibit %s does not start on page %d", e.Ref, exhibitStart[i])
		}
		if got := strings.Contains(text, "WITHDRAWN"); got != (e.Withdrawn != "") {
			t.Errorf("exhibit %s: WITHDRAWN shown = %v", e.Ref, got)
		}
		if got := strings.Contains(text, "INCOMPLETE"); got != (e.Incomplete != "") {
			t.Errorf("exhibit %s: INCOMPLETE shown = %v", e.Ref, got)
		}
	}
	if text := pageText(t, pdf, auditStart); !strings.Contains(text, "Audit extract") {
		t.Errorf("audit extract does not start on page %d", auditStart)
	}
	if text := pageText(t, pdf, pages); !strings.Contains(text, "How to verify") || !strings.Contains(text, "sha256sum -c SHA256SUMS") {
		t.Errorf("last page is not the verification section")
	}
	cover := pageText(t, pdf, 1)
	for i, start := range append(exhibitStart, auditStart, pages) {
		if !containsLine(cover, strconv.Itoa(start)) {
			t.Errorf("contents: no page number %d (entry %d)", start, i+1)
		}
	}
}

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

func TestWriteDeterministic(t *testing.T) {
	r := fixtureReport(t)
	var a, b bytes.Buffer
	if err := Write(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two reports of the same input differ (%d and %d bytes)", a.Len(), b.Len())
	}
	if !bytes.Contains(a.Bytes(), []byte("/CreationDate(D:20240502093000+00'00')")) {
		t.Errorf("creation date is not Report.Created")
	}
}

func TestWriteEmpty(t *testing.T) {
	testenv.Commands(t, "pdftoppm", "pdftotext")
	pdf := writeReport(t, Report{Case: "OP-EMPTY-1"}, "empty.pdf")
	if got := renderedPages(t, pdf); got != 3 {
		t.Fatalf("pages = %d, want cover, audit extract and verification", got)
	}
	text := run(t, "pdftotext", pdf, "-")
	for _, s := range []string{"No exhibits in this report.", "No audit events were supplied", "NO CLASSIFICATION MARKING SET"} {
		if !strings.Contains(text, s) {
			t.Errorf("no %q", s)
		}
	}
}

func BenchmarkWrite20Exhibits(b *testing.B) {
	r := fixtureReport(b)
	base := r.Exhibits[0]
	r.Exhibits = nil
	for i := range 20 {
		e := base
		e.Ref = "JS/" + strconv.Itoa(i+1)
		e.Screenshot = fakePage(b, 1280, 1600+200*(i%5), i)
		r.Exhibits = append(r.Exhibits, e)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, r); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}
