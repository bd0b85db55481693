package bundle

import (
	"archive/zip"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/sightline-osint/sightline/evidence/internal/hostile"
)

// fuzzSeeds returns a sealed bundle and hostile variants of it: cut in
// half, a "../" entry, a symlink, a duplicate datapackage.json and a
// small deflate bomb in its place.
func fuzzSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	valid, _ := writeBundle(tb, sampleFiles(tb), newTestSigner(tb))
	raw, err := os.ReadFile(valid)
	if err != nil {
		tb.Fatal(err)
	}
	entries := asEntries(readZip(tb, valid))
	seeds := [][]byte{raw, raw[:len(raw)/2], nil}
	more := hostile.Files(tb, "wacz", [][]hostile.Entry{
		append(entries[:len(entries):len(entries)], hostile.Entry{Name: "../escaped.txt", Data: []byte("planted")}),
		append(entries[:len(entries):len(entries)], hostile.Entry{Name: "evidence/link", Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}),
		append(entries[:len(entries):len(entries)], hostile.Entry{Name: DatapackageName, Data: []byte(`{}`)}),
		{{Name: DatapackageName, Method: zip.Deflate, N: 1 << 20, Lie: 10}},
	})
	return append(seeds, more...)
}

// FuzzVerifyBundle verifies arbitrary bytes as a bundle file: Verify must
// not panic, must fail whatever is not a sealed bundle with named checks
// or an error, and every failed check must give its reason.
func FuzzVerifyBundle(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	path := filepath.Join(f.TempDir(), "fuzz.wacz")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := Verify(context.Background(), path)
		if err != nil {
			return
		}
		for _, c := range rep.Failed() {
			if c.Err == nil || c.Name == "" {
				t.Fatalf("failed check %q %q gives no reason", c.Name, c.File)
			}
		}
		if rep.OK() && rep.ID == "" {
			t.Fatal("a bundle verifies without an id")
		}
	})
}
