package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

func fixtureAuditLog(events int) AuditLog {
	when := time.Date(2024, 3, 8, 9, 0, 0, 0, time.UTC)
	l := AuditLog{
		Classification: "OFFICIAL-SENSITIVE", Workspace: strings.Repeat("ab", 32), Officer: "5120", OfficerName: "Insp R Okafor",
		Created: when.Add(72 * time.Hour), Software: "Sightline 0.1.0", KeyFingerprint: "SHA256:fixture",
		Selection: "case OP-KESTREL-24", Chain: fmt.Sprintf("intact: %d events, head seq %d", events, events),
		Flags: []FlagRow{
			{Time: when.Add(time.Hour), Kind: "unauthorised-repeat", Case: "OP-KESTREL-24", Subject: "S1 J Smith", Episode: 3,
				URL: "https://x.com/jsmith", Detail: "3rd viewing episode in 28 days with no authorisation in force."},
			{Time: when.Add(time.Hour), Kind: "justification", Case: "OP-KESTREL-24", Subject: "S1 J Smith", Episode: 3,
				Detail: "Justification recorded at the 3rd viewing episode in 28 days."},
			{Kind: "collateral-intrusion", Case: "OP-KESTREL-24", Subject: "S1 J Smith", Detail: "1 third-party profile viewed while researching 'J Smith'."},
		},
	}
	for i := range events {
		l.Events = append(l.Events, AuditRow{Seq: int64(i + 1), Time: when.Add(time.Duration(i) * time.Minute), Officer: "4127",
			Action: "view", URL: fmt.Sprintf("https://x.com/jsmith/status/%d", i), Detail: `{"verdict":"allow"}`})
	}
	return l
}

// writeAuditLog writes l to a PDF file and returns its path and bytes; with
// SIGHTLINE_REPORT_OUT=DIR the file is kept there as name.
func writeAuditLog(tb testing.TB, l AuditLog, name string) (string, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := WriteAuditLog(context.Background(), &buf, l, testPrinter(tb)); err != nil {
		tb.Fatalf("WriteAuditLog: %v", err)
	}
	dir := os.Getenv("SIGHTLINE_REPORT_OUT")
	if dir == "" {
		dir = tb.TempDir()
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path, buf.Bytes()
}

func TestWriteAuditLog(t *testing.T) {
	testenv.Commands(t, "pdftoppm", "pdftotext")
	l := fixtureAuditLog(120)
	path, _ := writeAuditLog(t, l, "audit-log.pdf")
	// A summary page, a page of flags, and 120 one-line events with a
	// detail line each, about 30 to a page.
	pages := renderedPages(t, path)
	if pages < 5 || pages > 7 {
		t.Fatalf("%d pages", pages)
	}
	for p := 1; p <= pages; p++ {
		if c := strings.Count(pageText(t, path, p), l.Classification); c < 2 {
			t.Errorf("page %d: classification printed %d times, want top and bottom", p, c)
		}
	}
	summary := squash(pageText(t, path, 1))
	for _, want := range []string{"Auditlogreport", "OFFICIAL-SENSITIVE", "caseOP-KESTREL-24", "intact:120events", "5120InspROkafor", "notlegaladvice", "Page1of" + fmt.Sprint(pages)} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary page lacks %q:\n%s", want, summary)
		}
	}
	flags := squash(pageText(t, path, 2))
	for _, want := range []string{"Repeated-viewingflags", "unauthorised-repeat", "S1JSmith", "2024-03-0810:00:00", "collateral-intrusion", "urlhttps://x.com/jsmith"} {
		if !strings.Contains(flags, want) {
			t.Errorf("flags page lacks %q:\n%s", want, flags)
		}
	}
	last := squash(pageText(t, path, pages))
	if !strings.Contains(last, "https://x.com/jsmith/status/119") || !strings.Contains(last, "SeqTime(UTC)OfficerActionURL/detail") {
		t.Errorf("last page:\n%s", last)
	}
}

func TestWriteAuditLogWarnsOfABrokenChain(t *testing.T) {
	testenv.Commands(t, "pdftotext")
	l := fixtureAuditLog(0)
	l.Chain, l.Flags = "broken at seq 7: hash mismatch", nil
	path, _ := writeAuditLog(t, l, "audit-log-broken.pdf")
	text := squash(run(t, "pdftotext", path, "-"))
	for _, want := range []string{"brokenatseq7:hashmismatch", "Noflags", "Noeventsmatchtheselection"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}
