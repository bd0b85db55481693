package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/sightline-osint/sightline/evidence/internal/hostile"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// lyingWARC is one gzipped WARC record whose Content-Length is off by
// delta from its real block.
func lyingWARC(t *testing.T, delta int) []byte {
	t.Helper()
	block := "hello, evidence"
	sum := sha256.Sum256([]byte(block))
	rec := "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:6f9a6c3e-1b7d-4c52-9b0e-2f3d4a5b6c7d>\r\n" +
		"WARC-Date: 2024-05-01T12:34:56.000Z\r\nWARC-Target-URI: https://example.org/\r\nContent-Type: text/plain\r\n" +
		"WARC-Block-Digest: sha256:" + hex.EncodeToString(sum[:]) + "\r\n" +
		"Content-Length: " + strconv.Itoa(len(block)+delta) + "\r\n\r\n" + block + "\r\n\r\n"
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(rec))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// asEntries turns bundle files into ZIP entries, as Write compresses them.
func asEntries(files []File) []hostile.Entry {
	out := make([]hostile.Entry, len(files))
	for i, f := range files {
		out[i] = hostile.Entry{Name: f.Path, Method: methodFor(f.Path), Data: f.Data}
	}
	return out
}

// TestVerifyHostileBundles verifies bundles built to attack a verifier:
// each gives a clear error or failed check naming the cause, nothing is
// written outside the test's directory (TMPDIR is a fresh directory that
// must stay empty) and memory stays bounded.
func TestVerifyHostileBundles(t *testing.T) {
	signer := newTestSigner(t)
	valid, _ := writeBundle(t, sampleFiles(t), signer)
	files := readZip(t, valid)
	entries := asEntries(files)
	raw, err := os.ReadFile(valid)
	if err != nil {
		t.Fatal(err)
	}
	big := int64(testenv.Scale(96<<20, 1<<30)) // past maxJSON either way
	bomb := int64(testenv.Scale(128<<20, 1<<30))
	dpUnit := []byte(`{"path":"evidence/text.txt","hash":"sha256:00","bytes":1},`)

	for _, tc := range []struct {
		name    string
		build   func(t *testing.T, path string)
		openErr string   // Verify's error, if it fails
		want    []string // else the failed checks
		errAs   any      // the first failed check's error type
		errHas  string   // in the first failed check's error
		memory  bool     // log the peak memory
	}{
		{name: "truncated", openErr: "not a valid zip file", build: func(t *testing.T, path string) {
			writeBytes(t, path, raw[:len(raw)/2])
		}},
		{name: "truncated central directory", openErr: "zip", build: func(t *testing.T, path string) {
			writeBytes(t, path, raw[:len(raw)-10])
		}},
		{name: "empty", openErr: "not a valid zip file", build: func(t *testing.T, path string) {
			writeBytes(t, path, nil)
		}},
		{name: "bomb with a lying size", want: []string{"hash evidence/text.txt", "size evidence/text.txt"},
			errAs: new(*HashMismatchError), memory: true, build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: "evidence/text.txt", Method: zip.Deflate, N: bomb, Lie: 10}
				es := hostile.Replaced(t, entries, "evidence/text.txt", e)
				hostile.Write(t, path, es)
			}},
		{name: "datapackage bomb", want: []string{"datapackage datapackage.json", "digest datapackage.json"},
			errAs: new(*TooLargeError), errHas: "datapackage.json: larger than", memory: true, build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: DatapackageName, Method: zip.Deflate, N: bomb}
				hostile.Write(t, path, hostile.Replaced(t, entries, DatapackageName, e))
			}},
		{name: "datapackage of 1 GB", want: []string{"datapackage datapackage.json", "digest datapackage.json"},
			errAs: new(*TooLargeError), errHas: "datapackage.json: larger than", memory: true, build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: DatapackageName, Method: zip.Store, Gen: dpUnit, N: big}
				hostile.Write(t, path, hostile.Replaced(t, entries, DatapackageName, e))
			}},
		{name: "parent path", want: []string{"path ../escaped.txt", "listed ../escaped.txt"}, errAs: new(*UnsafeEntryError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "../escaped.txt", Data: []byte("planted")}))
			}},
		{name: "nested parent path", want: []string{"path evidence/../../escaped.txt", "listed evidence/../../escaped.txt"}, errAs: new(*UnsafeEntryError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "evidence/../../escaped.txt", Data: []byte("planted")}))
			}},
		{name: "absolute path", want: []string{"path /sightline-hostile.txt", "listed /sightline-hostile.txt"}, errAs: new(*UnsafeEntryError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "/sightline-hostile.txt", Data: []byte("planted")}))
			}},
		{name: "drive letter", want: []string{"path C:/escaped.txt", "listed C:/escaped.txt"}, errAs: new(*UnsafeEntryError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "C:/escaped.txt", Data: []byte("planted")}))
			}},
		{name: "backslash path", want: []string{`path evidence\..\..\escaped.txt`, `listed evidence\..\..\escaped.txt`}, errAs: new(*UnsafeEntryError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: `evidence\..\..\escaped.txt`, Data: []byte("planted")}))
			}},
		{name: "listed parent path", want: []string{"path ../escaped.txt", "present evidence/text.txt", "listed ../escaped.txt"},
			errAs: new(*UnsafeEntryError), build: func(t *testing.T, path string) {
				// Rename the text in the ZIP only: its resource is missing and the new name unlisted.
				es := hostile.Replaced(t, entries, "evidence/text.txt", hostile.Entry{Name: "../escaped.txt", Data: []byte("planted")})
				hostile.Write(t, path, es)
			}},
		{name: "duplicate datapackage", want: []string{"duplicate datapackage.json"}, errAs: new(*DuplicateFileError),
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: DatapackageName, Data: []byte(`{}`)}))
			}},
		{name: "symlink entry", want: []string{"path evidence/link", "listed evidence/link"}, errAs: new(*UnsafeEntryError), errHas: "symbolic link",
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, append(slices.Clone(entries), hostile.Entry{Name: "evidence/link", Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}))
			}},
		{name: "symlink in place of a resource", want: []string{"path evidence/text.txt", "hash evidence/text.txt", "size evidence/text.txt"},
			errAs: new(*UnsafeEntryError), errHas: "symbolic link", build: func(t *testing.T, path string) {
				e := hostile.Entry{Name: "evidence/text.txt", Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}
				hostile.Write(t, path, hostile.Replaced(t, entries, "evidence/text.txt", e))
			}},
		{name: "WARC Content-Length too big", want: []string{"warc archive/data.warc.gz"}, errHas: "archive/data.warc.gz: record 1",
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, asEntries(rehash(t, files, "archive/data.warc.gz", lyingWARC(t, 100), signer)))
			}},
		{name: "WARC Content-Length too small", want: []string{"warc archive/data.warc.gz"}, errHas: "archive/data.warc.gz: record 1",
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, asEntries(rehash(t, files, "archive/data.warc.gz", lyingWARC(t, -5), signer)))
			}},
		{name: "WARC Content-Length huge", want: []string{"warc archive/data.warc.gz"}, errHas: "archive/data.warc.gz: record 1",
			build: func(t *testing.T, path string) {
				hostile.Write(t, path, asEntries(rehash(t, files, "archive/data.warc.gz", lyingWARC(t, 1<<40), signer)))
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, dir := hostile.Place(t, "hostile.wacz")
			tc.build(t, path)
			peaked := tc.memory && hostile.ResetPeak()
			rep, err := Verify(t.Context(), path)
			if peaked {
				t.Logf("peak RSS during Verify: %d MiB", hostile.PeakRSS()>>20)
			}
			hostile.Contained(t, dir)
			if tc.openErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.openErr) || !strings.Contains(err.Error(), path) {
					t.Fatalf("Verify error %v, want one naming %s and %q", err, path, tc.openErr)
				}
				t.Logf("error: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := failedKeys(rep); !slices.Equal(got, tc.want) {
				t.Fatalf("failed checks %v, want %v", got, tc.want)
			}
			first := rep.Failed()[0].Err
			if tc.errAs != nil && !errors.As(first, tc.errAs) {
				t.Fatalf("err %v is not %T", first, tc.errAs)
			}
			if !strings.Contains(first.Error(), tc.errHas) {
				t.Fatalf("err %q does not say %q", first, tc.errHas)
			}
			for _, c := range rep.Failed() {
				t.Logf("%s %s: %v", c.Name, c.File, c.Err)
			}
		})
	}
}
