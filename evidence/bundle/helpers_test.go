package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/elliptic"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture/warc"
	"github.com/sightline-osint/sightline/evidence/internal/testsigner"
)

// testSigner signs like keys.Key but is written independently of it.
type testSigner = testsigner.Signer

// newTestSigner makes a key on the curve new workstation keys use.
func newTestSigner(t testing.TB) *testSigner { return testsigner.New(t, elliptic.P384()) }

// sampleFiles is one capture's worth of files: a gzipped WARC, an index, a
// page list, metadata JSON, two valid PNGs and visible text.
func sampleFiles(t testing.TB) []File {
	t.Helper()
	var archive bytes.Buffer
	if _, _, err := warc.NewWriter(&archive).Write(&warc.Record{
		Type: warc.TypeResource, ID: "<urn:uuid:6f9a6c3e-1b7d-4c52-9b0e-2f3d4a5b6c7d>",
		Date: time.Date(2024, 5, 1, 12, 34, 56, 0, time.UTC), TargetURI: "https://example.org/",
		ContentType: "text/plain", Block: []byte("hello"),
	}); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("Example Domain. This domain is for use in illustrative examples.\n", 40)
	return []File{
		{Path: "archive/data.warc.gz", Data: archive.Bytes()},
		{Path: "indexes/index.cdx", Data: []byte(`org,example)/ 20240501123456 {"url":"https://example.org/","digest":"sha256:00","offset":0,"length":120,"filename":"data.warc.gz"}` + "\n")},
		{Path: "pages/pages.jsonl", Data: []byte(`{"format":"json-pages-1.0","id":"pages","title":"All Pages"}` + "\n" + `{"id":"p1","url":"https://example.org/","ts":"2024-05-01T12:34:56.789Z","title":"Example Domain"}` + "\n")},
		{Path: "evidence/metadata.json", Data: []byte(`{"requestedURL":"https://example.org/","finalURL":"https://example.org/","status":200,"title":"Example Domain","officer":"4471","case":"OP-KESTREL-24"}` + "\n")},
		{Path: "evidence/screenshot.png", Data: samplePNG(t, 64, 48, color.RGBA{200, 30, 30, 255})},
		{Path: "evidence/viewport.png", Data: samplePNG(t, 32, 24, color.RGBA{30, 30, 200, 255})},
		{Path: "evidence/text.txt", Data: []byte(text)},
	}
}

// samplePNG encodes a w×h PNG with a gradient, so its data is not trivial.
func samplePNG(t testing.TB, w, h int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{c.R ^ uint8(x*4), c.G ^ uint8(y*4), c.B, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sampleMeta() Meta {
	return Meta{
		Title:        "Example Domain",
		MainPageURL:  "https://example.org/?a=1&b=<2>",
		MainPageDate: time.Date(2024, 5, 1, 12, 34, 56, 789_000_000, time.UTC),
		Created:      time.Date(2024, 5, 1, 12, 35, 1, 250_000_000, time.FixedZone("BST", 3600)),
		Software:     "Sightline test",
	}
}

// writeBundle writes a bundle of files to a new file and returns its path
// and id.
func writeBundle(t testing.TB, files []File, signer Signer) (string, string) {
	t.Helper()
	name := t.TempDir() + "/bundle.wacz"
	var buf bytes.Buffer
	id, err := Write(&buf, files, sampleMeta(), signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name, id
}

// readZip reads every entry of a ZIP with archive/zip, CRC checked.
func readZip(t testing.TB, name string) []File {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var files []File
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files = append(files, File{Path: f.Name, Data: data})
	}
	return files
}

// writeZip writes files as a plain ZIP, as a tool other than Sightline
// would, e.g. an attacker rebuilding a bundle.
func writeZip(t testing.TB, name string, files []File) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Path, Method: methodFor(f.Path)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// flipEntryByte returns a copy of the ZIP file src with one byte of entry
// name's stored data inverted, in the middle of the data.
func flipEntryByte(t testing.TB, src, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		if f.CompressedSize64 == 0 {
			t.Fatalf("%s has no data to flip", name)
		}
		raw[off+int64(f.CompressedSize64/2)] ^= 0xff
		return raw
	}
	t.Fatalf("%s not in %s", name, src)
	return nil
}

// failedKeys lists failed checks as "name file".
func failedKeys(r Report) []string {
	var out []string
	for _, c := range r.Failed() {
		out = append(out, c.Name+" "+c.File)
	}
	return out
}
