package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestPublishNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	final := filepath.Join(dir, "sub", "bundle.wacz")
	f, err := Create(filepath.Join(dir, "tmp"), ".seal-*")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("sealed")); err != nil {
		t.Fatal(err)
	}
	if err := f.Finish(0o444); err != nil {
		t.Fatal(err)
	}
	if err := f.Publish(final); err != nil {
		t.Fatal(err)
	}
	f.Discard()
	st, err := os.Stat(final)
	if err != nil || st.Mode().Perm() != 0o444 {
		t.Fatalf("final %v, %v: want it read-only after Discard", st, err)
	}
	if _, err := os.Stat(f.Name()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temporary name still there: %v", err)
	}
	if err := WriteFile(final, []byte("other"), 0o600, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("WriteFile over an existing file without replace = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(final); string(b) != "sealed" {
		t.Errorf("final holds %q", b)
	}
	left, _ := os.ReadDir(filepath.Join(dir, "sub"))
	if len(left) != 1 {
		t.Errorf("%d files beside final, want it alone", len(left))
	}
}

func TestWriteFileReplace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "policy.toml")
	for _, data := range []string{"one", "two"} {
		if err := WriteFile(path, []byte(data), 0o640, true); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		st, _ := os.Stat(path)
		if err != nil || string(b) != data || st.Mode().Perm() != 0o640 {
			t.Errorf("after writing %q: %q, %v, mode %v", data, b, err, st.Mode())
		}
	}
}

func TestDiscardUnfinished(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir, ".partial-*")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half")) //nolint:errcheck // thrown away below
	f.Discard()
	f.Discard()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("%d files left after Discard", len(left))
	}
}
