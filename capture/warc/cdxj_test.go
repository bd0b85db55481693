package warc

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestIndexOffsets checks that every index entry points at the gzip member
// of its record: reading just those bytes gives the record with that URL,
// date and digest, and nothing else.
func TestIndexOffsets(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	entries, err := Index(bytes.NewReader(w.data), "data.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, e := range entries {
		urls = append(urls, e.URL)
		rd := NewReader(bytes.NewReader(w.data[e.Offset : e.Offset+e.Length]))
		rec, err := rd.Next()
		if err != nil {
			t.Fatalf("%s at %d+%d: %v", e.URL, e.Offset, e.Length, err)
		}
		if rec.TargetURI != e.URL || !rec.Date.Equal(e.Date) || rec.PayloadDigest != e.Digest || e.Filename != "data.warc.gz" {
			t.Errorf("entry %+v points at %s %s %v %s", e, rec.Type, rec.TargetURI, rec.Date, rec.PayloadDigest)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Errorf("%s: the range holds more than one record: %v", e.URL, err)
		}
	}
	want := []string{"https://www.example.com/", "https://www.example.com/page?b=2&a=1",
		"https://static.example.com:8443/logo.png", "urn:sightline:evidence/screenshot.png"}
	if !reflect.DeepEqual(urls, want) {
		t.Errorf("indexed %v, want the responses and the screenshot %v", urls, want)
	}
	if e := entries[1]; e.Status != 200 || e.MIME != "text/html" {
		t.Errorf("page entry %+v, want 200 text/html", e)
	}
	if e := entries[3]; e.Status != 0 || e.MIME != "image/png" {
		t.Errorf("screenshot entry %+v, want no status, image/png", e)
	}
}

// TestWriteCDXJ checks the exact lines, their order (key, then timestamp,
// in byte order, whatever the input order) and the JSON members.
func TestWriteCDXJ(t *testing.T) {
	d := "sha256:" + strings.Repeat("ab", 32)
	ts := time.Date(2024, 5, 1, 12, 0, 0, 999_000_000, time.UTC)
	entries := []IndexEntry{
		{URL: "https://example.com/a?x=1&y=<2>", Date: ts, MIME: "text/html", Status: 200, Digest: d, Offset: 300, Length: 10, Filename: "data.warc.gz"},
		{URL: "https://www.example.com/", Date: ts.Add(time.Hour), MIME: "text/html", Status: 200, Digest: d, Offset: 200, Length: 10, Filename: "data.warc.gz"},
		{URL: "https://example.com/", Date: ts, Status: 301, Digest: d, Offset: 100, Length: 10, Filename: "data.warc.gz"},
		{URL: "urn:sightline:evidence/screenshot.png", Date: ts, MIME: "image/png", Offset: 400, Length: 10, Filename: "data.warc.gz"},
		{URL: "https://example.com.au/", Date: ts, Status: 404, Offset: 0, Length: 10, Filename: "data.warc.gz"},
	}
	want := `au,com,example)/ 20240501120000 {"url":"https://example.com.au/","status":"404","length":"10","offset":"0","filename":"data.warc.gz"}
com,example)/ 20240501120000 {"url":"https://example.com/","status":"301","digest":"` + d + `","length":"10","offset":"100","filename":"data.warc.gz"}
com,example)/ 20240501130000 {"url":"https://www.example.com/","mime":"text/html","status":"200","digest":"` + d + `","length":"10","offset":"200","filename":"data.warc.gz"}
com,example)/a?x=1&y=%3C2%3E 20240501120000 {"url":"https://example.com/a?x=1&y=<2>","mime":"text/html","status":"200","digest":"` + d + `","length":"10","offset":"300","filename":"data.warc.gz"}
urn:sightline:evidence/screenshot.png 20240501120000 {"url":"urn:sightline:evidence/screenshot.png","mime":"image/png","length":"10","offset":"400","filename":"data.warc.gz"}
`
	for range 5 {
		rand.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
		var b bytes.Buffer
		if err := WriteCDXJ(&b, entries); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Fatalf("WriteCDXJ:\n%s\nwant\n%s", b.String(), want)
		}
	}
	got, err := ReadCDXJ(strings.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].Date.Nanosecond() != 0 {
			t.Errorf("line %d: date %v keeps sub-second precision", i+1, got[i].Date)
		}
	}
	var again bytes.Buffer
	if err := WriteCDXJ(&again, got); err != nil || again.String() != want {
		t.Errorf("read and written again:\n%s(%v)", again.String(), err)
	}
}

func TestWriteCDXJRejects(t *testing.T) {
	good := IndexEntry{URL: "https://example.com/", Date: baseTime, Offset: 0, Length: 1, Filename: "data.warc.gz"}
	cases := map[string]func(*IndexEntry){
		"no url":         func(e *IndexEntry) { e.URL = "" },
		"space in url":   func(e *IndexEntry) { e.URL = "https://example.com/a b" },
		"newline in url": func(e *IndexEntry) { e.URL = "https://example.com/\n" },
		"no filename":    func(e *IndexEntry) { e.Filename = "" },
		"hex digest":     func(e *IndexEntry) { e.Digest = strings.Repeat("ab", 32) },
		"zero length":    func(e *IndexEntry) { e.Length = 0 },
		"negative":       func(e *IndexEntry) { e.Offset = -1 },
		"status":         func(e *IndexEntry) { e.Status = 1000 },
		"mime newline":   func(e *IndexEntry) { e.MIME = "text/html\n" },
		"year":           func(e *IndexEntry) { e.Date = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
	}
	for name, edit := range cases {
		e := good
		edit(&e)
		if err := WriteCDXJ(io.Discard, []IndexEntry{e}); err == nil {
			t.Errorf("%s: WriteCDXJ accepted %+v", name, e)
		}
	}
	if err := WriteCDXJ(io.Discard, []IndexEntry{good}); err != nil {
		t.Fatal(err)
	}
}

// TestReadCDXJ checks what ReadCDXJ accepts beyond what WriteCDXJ writes
// and what it rejects, with the line number.
func TestReadCDXJ(t *testing.T) {
	line := func(key, ts, js string) string { return key + " " + ts + " " + js + "\n" }
	okJSON := `{"url":"https://example.com/","status":"200","length":"5","offset":"0","filename":"data.warc.gz"}`
	ok := line("com,example)/", "20240501120000", okJSON)

	// Integers instead of strings, other member order and unknown members
	// (warcio's "method", wabac's "recordDigest") are read.
	lenient := line("com,example)/", "20240501120000", `{"offset":0,"length":5,"status":200,"url":"https://example.com/","filename":"data.warc.gz","method":"GET","recordDigest":"x"}`)
	a, errA := ReadCDXJ(strings.NewReader(ok))
	b, errB := ReadCDXJ(strings.NewReader(lenient))
	if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("lenient line read as %+v (%v), want %+v (%v)", b, errB, a, errA)
	}
	if got, err := ReadCDXJ(strings.NewReader("")); err != nil || len(got) != 0 {
		t.Errorf("empty index: %v, %v", got, err)
	}

	cases := []struct {
		name, data string
		line       int
		reason     string
	}{
		{"unsorted", line("com,example)/b", "20240501120000", strings.Replace(okJSON, "/\"", "/b\"", 1)) + ok, 2, "sorted"},
		{"key not SURT", line("com,example)/x", "20240501120000", okJSON), 1, "want SURT"},
		{"short timestamp", line("com,example)/", "202405011200", okJSON), 1, "timestamp"},
		{"bad date", line("com,example)/", "20241301120000", okJSON), 1, "timestamp"},
		{"no json", "com,example)/ 20240501120000\n", 1, "not <key>"},
		{"json array", line("com,example)/", "20240501120000", `["url"]`), 1, "json"},
		{"trailing json", line("com,example)/", "20240501120000", okJSON+"{}"), 1, "json"},
		{"missing offset", line("com,example)/", "20240501120000", `{"url":"https://example.com/","length":"5","filename":"f"}`), 1, "offset"},
		{"float length", line("com,example)/", "20240501120000", `{"url":"https://example.com/","length":5.5,"offset":0,"filename":"f"}`), 1, "length"},
		{"empty status", line("com,example)/", "20240501120000", `{"url":"https://example.com/","status":"","length":5,"offset":0,"filename":"f"}`), 1, "json"},
		{"bare digest", line("com,example)/", "20240501120000", `{"url":"https://example.com/","digest":"`+strings.Repeat("a", 64)+`","length":5,"offset":0,"filename":"f"}`), 1, "digest"},
		{"blank line", ok + "\n", 2, "not <key>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCDXJ(strings.NewReader(c.data))
			var ce *CDXJError
			if !errors.As(err, &ce) || ce.Line != c.line || !strings.Contains(ce.Reason, c.reason) {
				t.Errorf("got %v, want line %d: ...%s...", err, c.line, c.reason)
			}
		})
	}
}

// TestIndexRejectsBadHTTP checks that a response whose HTTP head cannot be
// indexed makes Index fail rather than leave the page out silently.
func TestIndexRejectsBadHTTP(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	bad := tamper(t, w.data, 3, func(m []byte) []byte {
		return bytes.Replace(m, []byte("HTTP/1.1 200 OK"), []byte("HTTP/1.1 2x0 OK"), 1)
	})
	if _, err := Index(bytes.NewReader(bad), "data.warc.gz"); err == nil || !strings.Contains(err.Error(), "status line") {
		t.Errorf("Index of a damaged status line: %v", err)
	}
}
