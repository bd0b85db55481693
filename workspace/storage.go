package workspace

import (
	"errors"
	"fmt"
	"syscall"
)

// Storage problems, the causes a *StorageError names.
var (
	ErrDiskFull = errors.New("the disk is full")
	ErrReadOnly = errors.New("the workspace is on a read-only file system")
)

// StorageError is an action that failed because the workspace's disk could
// not take what it wrote: full, over quota, or read-only. Whatever the
// action wrote before is taken back; it may be tried again once space is
// freed or the file system is writable.
type StorageError struct {
	Dir   string // the workspace
	Cause error  // ErrDiskFull or ErrReadOnly
	Err   error  // what failed
}

func (e *StorageError) Error() string {
	return fmt.Sprintf("%s (workspace %s): %v", e.Cause, e.Dir, e.Err)
}

func (e *StorageError) Unwrap() []error { return []error{e.Cause, e.Err} }

// SQLite's result codes for a full disk and a read-only database.
const (
	sqliteReadOnly = 8
	sqliteFull     = 13
)

// storage returns err as a *StorageError when a full or read-only disk
// caused it, and err itself otherwise.
func (w *Workspace) storage(err error) error {
	if err == nil {
		return nil
	}
	var se *StorageError
	if errors.As(err, &se) {
		return err
	}
	var cause error
	var coded interface{ Code() int }
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		cause = ErrDiskFull
	case errors.Is(err, syscall.EROFS):
		cause = ErrReadOnly
	case errors.As(err, &coded) && coded.Code()&0xff == sqliteFull:
		cause = ErrDiskFull
	case errors.As(err, &coded) && coded.Code()&0xff == sqliteReadOnly:
		cause = ErrReadOnly
	default:
		return err
	}
	return &StorageError{Dir: w.dir, Cause: cause, Err: err}
}
