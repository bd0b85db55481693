//go:build unix

package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrNotOwner is returned by Open for a workspace directory that another
// user owns: its evidence and audit chain are that officer's, and opening
// it would add events to their chain under someone else's account.
var ErrNotOwner = errors.New("the workspace belongs to another user")

// Modes of what a workspace holds: only its owner may read it.
const (
	privateDir  = 0o700
	privateFile = 0o600 // the database and its journal, the key file
	sealedFile  = 0o400 // bundles, packs, light records: written once
)

// checkOwner refuses a directory that exists and is owned by someone other
// than the effective user (root included: an administrator reads another
// officer's workspace with the auditor's tools, never by opening it).
func checkOwner(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("%w: %s is owned by uid %d, and this is uid %d", ErrNotOwner, dir, st.Uid, os.Geteuid())
	}
	return nil
}

// makePrivate creates dir (0700) or takes group and other permissions away
// from it, as a workspace made by an earlier version or another umask may
// have them.
func makePrivate(dir string, perm fs.FileMode) error {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) && perm.IsDir() {
		return os.MkdirAll(dir, perm.Perm())
	}
	if err != nil {
		return err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, info.Mode().Perm()&perm.Perm())
	}
	return nil
}

// privateDB creates the database file 0600 before SQLite opens it (SQLite
// gives its WAL and shared-memory files the database's mode) and makes an
// existing one and its journal files private.
func privateDB(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, privateFile)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := makePrivate(p, privateFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("make %s private: %w", filepath.Base(p), err)
		}
	}
	return nil
}
