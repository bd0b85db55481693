package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sightline-osint/sightline/internal/testprint"
)

// report200 is a pack's report of 200 exhibits, each with a screenshot one
// to three pages tall, and 400 audit events.
func report200(tb testing.TB) Report {
	r := fixtureReport(tb)
	base, audit := r.Exhibits[0], r.Audit
	r.Exhibits, r.Audit = nil, nil
	shots := [][]byte{fakePage(tb, 1280, 1600, 1), fakePage(tb, 1280, 3200, 2), fakePage(tb, 1280, 4800, 3)}
	for i := range 200 {
		e := base
		e.Ref = "JS/" + strconv.Itoa(i+1)
		e.Screenshot = shots[i%len(shots)]
		r.Exhibits = append(r.Exhibits, e)
	}
	for i := range 400 {
		a := audit[i%len(audit)]
		a.Seq = int64(i + 1)
		r.Audit = append(r.Audit, a)
	}
	return r
}

// BenchmarkWrite200Exhibits writes the report of 200 exhibits ("report")
// and, as the baseline, has a Chromium of its own print the same HTML page
// with no more than chromedp.PrintToPDF ("bare"): the ratio is what
// writing the page and listing the fonts cost on top of Chromium's own
// typesetting.
func BenchmarkWrite200Exhibits(b *testing.B) {
	r := report200(b)
	p := testprint.Printer(b)
	ctx := context.Background()
	b.Run("report", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if _, err := Write(ctx, &buf, r, p); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(buf.Len())/1e6, "MB")
		}
	})
	b.Run("bare", func(b *testing.B) {
		d, err := newDocument(r.Classification, r.Case, "Evidence exhibit report", r.Software, r.Created)
		if err != nil {
			b.Fatal(err)
		}
		defer d.remove()
		v, err := d.exhibitView(r)
		if err != nil {
			b.Fatal(err)
		}
		var page bytes.Buffer
		if err := pages.ExecuteTemplate(&page, "report.html", v); err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(d.dir, "index.html")
		if err := os.WriteFile(path, page.Bytes(), 0o600); err != nil {
			b.Fatal(err)
		}
		alloc, stop := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true))...)
		defer stop()
		tab, cancel := chromedp.NewContext(alloc)
		defer cancel()
		if err := chromedp.Do(tab, chromedp.Navigate("file://"+path)); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground(),
				chromedp.PDFHeaderTemplate(d.header), chromedp.PDFFooterTemplate(d.footer), chromedp.PDFStream()))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(pdf))/1e6, "MB")
		}
	})
}
