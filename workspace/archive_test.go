package workspace

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/capture/warc"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// TestBundleArchiveHoldsEveryResponse captures a page with a stylesheet, a
// web font, an image behind a redirect and a fetch() after load, then reads
// the bundle's WARC back: a response record for each with digests that
// match, CDXJ offsets that point at the right records, and two independent
// readers (warcio.js, gowarc) that accept the file.
func TestBundleArchiveHoldsEveryResponse(t *testing.T) {
	ws := caseWorkspace(t)
	c, err := ws.Capture(context.Background(), testSite.b, CaptureRequest{Case: "OP-1", URL: testSite.plain.URL + "/rich.html"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if dom := readEntry(t, c.Bundle, "evidence/dom.html"); !bytes.Contains(dom, []byte("meet at the old mill")) {
		t.Fatal("the text fetched after load is not in the DOM")
	}
	data := readEntry(t, c.Bundle, "archive/data.warc.gz")
	responses := map[string]*warc.Record{}
	r := warc.NewReader(bytes.NewReader(data))
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.CheckDigests(); err != nil {
			t.Errorf("record %s %s: %v", rec.Type, rec.TargetURI, err)
		}
		if rec.Type == warc.TypeResponse {
			responses[strings.TrimPrefix(rec.TargetURI, testSite.plain.URL)] = rec
		}
	}
	for path, want := range map[string]string{
		"/rich.html": "Rich page", "/style.css": "#1b3a5c", "/img-redirect": "302 Found",
		"/pixel.png": "\x89PNG", "/data.json": "meet at the old mill", "/font.ttf": "DejaVu",
	} {
		rec := responses[path]
		if rec == nil || !bytes.Contains(rec.Block, []byte(want)) {
			t.Errorf("no response record for %s holding %q", path, want)
		}
	}
	assertIndexPointsAtRecords(t, data, readEntry(t, c.Bundle, "indexes/index.cdx"))
	if pages := readEntry(t, c.Bundle, "pages/pages.jsonl"); !bytes.Contains(pages, []byte(`"url":"`+testSite.plain.URL+`/rich.html"`)) {
		t.Errorf("pages.jsonl: %s", pages)
	}
	file := filepath.Join(t.TempDir(), "data.warc.gz")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if n := testenv.CheckWARC(t, file); n < 10 {
		t.Errorf("the independent readers saw %d records", n)
	}
}

func assertIndexPointsAtRecords(t *testing.T, data, cdx []byte) {
	t.Helper()
	entries, err := warc.ReadCDXJ(bytes.NewReader(cdx))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("empty CDXJ index")
	}
	for _, e := range entries {
		rec, err := warc.NewReader(bytes.NewReader(data[e.Offset : e.Offset+e.Length])).Next()
		if err != nil || rec.TargetURI != e.URL {
			t.Errorf("index entry %s at %d: %v %v", e.URL, e.Offset, rec, err)
		}
	}
}
