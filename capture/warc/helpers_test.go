package warc

import (
	"bytes"
	"compress/gzip"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// baseTime is the fixed clock of the sample capture.
var baseTime = time.Date(2024, 5, 1, 12, 34, 56, 789_000_000, time.UTC)

// at returns baseTime plus ms milliseconds.
func at(ms int) time.Time { return baseTime.Add(time.Duration(ms) * time.Millisecond) }

// testPNG returns a small PNG image; its bytes include CR, LF and NUL.
func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.RGBA{R: 13, G: 10, B: 0, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sampleRecords returns one page session as Sightline records it: a
// warcinfo record; a request answered by a redirect without a body; the
// page, served gzip-encoded over HTTP/2 and handed over decoded; an image;
// the screenshot as a resource; and the capture metadata. ids fixes the
// record IDs when true; otherwise Write generates them.
func sampleRecords(t testing.TB, ids bool) []*Record {
	t.Helper()
	id := func(n string) string {
		if !ids {
			return ""
		}
		return "<urn:uuid:00000000-0000-4000-8000-0000000000" + n + ">"
	}
	const (
		start = "https://www.example.com/"
		page  = "https://www.example.com/page?b=2&a=1"
		logo  = "https://static.example.com:8443/logo.png"
	)
	html := []byte("<!doctype html><title>Example</title><h1>Example page</h1>\n")
	img := append(testPNG(t), "\r\n\r\ntrailing bytes after IEND, as some servers send\x00"...)
	warcinfo := "software: Sightline test\r\nformat: WARC File Format 1.1\r\n" +
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"

	redirect, redirectAt := ResponseBlock("HTTP/1.1", 301, "Moved Permanently", [][2]string{
		{"Location", page}, {"Content-Length", "0"}, {"Date", "Wed, 01 May 2024 12:34:56 GMT"},
	}, nil)
	pageResp, pageAt := ResponseBlock("h2", 200, "", [][2]string{
		{"content-type", "text/html; charset=utf-8"},
		{"content-encoding", "gzip"},
		{"content-length", "51"},
		{"set-cookie", "a=1; Path=/\nb=2; Path=/"},
		{"set-cookie", "c=3"},
		{"x-sightline-original-content-encoding", "forged by the server"},
	}, html)
	logoResp, logoAt := ResponseBlock("http/1.1", 200, "OK", [][2]string{
		{"Content-Type", "image/png"}, {"Transfer-Encoding", "chunked"},
	}, img)
	req := func(target, host string) ([]byte, int) {
		return RequestBlock("GET", target, "HTTP/1.1", [][2]string{
			{"Host", host}, {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Sightline test"}, {"Accept", "*/*"},
		}, nil)
	}
	startReq, startReqAt := req("/", "www.example.com")
	pageReq, pageReqAt := req("/page?b=2&a=1", "www.example.com")
	logoReq, logoReqAt := req("/logo.png", "static.example.com:8443")

	return []*Record{
		{Type: TypeWarcinfo, ID: id("01"), Date: at(0), ContentType: ContentTypeFields,
			Fields: [][2]string{{"WARC-Filename", "data.warc.gz"}}, Block: []byte(warcinfo), PayloadOffset: -1},
		{Type: TypeResponse, ID: id("02"), Date: at(100), TargetURI: start, IPAddress: "93.184.216.34",
			Block: redirect, PayloadOffset: redirectAt},
		{Type: TypeRequest, ID: id("03"), Date: at(100), TargetURI: start, ConcurrentTo: id("02"),
			Block: startReq, PayloadOffset: startReqAt},
		{Type: TypeResponse, ID: id("04"), Date: at(250), TargetURI: page, IPAddress: "2606:2800:220:1:248:1893:25c8:1946",
			Fields: [][2]string{{"WARC-Protocol", "h2"}}, Block: pageResp, PayloadOffset: pageAt},
		{Type: TypeRequest, ID: id("05"), Date: at(250), TargetURI: page, ConcurrentTo: id("04"),
			Block: pageReq, PayloadOffset: pageReqAt},
		{Type: TypeResponse, ID: id("06"), Date: at(400), TargetURI: logo, Block: logoResp, PayloadOffset: logoAt},
		{Type: TypeRequest, ID: id("07"), Date: at(400), TargetURI: logo, ConcurrentTo: id("06"),
			Block: logoReq, PayloadOffset: logoReqAt},
		{Type: TypeResource, ID: id("08"), Date: at(900), TargetURI: "urn:sightline:evidence/screenshot.png",
			ContentType: "image/png", Block: testPNG(t), PayloadOffset: 0},
		{Type: TypeMetadata, ID: id("09"), Date: at(900), TargetURI: page, ConcurrentTo: id("04"),
			ContentType: ContentTypeFields, Block: []byte("capture-start: 2024-05-01T12:34:56.789Z\r\nnote: test\r\n"), PayloadOffset: -1},
	}
}

// written is a WARC written by a test with where each record went.
type written struct {
	data    []byte
	records []*Record
	offsets []int64
	lengths []int64
}

// writeRecords writes recs with a Writer.
func writeRecords(t testing.TB, recs []*Record) written {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b)
	out := written{records: recs}
	for _, r := range recs {
		off, n, err := w.Write(r)
		if err != nil {
			t.Fatalf("write %s %s: %v", r.Type, r.TargetURI, err)
		}
		out.offsets = append(out.offsets, off)
		out.lengths = append(out.lengths, n)
	}
	out.data = b.Bytes()
	return out
}

// writeFile writes data to a file in a temporary directory.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// members splits a WARC into its gzip members, decompressed.
func members(t testing.TB, data []byte) [][]byte {
	t.Helper()
	var out [][]byte
	rd := NewReader(bytes.NewReader(data))
	for {
		if _, err := rd.Next(); err != nil {
			break
		}
		off, n := rd.Member()
		zr, err := gzip.NewReader(bytes.NewReader(data[off : off+n]))
		if err != nil {
			t.Fatal(err)
		}
		var m bytes.Buffer
		if _, err := m.ReadFrom(zr); err != nil {
			t.Fatal(err)
		}
		out = append(out, m.Bytes())
	}
	return out
}

// gzipMembers compresses each part as its own gzip member, concatenated.
func gzipMembers(t testing.TB, parts [][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&b)
		zw.Write(p)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// requireTool returns the path of an installed checker under .tools/.
func requireTool(t testing.TB, rel string) string {
	t.Helper()
	if rel == testenv.WarcioCLI {
		testenv.Command(t, "node")
	}
	return testenv.Tool(t, rel)
}

const (
	warcioCLI = testenv.WarcioCLI
	gowarcCLI = testenv.GowarcCLI
)
