package bundle

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/sightline-osint/sightline/keys"
)

// workspace returns a tmp/ directory and a final bundle path under a new
// workspace directory.
func workspace(t *testing.T) (tmpDir, finalPath string) {
	ws := t.TempDir()
	return filepath.Join(ws, "tmp"), filepath.Join(ws, "bundles", "OP-KESTREL-24", "capture-1.wacz")
}

func TestSeal(t *testing.T) {
	tmpDir, finalPath := workspace(t)
	files := sampleFiles(t)
	id, err := Seal(t.Context(), tmpDir, finalPath, files, sampleMeta(), newTestSigner(t))
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(finalPath)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o400 {
		t.Fatalf("sealed bundle has mode %04o, want 0400", info.Mode().Perm())
	}
	assertEmptyDir(t, tmpDir)
	got := readZip(t, finalPath)
	for i, f := range files {
		if got[i].Path != f.Path || !bytes.Equal(got[i].Data, f.Data) {
			t.Fatalf("entry %d is %s, want %s with the same content", i, got[i].Path, f.Path)
		}
	}
	rep, err := Verify(t.Context(), finalPath)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.ID != id {
		t.Fatalf("sealed bundle: ok %v id %s (want %s), failed %v", rep.OK(), rep.ID, id, failedKeys(rep))
	}
	unzipTest(t, finalPath)
}

// TestSealWithWorkstationKey seals with a real keys.Key.
func TestSealWithWorkstationKey(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
	k, err := keys.Open(t.TempDir(), "ws-seal")
	if err != nil {
		t.Fatal(err)
	}
	tmpDir, finalPath := workspace(t)
	if _, err := Seal(t.Context(), tmpDir, finalPath, sampleFiles(t), sampleMeta(), k); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(t.Context(), finalPath)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Fingerprint != k.Fingerprint() {
		t.Fatalf("ok %v, fingerprint %s want %s, failed %v", rep.OK(), rep.Fingerprint, k.Fingerprint(), failedKeys(rep))
	}
}

func TestSealRefusesOverwrite(t *testing.T) {
	tmpDir, finalPath := workspace(t)
	signer := newTestSigner(t)
	if _, err := Seal(t.Context(), tmpDir, finalPath, sampleFiles(t), sampleMeta(), signer); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(finalPath)
	if err != nil {
		t.Fatal(err)
	}
	files := []File{{Path: "evidence/text.txt", Data: []byte("other capture")}}
	if _, err := Seal(t.Context(), tmpDir, finalPath, files, sampleMeta(), signer); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second seal: err %v, want fs.ErrExist", err)
	}
	after, err := os.ReadFile(finalPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("existing bundle was changed")
	}
	assertEmptyDir(t, tmpDir)
}

// TestSealFailures checks that a failure at any step leaves neither a
// partial file nor a final bundle.
func TestSealFailures(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	signErr := errors.New("signing token removed")
	for _, tc := range []struct {
		name    string
		setup   func(cancel context.CancelFunc, s *testSigner, tmpDir, finalPath *string)
		wantErr error
	}{
		{"cancelled before", func(cancel context.CancelFunc, _ *testSigner, _, _ *string) {
			cancel()
		}, context.Canceled},
		{"cancelled while writing", func(cancel context.CancelFunc, s *testSigner, _, _ *string) {
			s.OnSign = cancel // after the files are written, before the datapackage
		}, context.Canceled},
		{"signer fails", func(_ context.CancelFunc, s *testSigner, _, _ *string) {
			s.Err = signErr
		}, signErr},
		{"tmp dir not creatable", func(_ context.CancelFunc, _ *testSigner, tmpDir, _ *string) {
			*tmpDir = filepath.Join(blocker, "tmp")
		}, nil},
		{"bundle dir not creatable", func(_ context.CancelFunc, _ *testSigner, _, finalPath *string) {
			*finalPath = filepath.Join(blocker, "case", "capture.wacz")
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpDir, finalPath := workspace(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			signer := newTestSigner(t)
			tc.setup(cancel, signer, &tmpDir, &finalPath)
			_, err := Seal(ctx, tmpDir, finalPath, sampleFiles(t), sampleMeta(), signer)
			if err == nil || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			assertNoFile(t, finalPath)
			assertEmptyDir(t, tmpDir)
		})
	}
}

// assertEmptyDir fails if dir holds any entry; a missing dir is empty.
func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return // never created, or under a regular file
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s left in %s", e.Name(), dir)
	}
}

// assertNoFile fails if name exists.
func assertNoFile(t *testing.T, name string) {
	t.Helper()
	_, err := os.Lstat(name)
	if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		t.Fatalf("%s exists after a failed seal (stat err %v)", name, err)
	}
}
