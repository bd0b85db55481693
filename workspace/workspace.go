package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/keys"
)

// Errors callers branch on.
var (
	ErrNoOfficer    = errors.New("no officer is set")
	ErrCaseNotFound = errors.New("case not found")
	ErrCaseExists   = errors.New("case already exists")
	ErrCaseClosed   = errors.New("case is closed")
)

// Workspace is an open workspace directory. It is safe for concurrent use.
type Workspace struct {
	dir string
	id  string
	// training is set for a training workspace (MarkTraining).
	training bool
	writer   *sql.DB // one connection: SQLite has one writer at a time
	reader   *sql.DB
	chain    *audit.Appender // on writer
	now      func() time.Time
	osUser   string

	keyMu sync.Mutex // guards key, opened on first use
	key   *keys.Key

	central centralLink // the force-wide store, when one is configured

	printMu sync.Mutex       // guards printer
	printer *capture.Browser // typesets reports (printer.go), once started

	scratch   *scratch  // this process's tmp/run-*
	recovered Recovered // what Open did with interrupted work
}

// Option changes how a workspace is opened.
type Option func(*Workspace)

// WithClock makes the workspace take its times from now (tests inject it).
func WithClock(now func() time.Time) Option {
	return func(w *Workspace) { w.now = now }
}

// DefaultDir is $XDG_DATA_HOME/sightline, or ~/.local/share/sightline.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sightline"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find home directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "sightline"), nil
}

// Open opens the workspace in dir, creating it and migrating its database
// as needed.
func Open(ctx context.Context, dir string, opts ...Option) (*Workspace, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", dir, err)
	}
	w := &Workspace{dir: abs, now: time.Now, osUser: currentOSUser()}
	for _, o := range opts {
		o(w)
	}
	if err := checkOwner(abs); err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", abs, err)
	}
	for _, sub := range []string{"", "bundles", "exports", "tmp", "profiles", "light"} {
		if err := makePrivate(filepath.Join(abs, sub), fs.ModeDir|privateDir); err != nil {
			return nil, fmt.Errorf("open workspace %s: %w", abs, w.storage(err))
		}
	}
	if err := w.openDB(ctx); err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", abs, w.storage(err))
	}
	if w.scratch, err = openScratch(w.tmpDir()); err == nil {
		w.recovered, err = w.recoverScratch(ctx)
	}
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open workspace %s: recover interrupted work: %w", abs, w.storage(err))
	}
	return w, nil
}

// Recovered is what Open did with the work of processes that ended
// without closing the workspace.
func (w *Workspace) Recovered() Recovered { return w.recovered }

// Close closes the database and removes this process's scratch directory.
func (w *Workspace) Close() error {
	w.closeCentral()
	err := errors.Join(w.closePrinter(), w.chain.Close(), w.reader.Close(), w.writer.Close())
	if w.scratch != nil {
		err = errors.Join(err, w.scratch.close())
	}
	return err
}

// Dir is the workspace's absolute path.
func (w *Workspace) Dir() string { return w.dir }

// ID is the workspace's random identity; the audit chain starts from it.
func (w *Workspace) ID() string { return w.id }

// DB is the read-only pool, for packages that query the workspace (audit).
func (w *Workspace) DB() *sql.DB { return w.reader }

// ProfileDir is the Chromium profile directory of a persona.
func (w *Workspace) ProfileDir(persona string) string {
	return filepath.Join(w.dir, "profiles", persona)
}

// Now is the workspace clock, in UTC.
func (w *Workspace) Now() time.Time { return w.now().UTC() }

// need is what an action needs before it may run: an officer set, an
// open case, a persona. The transaction helper (act) checks it, once,
// inside the action's transaction; ready checks the same before long work
// (a capture, an export) so that it fails before it starts.
type need struct {
	officer  bool   // the current officer must be set
	openCase string // this case must exist and be open
	persona  string // this persona must exist
}

// check checks n through q and returns the current officer (the zero
// Officer when n does not need one and none is set).
func (n need) check(ctx context.Context, q queryer) (Officer, error) {
	o, err := currentOfficer(ctx, q)
	if err != nil && (n.officer || !errors.Is(err, ErrNoOfficer)) {
		return Officer{}, err
	}
	if n.openCase != "" {
		c, err := getCase(ctx, q, n.openCase)
		if err != nil {
			return Officer{}, err
		}
		if !c.Closed.IsZero() {
			return Officer{}, fmt.Errorf("case %s: %w", n.openCase, ErrCaseClosed)
		}
	}
	if n.persona != "" {
		if _, err := getPersona(ctx, q, n.persona); err != nil {
			return Officer{}, err
		}
	}
	return o, nil
}

// ready checks n now, outside a transaction.
func (w *Workspace) ready(ctx context.Context, n need) (Officer, error) {
	return n.check(ctx, w.reader)
}

// tx is an action's write transaction, with what its need checked.
type tx struct {
	*sql.Tx
	officer Officer   // the current officer (zero when the action needs none and none is set)
	now     time.Time // the workspace clock when the transaction began
}

// act runs fn in one write transaction once n holds, and appends the events
// fn returns to the audit log in the same transaction. An event without an
// officer, time or OS user gets the transaction's.
func (w *Workspace) act(ctx context.Context, n need, fn func(*tx) ([]audit.Event, error)) error {
	return w.storage(w.commit(ctx, n, fn))
}

func (w *Workspace) commit(ctx context.Context, n need, fn func(*tx) ([]audit.Event, error)) error {
	sqlTx, err := w.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback() //nolint:errcheck // a no-op after Commit
	o, err := n.check(ctx, sqlTx)
	if err != nil {
		return err
	}
	t := &tx{Tx: sqlTx, officer: o, now: w.Now()}
	events, err := fn(t)
	if err != nil {
		return err
	}
	for _, e := range events {
		if e.Officer == "" {
			e.Officer = o.ID
		}
		if e.Time.IsZero() {
			e.Time = t.now
		}
		if e.OSUser == "" {
			e.OSUser = w.osUser
		}
		if w.training {
			if e.Detail, err = trainingDetail(e.Detail); err != nil {
				return err
			}
		}
		stored, err := w.chain.Append(ctx, sqlTx, e)
		if err != nil {
			return err
		}
		if stored.Seq%CheckpointEvery == 0 {
			if err := w.checkpoint(ctx, sqlTx); err != nil {
				return err
			}
		}
	}
	return sqlTx.Commit()
}

// CheckpointEvery is how many events pass between automatic checkpoints.
const CheckpointEvery = 1000

func (w *Workspace) checkpoint(ctx context.Context, tx *sql.Tx) error {
	key, err := w.Key()
	if err != nil {
		return err
	}
	_, _, err = audit.WriteCheckpoint(ctx, tx, w.id, key, w.Now())
	return err
}

// Checkpoint signs the audit log's head with the workstation key, as the
// app does when it stops, so that a later truncation is detected.
func (w *Workspace) Checkpoint(ctx context.Context) error {
	tx, err := w.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("checkpoint audit log: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := w.checkpoint(ctx, tx); err != nil {
		return fmt.Errorf("checkpoint audit log: %w", err)
	}
	return tx.Commit()
}

// audit appends one event on its own, for actions that change nothing else
// (a verification, an app start).
func (w *Workspace) audit(ctx context.Context, n need, e audit.Event) error {
	return w.act(ctx, n, func(*tx) ([]audit.Event, error) { return []audit.Event{e}, nil })
}

func currentOSUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}
