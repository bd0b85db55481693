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

	head, prev, err := readHead(ctx, tx, genesis)
	if err != nil {
		return Event{}, fmt.Errorf("append audit event: %w", err)
	}
	e.Seq, e.PrevHash = head+1, prev
	if e.Hash, err = newHasher().sum(&e); err != nil {
		return Event{}, fmt.Errorf("append audit event %d: %w", e.Seq, err)
	}
	subjects := string(appendSubjects(nil, e.Subjects))
	_, err = tx.ExecContext(ctx, insertEvent, e.Seq, formatTime(e.Time), e.Officer, e.OSUser,
		e.Case, e.Action, e.URL, subjects, string(e.Detail), e.PrevHash, e.Hash)
	if err != nil {
		return Event{}, fmt.Errorf("append audit event %d: %w", e.Seq, err)
	}
	return e, nil
}

// readHead returns the seq and hash of the last event, or 0 and genesis
// when the log is empty.
func readHead(ctx context.Context, tx *sql.Tx, genesis string) (int64, string, error) {
	var seq int64
	var hash string
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, genesis, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read audit head: %w", err)
	}
	return seq, hash, nil
}
