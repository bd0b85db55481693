package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

const insertEvent = `INSERT INTO audit_events
	(seq, time, officer, os_user, case_ref, action, url, subjects, detail, prev_hash, hash)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// Append chains e onto the log inside tx, the caller's transaction, so an
// action and its event commit or roll back together. It sets e.Seq to the
// head's seq plus one, e.PrevHash to the head's hash (genesis for the first
// event) and e.Hash, ignoring any values the caller put there. e.Time must
// be set (callers inject the clock); it is stored in UTC, truncated to the
// millisecond. e.Detail is stored in canonical form. Append returns the
// event as stored.
//
// tx should be a write transaction from its start (the workspace DSN's
// _txlock=immediate) so that no other writer moves the head between the
// read and the insert; if one does, the insert fails rather than forking
// the chain.
func Append(ctx context.Context, tx *sql.Tx, genesis string, e Event) (Event, error) {
	head, err := tx.PrepareContext(ctx, selectHead)
	if err != nil {
		return Event{}, fmt.Errorf("append audit event: %w", err)
	}
	defer head.Close()
	insert, err := tx.PrepareContext(ctx, insertEvent)
	if err != nil {
		return Event{}, fmt.Errorf("append audit event: %w", err)
	}
	defer insert.Close()
	return appendEvent(ctx, genesis, e, head, insert)
}

// An Appender appends as Append does, with its two statements prepared
// once on the database handle the transactions come from (the workspace's
// one writer connection): parsing them for each event cost about a
// quarter of an append.
type Appender struct {
	genesis      string
	head, insert *sql.Stmt
}

// NewAppender prepares the statements on db for the chain from genesis.
func NewAppender(ctx context.Context, db *sql.DB, genesis string) (*Appender, error) {
	head, err := db.PrepareContext(ctx, selectHead)
	if err != nil {
		return nil, fmt.Errorf("prepare audit append: %w", err)
	}
	insert, err := db.PrepareContext(ctx, insertEvent)
	if err != nil {
		head.Close()
		return nil, fmt.Errorf("prepare audit append: %w", err)
	}
	return &Appender{genesis: genesis, head: head, insert: insert}, nil
}

// Append chains e onto the log inside tx, which must come from the
// handle the Appender was made on.
func (a *Appender) Append(ctx context.Context, tx *sql.Tx, e Event) (Event, error) {
	return appendEvent(ctx, a.genesis, e, tx.StmtContext(ctx, a.head), tx.StmtContext(ctx, a.insert))
}

// Close releases the prepared statements; a nil Appender has none.
func (a *Appender) Close() error {
	if a == nil {
		return nil
	}
	return errors.Join(a.head.Close(), a.insert.Close())
}

// appendEvent is Append through head and insert, statements of the
// transaction.
func appendEvent(ctx context.Context, genesis string, e Event, head, insert *sql.Stmt) (Event, error) {
	if err := checkGenesis(genesis); err != nil {
		return Event{}, fmt.Errorf("append audit event: %w", err)
	}
	if err := checkTime(e.Time); err != nil {
		return Event{}, fmt.Errorf("append audit event: %w", err)
	}
	e.Time = e.Time.UTC().Truncate(time.Millisecond)
	detail, err := canonicalDetail(e.Detail)
	if err != nil {
		return Event{}, fmt.Errorf("append audit event: %w", err)
	}
	e.Detail = detail
	e.Subjects = slices.Clone(e.Subjects)
	if len(e.Subjects) == 0 {
		e.Subjects = nil
	}

	seq, prev, err := readHead(head.QueryRowContext(ctx), genesis)
	if err != nil {
		return Event{}, fmt.Errorf("append audit event: %w", err)
	}
	e.Seq, e.PrevHash = seq+1, prev
	if e.Hash, err = newHasher().sum(&e); err != nil {
		return Event{}, fmt.Errorf("append audit event %d: %w", e.Seq, err)
	}
	subjects := string(appendSubjects(nil, e.Subjects))
	_, err = insert.ExecContext(ctx, e.Seq, formatTime(e.Time), e.Officer, e.OSUser,
		e.Case, e.Action, e.URL, subjects, string(e.Detail), e.PrevHash, e.Hash)
	if err != nil {
		return Event{}, fmt.Errorf("append audit event %d: %w", e.Seq, err)
	}
	return e, nil
}

const selectHead = `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`

// readHead returns the seq and hash of the last event from row (the
// result of selectHead), or 0 and genesis when the log is empty.
func readHead(row *sql.Row, genesis string) (int64, string, error) {
	var seq int64
	var hash string
	err := row.Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, genesis, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read audit head: %w", err)
	}
	return seq, hash, nil
}
