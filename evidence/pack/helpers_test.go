package pack

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture/warc"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/evidence/internal/testsigner"
	"github.com/sightline-osint/sightline/internal/testprint"
)

// testCreated is the fixed clock of the tests: when the pack was made.
var testCreated = time.Date(2026, 11, 23, 14, 5, 9, 250e6, time.UTC)

// testSigner signs as keys.Key does, written independently of it.
type testSigner = testsigner.Signer

// loadSigner reads one of the bundle test vectors' published test keys:
// "p384" (the pack's, on the curve new workstation keys use), "p256" (a
// key made by an earlier version) or "other".
func loadSigner(t testing.TB, name string) *testSigner {
	t.Helper()
	return testsigner.Load(t, filepath.Join("..", "testdata", "vectors", "bundle", "test-key-"+name+".pem"))
}

// samplePNG is a small gradient PNG.
func samplePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 3), uint8(y * 2), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bundleFiles is one capture's files, its WARC one resource record of url
// holding payload.
func bundleFiles(t testing.TB, url string, payload []byte) []bundle.File {
	t.Helper()
	var archive bytes.Buffer
	if _, _, err := warc.NewWriter(&archive).Write(&warc.Record{
		Type: warc.TypeResource, ID: "<urn:uuid:0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3>",
		Date: time.Date(2026, 11, 23, 11, 31, 8, 0, time.UTC), TargetURI: url,
		ContentType: "application/octet-stream", Block: payload,
	}); err != nil {
		t.Fatal(err)
	}
	return []bundle.File{
		{Path: "archive/data.warc.gz", Data: archive.Bytes()},
		{Path: "evidence/metadata.json", Data: []byte(`{"page":{"start":"2026-11-23T11:31:08.120Z","end":"2026-11-23T11:31:09.500Z","final_url":"` + url + `"}}` + "\n")},
		{Path: "evidence/screenshot.png", Data: samplePNG(t, 80, 120)},
		{Path: "evidence/dom.html", Data: []byte("<html><body><p>Post at " + url + "</p></body></html>\n")},
	}
}

// sealBundle writes a bundle to dir/name and returns its path, id and hex
// SHA-256.
func sealBundle(t testing.TB, dir, name, url string, files []bundle.File, signer Signer) (string, string, string) {
	t.Helper()
	path := filepath.Join(dir, name)
	var buf bytes.Buffer
	id, err := bundle.Write(&buf, files, bundle.Meta{
		Title: "Page " + name, MainPageURL: url, MainPageDate: testCreated.Add(-2 * time.Hour),
		Created: testCreated.Add(-2 * time.Hour), Software: "Sightline test",
	}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o444); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return path, id, hex.EncodeToString(sum[:])
}

// auditExtract appends a small log with audit.Append, one capture event
// per exhibit and an event of another case between them, and returns the
// extract of case OP-1 with the log's genesis and head.
func auditExtract(t testing.TB, exhibits []Exhibit) Extract {
	t.Helper()
	ctx := context.Background()
	db, _ := audit.TestDB(t)
	genesis := "8c1f9a4e2b7d6c3051e0a9f8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8"
	at := testCreated.Add(-3 * time.Hour)
	add := func(caseRef, action, url string, detail any) {
		t.Helper()
		d, _ := json.Marshal(detail)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		at = at.Add(time.Minute)
		e := audit.Event{Time: at, Officer: "4127", OSUser: "analyst", Case: caseRef, Action: action, URL: url, Detail: d}
		if _, err := audit.Append(ctx, tx, genesis, e); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	add("", "officer.set", "", map[string]string{"name": "DC Sam Patel"})
	add("OP-1", "case.create", "", map[string]string{"title": "Kestrel"})
	for i, e := range exhibits {
		add("OP-1", "view", e.URL, map[string]string{"capture": e.CaptureID})
		add("OP-1", "capture", e.URL, map[string]string{"capture": e.CaptureID, "package_id": e.PackageID, "sha256": e.SHA256})
		if i == 0 {
			add("OP-2", "case.create", "", map[string]string{"title": "Another case"})
		}
		if e.Withdrawn != "" {
			add("OP-1", "capture.withdraw", e.URL, map[string]string{"capture": e.CaptureID, "reason": e.Withdrawn})
		}
	}
	events, err := audit.List(ctx, db, audit.Filter{Case: "OP-1"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := audit.List(ctx, db, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	head := all[len(all)-1]
	return Extract{Genesis: genesis, HeadSeq: head.Seq, HeadHash: head.Hash, Status: "intact: test log", Events: events}
}

// samplePack is a pack of case OP-1 with two exhibits, the second
// withdrawn, sealed by signer, with bundles in t.TempDir().
func samplePack(t testing.TB, signer Signer) Pack {
	t.Helper()
	dir := t.TempDir()
	var exhibits []Exhibit
	for i, url := range []string{"https://example.org/profile/kestrel", "https://example.org/post/42?a=1&b=2"} {
		ref := Ref("SP", i+1)
		path, id, sum := sealBundle(t, dir, BundleFile(ref)[len(BundleDir):], url,
			bundleFiles(t, url, []byte("page of "+url)), signer)
		exhibits = append(exhibits, Exhibit{
			Ref: ref, CaptureID: "20261123T1131" + string(rune('0'+i)) + "8Z-3f9a1c", Bundle: path, SHA256: sum, PackageID: id,
			Title: "Kestrel page", URL: url, FinalURL: url, Started: testCreated.Add(-2 * time.Hour),
			Ended: testCreated.Add(-2*time.Hour + 3*time.Second), Officer: "4127", Persona: "default",
			Note: "public profile", Screenshot: samplePNG(t, 80, 120),
		})
	}
	exhibits[1].Withdrawn = "captured into the wrong case"
	return Pack{
		Case: "OP-1", CaseTitle: "Kestrel", Classification: "OFFICIAL-SENSITIVE", Officer: "4127",
		OfficerName: "DC Sam Patel", Created: testCreated, Software: "Sightline test",
		Exhibits: exhibits, Audit: auditExtract(t, exhibits), Printer: testprint.Printer(t),
	}
}

func TestMain(m *testing.M) { os.Exit(testprint.Run(m)) }

// writePack writes p to a file in t.TempDir().
func writePack(t testing.TB, p Pack, signer Signer) (string, Written) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "OP-1.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := Write(context.Background(), f, p, signer, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, w
}

// zipEntry is one file of a ZIP, read with archive/zip.
type zipEntry struct {
	name   string
	method uint16
	data   []byte
}

func readZip(t testing.TB, data []byte) []zipEntry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []zipEntry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, zipEntry{name: f.Name, method: f.Method, data: b})
	}
	return out
}

// writeZip writes entries as a plain ZIP, as a tamperer's tool would.
func writeZip(t testing.TB, entries []zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// entry returns the named entry's index, failing the test if there is none.
func entry(t testing.TB, entries []zipEntry, name string) int {
	t.Helper()
	for i, e := range entries {
		if e.name == name {
			return i
		}
	}
	t.Fatalf("no entry %s", name)
	return -1
}

// failedPaths lists the failed checks as "name path".
func failedPaths(r Report) map[string]bool {
	out := map[string]bool{}
	for _, c := range r.Failed() {
		out[c.Name+" "+c.Path()] = true
	}
	return out
}
