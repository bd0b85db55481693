package report

import (
	"bytes"
	"context"
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
	if _, err := Write(context.Background(), &buf, r, testPrinter(tb)); err != nil {
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

// pageCount asks pdfinfo how many pages the PDF has.
func pageCount(tb testing.TB, pdf string) int {
	tb.Helper()
	for _, l := range strings.Split(run(tb, "pdfinfo", pdf), "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				tb.Fatal(err)
			}
			return n
		}
	}
	tb.Fatalf("pdfinfo gives no page count for %s", pdf)
	return 0
}

// pagesText is the text of every page, from 1.
func pagesText(tb testing.TB, pdf string) []string {
	tb.Helper()
	n := pageCount(tb, pdf)
	out := make([]string, n+1)
	for p := 1; p <= n; p++ {
		out[p] = pageText(tb, pdf, p)
	}
	return out
}

func TestWriteRenders(t *testing.T) {
	testenv.Commands(t, "pdftoppm", "pdftotext", "pdfinfo")
	r := fixtureReport(t)
	pdf := writeReport(t, r, "report.pdf")
	pages := pagesText(t, pdf)
	if got := renderedPages(t, pdf); got != len(pages)-1 {
		t.Fatalf("pdftoppm rendered %d pages, pdfinfo counts %d", got, len(pages)-1)
	}
	t.Run("text", func(t *testing.T) { checkText(t, r, pdf) })
	t.Run("every page", func(t *testing.T) { checkEveryPage(t, r, pages) })
	t.Run("sections", func(t *testing.T) { checkSections(t, r, pages) })
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
func checkEveryPage(t *testing.T, r Report, pages []string) {
	n := len(pages) - 1
	for p := 1; p <= n; p++ {
		text := pages[p]
		if c := strings.Count(text, r.Classification); c < 2 {
			t.Errorf("page %d: classification %q printed %d times, want top and bottom", p, r.Classification, c)
		}
		if want := "Page " + strconv.Itoa(p) + " of " + strconv.Itoa(n); !strings.Contains(text, want) {
			t.Errorf("page %d: no %q", p, want)
		}
		if !strings.Contains(text, r.Case) {
			t.Errorf("page %d: no case reference in the header", p)
		}
	}
}

// checkSections follows the pages in order: the cover with its contents
// and their page numbers,
// each exhibit's details page with its notices and then each part of its
// screenshot on a page of its own, the audit extract, and the
// verification section last.
func checkSections(t *testing.T, r Report, pages []string) {
	cover := squash(pages[1])
	for _, e := range r.Exhibits {
		if !strings.Contains(cover, squash(e.Ref)) {
			t.Errorf("contents: no exhibit %s", e.Ref)
		}
	}
	p := 2
	var starts []int
	for _, e := range r.Exhibits {
		starts = append(starts, p)
		text := squash(pages[p])
		if !strings.Contains(text, squash("Exhibit "+e.Ref)) || !strings.Contains(text, e.SHA256) {
			t.Fatalf("exhibit %s does not start on page %d:\n%s", e.Ref, p, pages[p])
		}
		if got := strings.Contains(text, "WITHDRAWN"); got != (e.Withdrawn != "") {
			t.Errorf("exhibit %s: WITHDRAWN shown = %v", e.Ref, got)
		}
		if got := strings.Contains(text, "INCOMPLETE"); got != (e.Incomplete != "") {
			t.Errorf("exhibit %s: INCOMPLETE shown = %v", e.Ref, got)
		}
		parts := wantParts(t, e)
		for k := 1; k <= parts; k++ {
			want := "part " + strconv.Itoa(k) + " of " + strconv.Itoa(parts)
			if !strings.Contains(pages[p+k], want) || !strings.Contains(squash(pages[p+k]), squash("Exhibit "+e.Ref+" · full-page screenshot")) {
				t.Errorf("exhibit %s: page %d is not screenshot %s:\n%s", e.Ref, p+k, want, pages[p+k])
			}
		}
		p += 1 + parts
	}
	if !strings.Contains(pages[p], "Audit extract") {
		t.Errorf("audit extract does not start on page %d:\n%s", p, pages[p])
	}
	for i, start := range append(starts, p, len(pages)-1) {
		if !containsLine(pages[1], strconv.Itoa(start)) {
			t.Errorf("contents: no page number %d (entry %d):\n%s", start, i+1, pages[1])
		}
	}
	last := pages[len(pages)-1]
	if !strings.Contains(last, "How to verify") || !strings.Contains(last, "sha256sum -c SHA256SUMS") || !strings.Contains(last, "End of report") {
		t.Errorf("last page is not the verification section:\n%s", last)
	}
}

// wantParts is how many pages e's screenshot takes by the layout's rule.
func wantParts(tb testing.TB, e Exhibit) int {
	tb.Helper()
	if len(e.Screenshot) == 0 {
		return 0
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(e.Screenshot))
	if err != nil {
		tb.Fatal(err)
	}
	scaled := float64(cfg.Height) * contentWMM / float64(cfg.Width)
	return min(MaxScreenshotPages, int(math.Ceil((scaled-0.01)/sliceMM)))
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

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}
