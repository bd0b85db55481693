// Package hostile builds hostile ZIP files for the verifier tests of
// bundles and packs, and measures the memory their verification takes.
// It is imported by tests only.
package hostile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// Entry is one ZIP entry to write. Data, or else N bytes of Gen repeated,
// is its content. With Lie set the central directory declares that
// uncompressed size instead of the real one (Deflate only). Mode, if
// non-zero, is stored in the external attributes (e.g. a symlink).
type Entry struct {
	Name   string
	Method uint16
	Data   []byte
	Gen    []byte // repeated N times over when Data is nil
	N      int64
	Lie    uint64
	Mode   fs.FileMode
}

// Write writes entries as a ZIP file at path, streaming generated content
// so that a 1 GB entry is never held in memory.
func Write(tb testing.TB, path string, entries []Entry) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw := zip.NewWriter(bw)
	for _, e := range entries {
		if err := writeEntry(zw, e); err != nil {
			tb.Fatalf("write %s: %v", e.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

func (e Entry) content() io.Reader {
	if e.Data != nil {
		return bytes.NewReader(e.Data)
	}
	return io.LimitReader(&Repeat{Unit: e.Gen}, e.N)
}

func writeEntry(zw *zip.Writer, e Entry) error {
	hdr := &zip.FileHeader{Name: e.Name, Method: e.Method}
	if e.Mode != 0 {
		hdr.SetMode(e.Mode)
	}
	if e.Lie == 0 {
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, e.content())
		return err
	}
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	if err != nil {
		return err
	}
	if _, err := io.Copy(fw, e.content()); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	hdr.Method = zip.Deflate
	hdr.CompressedSize64 = uint64(comp.Len())
	hdr.UncompressedSize64 = e.Lie
	w, err := zw.CreateRaw(hdr)
	if err != nil {
		return err
	}
	_, err = w.Write(comp.Bytes())
	return err
}

// Repeat reads Unit over and over.
type Repeat struct {
	Unit []byte
	off  int
}

func (r *Repeat) Read(p []byte) (int, error) {
	if len(r.Unit) == 0 {
		clear(p)
		return len(p), nil
	}
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.Unit[r.off:])
		n += c
		r.off = (r.off + c) % len(r.Unit)
	}
	return n, nil
}

// ResetPeak resets the process's peak resident set size (VmHWM), so that
// PeakRSS then reports the peak of what follows. It reports false where
// Linux's /proc/self/clear_refs is not available.
func ResetPeak() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// PeakRSS returns VmHWM, the process's peak resident set size in bytes
// since start or the last ResetPeak, and 0 where /proc is not available.
func PeakRSS() int64 {
	return testenv.ProcBytes(testenv.ProcStatus("self"), "VmHWM")
}

// AssertEmpty fails tb unless dir exists and is empty: a verifier wrote
// nothing there (run with TMPDIR set to dir).
func AssertEmpty(tb testing.TB, dir string) {
	tb.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range ents {
		tb.Errorf("verification left %s in the temporary directory", e.Name())
	}
}

// AssertAbsent fails tb if a file exists at path.
func AssertAbsent(tb testing.TB, path string) {
	tb.Helper()
	if _, err := os.Lstat(path); err == nil {
		tb.Errorf("verification wrote %s", path)
	}
}

// Place makes a test directory with a tmp/ that TMPDIR names for the rest
// of the test, and returns the path of a file name in its case/ directory
// and the directory; Contained checks, after the reader ran, that nothing
// was left in tmp/ or written where an unsafe entry name points.
func Place(t *testing.T, name string) (path, dir string) {
	t.Helper()
	dir = t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	path = filepath.Join(dir, "case", name)
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	return path, dir
}

// Contained is the check that goes with Place.
func Contained(tb testing.TB, dir string) {
	tb.Helper()
	AssertEmpty(tb, filepath.Join(dir, "tmp"))
	AssertAbsent(tb, filepath.Join(dir, "escaped.txt"))
	AssertAbsent(tb, "/sightline-hostile.txt")
}

// Files writes each set of entries as a ZIP file (name<i>.ext) and returns
// their bytes, for fuzz seeds.
func Files(tb testing.TB, ext string, sets [][]Entry) [][]byte {
	tb.Helper()
	dir := tb.TempDir()
	var out [][]byte
	for i, es := range sets {
		path := filepath.Join(dir, fmt.Sprintf("seed%d.%s", i, ext))
		Write(tb, path, es)
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// Replaced returns entries with the one named name replaced by e.
func Replaced(tb testing.TB, entries []Entry, name string, e Entry) []Entry {
	tb.Helper()
	out := slices.Clone(entries)
	for i := range out {
		if out[i].Name == name {
			out[i] = e
			return out
		}
	}
	tb.Fatalf("%s not among the entries", name)
	return nil
}
