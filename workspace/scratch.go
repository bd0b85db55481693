package workspace

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/internal/atomicfile"
)

// Each process that opens a workspace writes its temporary files in a
// scratch directory of its own, tmp/run-*, which it holds locked (flock)
// while it runs. A process killed mid-capture or mid-export leaves its
// scratch directory behind unlocked; the next Open finishes what it had
// recorded and quarantines the rest (see recoverScratch).
const (
	scratchPrefix = "run-"
	scratchLock   = ".lock"
	// tmp/.recover is locked shared while a scratch directory is made
	// and exclusively while dead ones are recovered, so that recovery
	// never sees a directory not yet locked by its maker.
	recoverLock = ".recover"
)

// scratch is this process's scratch directory.
type scratch struct {
	dir  string
	lock *os.File
}

// tmpDir is the workspace's tmp/.
func (w *Workspace) tmpDir() string { return filepath.Join(w.dir, "tmp") }

// openScratch makes and locks this process's scratch directory.
func openScratch(tmp string) (*scratch, error) {
	guard, err := flock(filepath.Join(tmp, recoverLock), syscall.LOCK_SH)
	if err != nil {
		return nil, err
	}
	defer guard.Close()
	dir, err := os.MkdirTemp(tmp, scratchPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("make scratch directory: %w", err)
	}
	lock, err := flock(filepath.Join(dir, scratchLock), syscall.LOCK_EX|syscall.LOCK_NB)
	if err != nil {
		os.Remove(dir)
		return nil, err
	}
	return &scratch{dir: dir, lock: lock}, nil
}

// close unlocks and removes the scratch directory. One that still holds a
// file (a recorded bundle that could not be put in place) is left for the
// next start's recovery.
func (s *scratch) close() error {
	err := os.Remove(filepath.Join(s.dir, scratchLock))
	err = errors.Join(err, s.lock.Close())
	if rerr := os.Remove(s.dir); rerr != nil && !errors.Is(rerr, syscall.ENOTEMPTY) && !errors.Is(rerr, syscall.EEXIST) {
		err = errors.Join(err, rerr)
	}
	return err
}

// flock opens (creating) the file at path and locks it how.
func flock(path string, how int) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

// Quarantined is a file that an interrupted process left, moved aside.
type Quarantined struct {
	Path  string `json:"path"` // relative to the workspace, under quarantine/
	From  string `json:"from"` // where it was, relative to the workspace
	Bytes int64  `json:"bytes"`
}

// Recovered is what recoverScratch did with interrupted work.
type Recovered struct {
	Published   []string      `json:"published"` // bundles and packs recorded but not yet in place, now put there
	Unplaced    []string      `json:"unplaced"`  // recorded ones that could not be put there (and why): they are in quarantine/
	Quarantined []Quarantined `json:"quarantined"`
}

// recoverScratch goes through the scratch directories of processes that
// ended without closing the workspace (and loose files in tmp/): a sealed
// bundle or pack whose capture or export was recorded is put in place;
// everything else is moved to quarantine/<directory>/ and the move is
// audited. Nothing is deleted but empty directories and lock files.
func (w *Workspace) recoverScratch(ctx context.Context) (Recovered, error) {
	var rec Recovered
	guard, err := flock(filepath.Join(w.tmpDir(), recoverLock), syscall.LOCK_EX)
	if err != nil {
		return rec, err
	}
	defer guard.Close()
	entries, err := os.ReadDir(w.tmpDir())
	if err != nil {
		return rec, err
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(w.tmpDir(), name)
		switch {
		case name == recoverLock:
			continue
		case !e.IsDir():
			if err := w.recoverFile(ctx, path, "loose", &rec); err != nil {
				return rec, err
			}
			continue
		case w.scratch != nil && path == w.scratch.dir:
			continue
		}
		lock, err := flock(filepath.Join(path, scratchLock), syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			continue // a live process's
		}
		if err != nil {
			return rec, err
		}
		err = w.recoverDir(ctx, path, &rec)
		lock.Close()
		if err != nil {
			return rec, err
		}
		if err := os.RemoveAll(path); err != nil {
			return rec, fmt.Errorf("remove %s: %w", path, err)
		}
	}
	if len(rec.Quarantined) > 0 || len(rec.Published) > 0 {
		if err := w.audit(ctx, need{}, audit.Event{Action: "recover", Detail: audit.Detail(map[string]any{
			"published": rec.Published, "unplaced": rec.Unplaced, "quarantined": rec.Quarantined,
		})}); err != nil {
			return rec, fmt.Errorf("record the recovery: %w", err)
		}
	}
	return rec, nil
}

// recoverDir recovers the files of one dead scratch directory.
func (w *Workspace) recoverDir(ctx context.Context, dir string, rec *Recovered) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == filepath.Join(dir, scratchLock) {
			return err
		}
		return w.recoverFile(ctx, path, filepath.Base(dir), rec)
	})
}

// recoverFile publishes a recorded bundle or pack, or quarantines the file
// under quarantine/<group>/.
func (w *Workspace) recoverFile(ctx context.Context, path, group string, rec *Recovered) error {
	final, err := w.recordedDestination(ctx, path)
	if err != nil {
		return err
	}
	if final != "" {
		err := w.publish(path, final)
		if err == nil {
			rec.Published = append(rec.Published, w.rel(final))
			atomicfile.Remove(path)
			return nil
		}
		// Kept in quarantine/ for a person to put in place.
		rec.Unplaced = append(rec.Unplaced, fmt.Sprintf("%s: %v", w.rel(final), err))
	}
	q, err := w.quarantine(path, filepath.Join(group, filepath.Base(path)))
	if err != nil {
		return err
	}
	rec.Quarantined = append(rec.Quarantined, q)
	return nil
}

// recordedDestination is where a file left in scratch belongs, if its
// action was recorded and the file is not there yet: a sealed bundle
// <capture id>.wacz whose capture row names a missing bundle with its
// hash, or a pack export-<hex of its pack id>.zip whose export event
// names a missing pack with its hash. Otherwise "".
func (w *Workspace) recordedDestination(ctx context.Context, path string) (string, error) {
	base := filepath.Base(path)
	var final, sum string
	switch {
	case strings.HasSuffix(base, ".wacz") && !strings.HasPrefix(base, "."):
		err := w.reader.QueryRowContext(ctx, `SELECT bundle, sha256 FROM captures WHERE id = ?`,
			strings.TrimSuffix(base, ".wacz")).Scan(&final, &sum)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
	case strings.HasPrefix(base, stagedPackPrefix) && strings.HasSuffix(base, ".zip"):
		id := "sha256:" + strings.TrimSuffix(strings.TrimPrefix(base, stagedPackPrefix), ".zip")
		var err error
		if final, sum, err = w.recordedExport(ctx, id); err != nil || final == "" {
			return "", err
		}
	default:
		return "", nil
	}
	if _, err := os.Lstat(final); err == nil {
		return "", nil
	}
	if got, err := fileSHA256(path); err != nil || got != sum {
		return "", err
	}
	return final, nil
}

// publish gives a staged file its final name, by a link; on another file
// system from a copy beside it (see beside).
func (w *Workspace) publish(staged, final string) error {
	from, err := beside(staged, final)
	if err != nil {
		return err
	}
	if from != staged {
		defer atomicfile.Remove(from)
	}
	return atomicfile.Link(from, final)
}

// beside is what final can be linked from: staged itself, or, when
// final's directory is on another file system, a copy of it there under a
// hidden name, made now.
func beside(staged, final string) (string, error) {
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if sameDevice(staged, dir) {
		return staged, nil
	}
	copied := filepath.Join(dir, "."+filepath.Base(staged)+".partial")
	if err := atomicfile.Copy(staged, copied, sealedFile); err != nil {
		return "", err
	}
	return copied, nil
}

func sameDevice(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA != nil || errB != nil {
		return true // let the link say what is wrong
	}
	da, okA := sa.Sys().(*syscall.Stat_t)
	db, okB := sb.Sys().(*syscall.Stat_t)
	return !okA || !okB || da.Dev == db.Dev
}

// recordedExport is the pack path and hash that the export event of pack
// id names, or "" when no export of it was recorded.
func (w *Workspace) recordedExport(ctx context.Context, id string) (path, sum string, err error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT detail FROM audit_events WHERE action = 'export' AND detail LIKE ?`,
		`%"pack_id":"`+id+`"%`)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return "", "", err
		}
		var d struct {
			Pack   string `json:"pack"`
			SHA256 string `json:"sha256"`
			PackID string `json:"pack_id"`
		}
		if json.Unmarshal([]byte(raw), &d) == nil && d.PackID == id {
			return d.Pack, d.SHA256, nil
		}
	}
	return "", "", rows.Err()
}

// quarantineNames lists the files under quarantine/, for doctor.
func (w *Workspace) quarantineNames() ([]string, error) {
	var names []string
	root := filepath.Join(w.dir, "quarantine")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, w.rel(path))
		return nil
	})
	return names, err // in lexical order, as WalkDir walks
}
