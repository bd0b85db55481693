package pack

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/evidence/internal/hostile"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// hostileEntries turns a pack's entries into hostile.Entry values, with
// the methods they were written with.
func hostileEntries(entries []zipEntry) []hostile.Entry {
	out := make([]hostile.Entry, len(entries))
	for i, e := range entries {
		out[i] = hostile.Entry{Name: e.name, Method: e.method, Data: e.data}
	}
	return out
}

// failedList lists the failed checks as "name path", in order.
func failedList(r Report) []string {
	var out []string
	for _, c := range r.Failed() {
		out = append(out, c.Name+" "+c.Path())
	}
	return out
}

// TestVerifyHostilePacks verifies packs built to attack a verifier: each
// gives a clear error or failed check naming the cause, nothing is written
// outside the test's directory (TMPDIR is a fresh directory that must stay
// empty) and memory and disk stay bounded.
func TestVerifyHostilePacks(t *testing.T) {
	signer := loadSigner(t, "p384")
	good, _ := writePack(t, samplePack(t, signer), signer)
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	entries := hostileEntries(readZip(t, raw))
	big := int64(testenv.Scale(96<<20, 1<<30)) // past maxSmall either way
	bomb := int64(testenv.Scale(128<<20, 1<<30))
	fileUnit := []byte(`{"path":"report.pdf","sha256":"00","bytes":1},`)
	planted := func(name string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: name, Method: zip.Deflate, Data: []byte("planted")}))
		}
	}
	unsafe := func(name string) []string {
		return []string{"path " + name, "sums-listed " + name, "files-listed " + name}
	}

	for _, tc := range []struct {
		name    string
		build   func(t *testing.T, path string)
		openErr string   // Verify's error, if it fails
		want    []string // else the failed checks
		errAt   string   // the failed check ("name path") errAs and errHas test; the first if ""
		errAs   any      // that check's error type
		errHas  string   // in that check's error
		memory  bool     // log the peak memory
	}{
		{name: "truncated", openErr: "not a valid zip file", build: func(t *testing.T, path string) {
			writeFile(t, path, raw[:100])
		}},
		// Cut just after the last bundle, the pack ends with a stored
		// bundle's own directory, which a ZIP reader finds: the "pack" is
		// that bundle.
		{name: "truncated after a bundle", errAs: new(*MissingFileError), errHas: "manifest.json: listed in the pack format but not in the pack",
			want: []string{"manifest manifest.json", "key public-key.pem", "signature manifest.sig", "sums-file SHA256SUMS", "audit audit.jsonl"},
			build: func(t *testing.T, path string) {
				writeFile(t, path, raw[:endOfLastBundle(t, raw)])
			}},
		{name: "truncated central directory", openErr: "zip", build: func(t *testing.T, path string) {
			writeFile(t, path, raw[:len(raw)-10])
		}},
		{name: "empty", openErr: "not a valid zip file", build: func(t *testing.T, path string) {
			writeFile(t, path, nil)
		}},
		{name: "manifest bomb", errAs: new(*TooLargeError), errHas: "manifest.json: larger than", memory: true,
			want: []string{"manifest manifest.json", "key public-key.pem", "signature manifest.sig", "sums manifest.json"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: ManifestName, Method: zip.Deflate, N: bomb}
				hostile.Write(t, path, hostile.Replaced(t, entries, ManifestName, e))
			}},
		{name: "manifest of 1 GB", errAs: new(*TooLargeError), errHas: "manifest.json: larger than", memory: true,
			want: []string{"manifest manifest.json", "key public-key.pem", "signature manifest.sig", "sums manifest.json"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: ManifestName, Method: zip.Store, Gen: fileUnit, N: big}
				hostile.Write(t, path, hostile.Replaced(t, entries, ManifestName, e))
			}},
		{name: "SHA256SUMS bomb with a lying size", errAs: new(*TooLargeError), errHas: "SHA256SUMS: larger than", memory: true,
			want: []string{"sums-file SHA256SUMS"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: SumsName, Method: zip.Deflate, Gen: []byte("0"), N: bomb, Lie: 100}
				hostile.Write(t, path, hostile.Replaced(t, entries, SumsName, e))
			}},
		{name: "signature bomb", errAs: new(*TooLargeError), errHas: "manifest.sig: larger than", memory: true,
			want: []string{"signature manifest.sig", "sums manifest.sig"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: SignatureName, Method: zip.Deflate, N: bomb}
				hostile.Write(t, path, hostile.Replaced(t, entries, SignatureName, e))
			}},
		{name: "bundle bomb", errAs: new(*TooLargeError), errHas: "bundles/SP-1.wacz: larger than", memory: true,
			want: []string{"sums bundles/SP-1.wacz", "files bundles/SP-1.wacz", "exhibit bundles/SP-1.wacz", "bundle bundles/SP-1.wacz"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: "bundles/SP-1.wacz", Method: zip.Deflate, N: bomb}
				hostile.Write(t, path, hostile.Replaced(t, entries, "bundles/SP-1.wacz", e))
			}},
		{name: "unlisted compressed bundle", errAt: "bundle bundles/SP-9.wacz", errHas: "lists no size for it: not extracted",
			want: []string{"sums-listed bundles/SP-9.wacz", "files-listed bundles/SP-9.wacz", "exhibit bundles/SP-9.wacz", "bundle bundles/SP-9.wacz"},
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "bundles/SP-9.wacz", Method: zip.Deflate, N: bomb}))
			}},
		{name: "report bomb with a lying size", errAs: new(*HashMismatchError), memory: true,
			want: []string{"sums report.pdf", "files report.pdf"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: ReportName, Method: zip.Deflate, N: bomb, Lie: 10}
				hostile.Write(t, path, hostile.Replaced(t, entries, ReportName, e))
			}},
		{name: "audit line bomb", errAt: "audit audit.jsonl", errAs: new(*AuditError), errHas: "longer than", memory: true,
			want: []string{"sums audit.jsonl", "files audit.jsonl", "audit audit.jsonl", "audit audit.jsonl",
				"audit-capture bundles/SP-1.wacz", "audit-capture bundles/SP-2.wacz"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: AuditName, Method: zip.Deflate, Gen: []byte("{"), N: bomb}
				hostile.Write(t, path, hostile.Replaced(t, entries, AuditName, e))
			}},
		{name: "parent path", want: unsafe("../escaped.txt"), errAs: new(*UnsafeEntryError), errHas: "outside the archive",
			build: planted("../escaped.txt")},
		{name: "nested parent path", want: unsafe("bundles/../../escaped.txt"), errAs: new(*UnsafeEntryError),
			build: planted("bundles/../../escaped.txt")},
		{name: "absolute path", want: unsafe("/sightline-hostile.txt"), errAs: new(*UnsafeEntryError), errHas: "absolute",
			build: planted("/sightline-hostile.txt")},
		{name: "drive letter", want: unsafe("C:/escaped.txt"), errAs: new(*UnsafeEntryError), errHas: "absolute",
			build: planted("C:/escaped.txt")},
		{name: "backslash path", want: unsafe(`bundles\..\..\escaped.txt`), errAs: new(*UnsafeEntryError), errHas: "backslash",
			build: planted(`bundles\..\..\escaped.txt`)},
		{name: "empty name", want: unsafe(""), errAs: new(*UnsafeEntryError), errHas: "empty name",
			build: planted("")},
		{name: "duplicate manifest", want: []string{"duplicate manifest.json"}, errAs: new(*DuplicateFileError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: ManifestName, Data: []byte(`{}`)}))
			}},
		{name: "duplicate bundle", want: []string{"duplicate bundles/SP-1.wacz"}, errAs: new(*DuplicateFileError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "bundles/SP-1.wacz", Data: []byte("PK")}))
			}},
		{name: "symlink entry", want: unsafe("bundles/link"), errAs: new(*UnsafeEntryError), errHas: "symbolic link",
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "bundles/link", Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}))
			}},
		{name: "symlink in place of the key", errAs: new(*UnsafeEntryError), errHas: "symbolic link",
			want: []string{"path public-key.pem", "key public-key.pem", "signature manifest.sig", "sums public-key.pem", "files public-key.pem"},
			build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: PublicKeyName, Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}
				hostile.Write(t, path, hostile.Replaced(t, entries, PublicKeyName, e))
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, dir := hostile.Place(t, "hostile.zip")
			tc.build(t, path)
			peaked := tc.memory && hostile.ResetPeak()
			rep, err := Verify(t.Context(), path)
			if peaked {
				t.Logf("peak RSS during Verify: %d MiB", hostile.PeakRSS()>>20)
			}
			hostile.Contained(t, dir)
			if tc.openErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.openErr) || !strings.Contains(err.Error(), path) {
					t.Fatalf("Verify error %v, want one naming %s and %q; failed %q", err, path, tc.openErr, failedList(rep))
				}
				t.Logf("error: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := failedList(rep); !slices.Equal(got, tc.want) {
				t.Fatalf("failed checks %q, want %q", got, tc.want)
			}
			first := rep.Failed()[0].Err
			if tc.errAt != "" {
				first = rep.Failed()[slices.Index(tc.want, tc.errAt)].Err
			}
			if tc.errAs != nil && !errors.As(first, tc.errAs) {
				t.Fatalf("err %v is not %T", first, tc.errAs)
			}
			if !strings.Contains(first.Error(), tc.errHas) {
				t.Fatalf("err %q does not say %q", first, tc.errHas)
			}
			for _, c := range rep.Failed() {
				t.Logf("%s %s: %v", c.Name, c.Path(), c.Err)
			}
		})
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// endOfLastBundle is the offset in the pack raw where the last bundle's
// stored bytes end.
func endOfLastBundle(t *testing.T, raw []byte) int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	end := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, BundleDir) && strings.HasSuffix(f.Name, ".wacz") {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			end = max(end, int(off+int64(f.CompressedSize64)))
		}
	}
	if end == 0 {
		t.Fatal("no bundle in the pack")
	}
	return end
}
