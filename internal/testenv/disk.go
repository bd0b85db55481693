package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// SmallDisk mounts a tmpfs of size (as mount's size=, e.g. "16m") on a new
// directory and returns it; the test's cleanup unmounts it. It needs root
// with the right to mount, as make test has in CI.
func SmallDisk(tb testing.TB, size string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	if os.Geteuid() != 0 {
		Missing(tb, "root, to mount a small tmpfs", "run make test as root")
		return ""
	}
	mount := Command(tb, "mount")
	if out, err := exec.Command(mount, "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		Missing(tb, "the right to mount a tmpfs ("+string(out)+")", "run make test as root on a machine that allows mount")
		return ""
	}
	tb.Cleanup(func() {
		if out, err := exec.Command(Command(tb, "umount"), "-l", dir).CombinedOutput(); err != nil {
			tb.Errorf("umount %s: %v\n%s", dir, err, out)
		}
	})
	return dir
}

// Remount makes the tmpfs that SmallDisk mounted at dir read-only (ro) or
// writable (rw).
func Remount(tb testing.TB, dir, how string) {
	tb.Helper()
	if out, err := exec.Command(Command(tb, "mount"), "-o", "remount,"+how, dir).CombinedOutput(); err != nil {
		tb.Fatalf("remount %s %s: %v\n%s", dir, how, err, out)
	}
}

// Fill writes a file in dir that leaves only keep bytes free on its file
// system, and returns a function that removes it.
func Fill(tb testing.TB, dir string, keep int64) (free func()) {
	tb.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		tb.Fatal(err)
	}
	n := int64(st.Bavail)*st.Bsize - keep
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	for n > 0 {
		m, err := f.Write(buf[:min(int64(len(buf)), n)])
		n -= int64(m)
		if err != nil {
			break // full already
		}
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return func() {
		if err := os.Remove(path); err != nil {
			tb.Fatal(err)
		}
	}
}
