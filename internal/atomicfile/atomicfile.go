// Package atomicfile writes files that appear whole or not at all: the
// bytes go to a temporary file, which is fsynced, given its permissions and
// closed; only then does it get its name (a hard link that never replaces
// an existing file, or a rename that does), and the directory is fsynced
// so that the name survives a crash. Bundles, evidence packs, audit
// exports, the policy file and the key file fallback are all written this
// way.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// File is a temporary file being written. Discard removes it, whatever
// happened; after Publish or Replace it has the final name too (Publish) or
// only (Replace).
type File struct {
	f    *os.File
	name string
	done bool
}

// Create makes a new temporary file in dir (created 0700 if missing),
// named after pattern as os.CreateTemp does.
func Create(dir, pattern string) (*File, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &File{f: f, name: f.Name()}, nil
}

func (t *File) Write(p []byte) (int, error) { return t.f.Write(p) }

// Name is the temporary file's path.
func (t *File) Name() string { return t.name }

// Finish gives the file its permissions, fsyncs and closes it.
func (t *File) Finish(perm fs.FileMode) error {
	err := errors.Join(t.f.Chmod(perm), t.f.Sync())
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	t.done = true
	if err != nil {
		return fmt.Errorf("finish %s: %w", t.name, err)
	}
	return nil
}

// Discard closes and removes the temporary file. It is safe to call more
// than once and after Publish (the final name stays).
func (t *File) Discard() {
	if !t.done {
		t.f.Close() //nolint:errcheck // it is being thrown away
		t.done = true
	}
	// Not Remove: after Publish this name shares the final file's mode.
	os.Remove(t.name) //nolint:errcheck // best effort: it may be gone already
}

// Publish gives the finished file the name final as well (see Link); the
// temporary name goes with Discard.
func (t *File) Publish(final string) error { return Link(t.name, final) }

// Replace renames the finished file over final and fsyncs final's
// directory.
func (t *File) Replace(final string) error {
	if err := os.Rename(t.name, final); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(final))
}

// Link gives the file at src the name final without replacing an existing
// file, creating final's directory (0700) if needed, and fsyncs that
// directory. It uses a hard link, which fails if final exists; where the
// file system has no hard links it checks and renames src. An existing
// final gives an error matching fs.ErrExist.
func Link(src, final string) error {
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	err := os.Link(src, final)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		if _, lerr := os.Lstat(final); lerr == nil {
			return &fs.PathError{Op: "link", Path: final, Err: fs.ErrExist}
		}
		err = os.Rename(src, final)
	}
	if err != nil {
		return err
	}
	if err := SyncDir(dir); err != nil {
		os.Remove(final) //nolint:errcheck // the sync error says more
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// WriteFile makes path hold data with perm, atomically; with replace an
// existing file is replaced, else it is an error matching fs.ErrExist.
func WriteFile(path string, data []byte, perm fs.FileMode, replace bool) error {
	t, err := Create(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer t.Discard()
	if _, err := t.Write(data); err != nil {
		return err
	}
	if err := t.Finish(perm); err != nil {
		return err
	}
	if replace {
		return t.Replace(path)
	}
	return t.Publish(path)
}

// Copy copies the file src to a new file dst (never replacing one) with
// perm, fsynced; on error dst is removed.
func Copy(src, dst string, perm fs.FileMode) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			out.Close()
			Remove(dst)
		}
	}()
	if _, err = io.Copy(out, in); err != nil {
		return err
	}
	if err = out.Sync(); err != nil {
		return err
	}
	return out.Close()
}

// Remove removes a file that may be read-only or already gone. It makes
// the file writable only where removal needs it (Windows): the path may be
// a second name of a sealed file, which must keep its mode.
func Remove(path string) {
	if os.Remove(path) == nil || runtime.GOOS != "windows" {
		return
	}
	os.Chmod(path, 0o600) //nolint:errcheck // the removal below reports nothing either
	os.Remove(path)       //nolint:errcheck // best effort: it may be gone already
}

// SyncDir fsyncs a directory, so that names made in it survive a crash.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // directories cannot be opened for fsync there
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
