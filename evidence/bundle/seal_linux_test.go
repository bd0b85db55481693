package bundle

import (
	"errors"
	"os/signal"
	"syscall"
	"testing"
)

// TestSealDiskFull makes writes fail part way through the partial file, as
// a full disk does, by lowering this process's file size limit: writes past
// it fail with EFBIG. The limit is restored before the test ends; no other
// test runs meanwhile (none in this package is parallel).
func TestSealDiskFull(t *testing.T) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	tmpDir, finalPath := workspace(t)
	files, meta, signer := sampleFiles(t), sampleMeta(), newTestSigner(t)

	signal.Ignore(syscall.SIGXFSZ)
	defer signal.Reset(syscall.SIGXFSZ)
	limited := old
	limited.Cur = 2048
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited); err != nil {
		t.Fatal(err)
	}
	_, err := Seal(t.Context(), tmpDir, finalPath, files, meta, signer)
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); rerr != nil {
		t.Fatal(rerr)
	}
	if !errors.Is(err, syscall.EFBIG) {
		t.Fatalf("err %v, want EFBIG", err)
	}
	assertNoFile(t, finalPath)
	assertEmptyDir(t, tmpDir)
}
