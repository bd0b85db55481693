package audit

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"
)

const selectEvents = `SELECT seq, time, officer, os_user, case_ref, action, url, subjects, detail, prev_hash, hash FROM audit_events`

// Filter selects events. Empty fields and zero times select everything.
// From is inclusive and To exclusive. Limit caps the number of events
// returned (the first ones in the order asked for); 0 means no limit.
//
// After and Before page through a long log by seq, so that each page costs
// the same however deep it is: the next page of an ascending listing is
// After the last seq shown, of a Newest-first one Before it.
type Filter struct {
	Officer, Case, Action string
	Subject               string // events whose subjects include this id
	From, To              time.Time
	Limit                 int
	After, Before         int64 // seq > After, seq < Before; 0 is no bound
	Newest                bool  // descending seq: newest first
}

// query returns the SELECT for f and its arguments.
func (f Filter) query() (string, []any, error) {
	if f.Limit < 0 {
		return "", nil, fmt.Errorf("negative limit %d", f.Limit)
	}
	if f.After < 0 || f.Before < 0 {
		return "", nil, fmt.Errorf("negative seq bound (after %d, before %d)", f.After, f.Before)
	}
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.Officer != "" {
		add("officer = ?", f.Officer)
	}
	if f.Case != "" {
		add("case_ref = ?", f.Case)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Subject != "" {
		add("EXISTS (SELECT 1 FROM json_each(subjects) WHERE value = ?)", f.Subject)
	}
	// Stored times are whole milliseconds in a fixed-width form, so text
	// comparison against the bound rounded up to a millisecond is exact.
	if !f.From.IsZero() {
		add("time >= ?", formatTime(ceilMilli(f.From)))
	}
	if !f.To.IsZero() {
		add("time < ?", formatTime(ceilMilli(f.To)))
	}
	if f.After > 0 {
		add("seq > ?", f.After)
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	cond, order := "", " ORDER BY seq"
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	if f.Newest {
		order += " DESC"
	}
	if f.Limit == 0 {
		return selectEvents + cond + order, args, nil
	}
	// A page: its seqs first, from an index alone where the filter has
	// one, then their rows. A filter on time alone would otherwise read
	// every row in the period to sort them by seq (335 ms for a month of
	// a log of 1,000,000 events; 26 ms so).
	return selectEvents + ` WHERE seq IN (SELECT seq FROM audit_events` + cond + order + ` LIMIT ?)` + order,
		append(args, f.Limit), nil
}

// ceilMilli rounds t up to a whole millisecond.
func ceilMilli(t time.Time) time.Time {
	if c := t.Truncate(time.Millisecond); !c.Equal(t) {
		return c.Add(time.Millisecond)
	}
	return t
}

// Count is how many events f selects, its Limit aside.
func Count(ctx context.Context, db *sql.DB, f Filter) (int64, error) {
	f.Limit, f.Newest = 0, false
	q, args, err := f.query()
	if err != nil {
		return 0, fmt.Errorf("count audit events: %w", err)
	}
	var n int64
	q = "SELECT count(*) FROM (" + q + ")"
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count audit events: %w", err)
	}
	return n, nil
}

// List returns the events f selects, in ascending seq (descending when
// f.Newest). A stored row that is
// not in canonical form is an error here; Verify reports it as a break.
func List(ctx context.Context, db *sql.DB, f Filter) ([]Event, error) {
	var events []Event
	for e, err := range Events(ctx, db, f) {
		if err != nil {
			return nil, fmt.Errorf("list audit events: %w", err)
		}
		events = append(events, e)
	}
	return events, nil
}

// Events streams the events f selects, in f's order, for logs too long
// to hold in memory. A stored row that is not in canonical form is yielded
// as a *ChainError beside the fields that could be read, and the stream goes
// on; any other error ends it.
func Events(ctx context.Context, db *sql.DB, f Filter) iter.Seq2[Event, error] {
	q, args, err := f.query()
	if err != nil {
		return func(yield func(Event, error) bool) {
			yield(Event{}, fmt.Errorf("query audit events: %w", err))
		}
	}
	return queryEvents(ctx, db, q, args...)
}

// queryEvents streams the events a SELECT of all columns returns.
func queryEvents(ctx context.Context, db *sql.DB, q string, args ...any) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			yield(Event{}, fmt.Errorf("query audit events: %w", err))
			return
		}
		defer rows.Close()
		var r row
		for rows.Next() {
			e, err := r.scan(rows)
			if !yield(e, err) {
				return
			}
			var ce *ChainError
			if err != nil && !errors.As(err, &ce) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Event{}, fmt.Errorf("read audit events: %w", err))
		}
	}
}

// row holds the scan targets for one stored event, reused across rows.
type row struct {
	time, subjects sql.RawBytes
	detail         []byte
}

// scan reads the current row into an Event, checking that the columns
// without a Go type of their own are in canonical form.
func (r *row) scan(rows *sql.Rows) (Event, error) {
	var e Event
	err := rows.Scan(&e.Seq, &r.time, &e.Officer, &e.OSUser, &e.Case, &e.Action,
		&e.URL, &r.subjects, &r.detail, &e.PrevHash, &e.Hash)
	if err != nil {
		return Event{}, fmt.Errorf("scan audit event: %w", err)
	}
	e.Detail = json.RawMessage(r.detail)
	r.detail = nil
	if e.Time, err = parseTime(r.time); err != nil {
		return e, &ChainError{Seq: e.Seq, Reason: err.Error()}
	}
	if e.Subjects, err = parseSubjects(r.subjects); err != nil {
		return e, &ChainError{Seq: e.Seq, Reason: err.Error()}
	}
	return e, nil
}

// parseSubjects decodes a stored subjects array and rejects any form but
// the canonical one. Subjects without escapes are split directly; either
// way the result must encode back to exactly the stored bytes.
func parseSubjects(b []byte) ([]string, error) {
	if string(b) == "[]" {
		return nil, nil
	}
	var subjects []string
	if len(b) >= 4 && string(b[:2]) == `["` && string(b[len(b)-2:]) == `"]` {
		subjects = strings.Split(string(b[2:len(b)-2]), `","`)
	}
	var buf [256]byte
	if subjects != nil && bytes.Equal(appendSubjects(buf[:0], subjects), b) {
		return subjects, nil
	}
	subjects = nil
	if err := json.Unmarshal(b, &subjects); err != nil || len(subjects) == 0 ||
		!bytes.Equal(appendSubjects(buf[:0], subjects), b) {
		return nil, fmt.Errorf("subjects %q are not in canonical form", b)
	}
	return subjects, nil
}
