package pack

import (
	"archive/zip"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sightline-osint/sightline/evidence/internal/hostile"
)

// fuzzSeeds returns a written pack and hostile variants of it: with a
// small report.pdf (so the seed stays small; only its checks fail), cut
// in half, a "../" entry, a symlink, a duplicate manifest.json, a bundle
// stored compressed and a small deflate bomb as the manifest.
func fuzzSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	signer := loadSigner(tb, "p384")
	good, _ := writePack(tb, samplePack(tb, signer), signer)
	raw, err := os.ReadFile(good)
	if err != nil {
		tb.Fatal(err)
	}
	entries := hostileEntries(readZip(tb, raw))
	for i := range entries {
		if entries[i].Name == ReportName {
			entries[i].Data = []byte("%PDF-1.7\n%%EOF\n")
		}
	}
	with := func(e hostile.Entry) []hostile.Entry { return append(slices.Clone(entries), e) }
	deflated := slices.Clone(entries)
	for i := range deflated {
		if isBundle(deflated[i].Name) {
			deflated[i].Method = zip.Deflate
		}
	}
	seeds := [][]byte{raw, raw[:len(raw)/2], nil}
	more := hostile.Files(tb, "zip", [][]hostile.Entry{
		entries,
		with(hostile.Entry{Name: "../escaped.txt", Data: []byte("planted")}),
		with(hostile.Entry{Name: "bundles/link", Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}),
		with(hostile.Entry{Name: ManifestName, Data: []byte(`{}`)}),
		deflated,
		{{Name: ManifestName, Method: zip.Deflate, N: 1 << 20, Lie: 10}},
	})
	return append(seeds, more...)
}

// FuzzVerifyPack verifies arbitrary bytes as a pack file: Verify must not
// panic and every failed check must give its reason.
func FuzzVerifyPack(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "fuzz.zip")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		IsPack(path)
		rep, err := Verify(context.Background(), path)
		if err != nil {
			return
		}
		for _, c := range rep.Failed() {
			if c.Err == nil || c.Name == "" {
				t.Fatalf("failed check %q %q gives no reason", c.Name, c.Path())
			}
		}
	})
}
