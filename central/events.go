package central

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
)

// Filter selects events in the store: audit.Filter's fields, and the
// workstation (an id or a prefix of one, as printed). A seq (After,
// Before) is a place in one workstation's chain: with Workstation empty it
// applies to every chain alike.
type Filter struct {
	audit.Filter
	Workstation string
}

// Event is an event as the store holds it, with its workstation.
type Event struct {
	Workstation string
	audit.Event
}

func (f Filter) query() (string, []any) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Workstation != "" {
		add("workstation LIKE ?", strings.ReplaceAll(strings.ReplaceAll(f.Workstation, "%", ""), "_", "")+"%")
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
		add("? = ANY(subjects)", f.Subject)
	}
	if !f.From.IsZero() {
		add("time >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("time < ?", f.To)
	}
	if f.After > 0 {
		add("seq > ?", f.After)
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	q := `SELECT workstation, line FROM events`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Newest {
		q += " ORDER BY time DESC, workstation, seq DESC"
	} else {
		q += " ORDER BY workstation, seq"
	}
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	return q, args
}

// Events yields the events f selects, by workstation then seq (newest
// first across workstations with f.Newest), each read
// back from the bytes the workstation chained (audit.ReadJSONL). An event
// whose stored line is not canonical comes with a *audit.ChainError.
func (s *Store) Events(ctx context.Context, f Filter) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		q, args := f.query()
		rows, err := s.pool.Query(ctx, q, args...)
		if err != nil {
			yield(Event{}, fmt.Errorf("read central events: %w", err))
			return
		}
		defer rows.Close()
		var ws string
		var line []byte
		for rows.Next() {
			if err := rows.Scan(&ws, &line); err != nil {
				yield(Event{}, fmt.Errorf("read central events: %w", err))
				return
			}
			e, err := audit.ParseLine(line)
			if !yield(Event{Workstation: ws, Event: e}, err) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Event{}, fmt.Errorf("read central events: %w", err))
		}
	}
}

// Workstations lists the workstations the store knows, by id.
func (s *Store) Workstations(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT id FROM workstations ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read workstations: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read workstations: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// checkpoints reads a workstation's checkpoints in seq order.
func (s *Store) checkpoints(ctx context.Context, ws string) ([]audit.Checkpoint, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, hash, time, public_key, signature FROM checkpoints WHERE workstation = $1 ORDER BY seq`, ws)
	if err != nil {
		return nil, fmt.Errorf("read checkpoints of %.12s: %w", ws, err)
	}
	defer rows.Close()
	var out []audit.Checkpoint
	for rows.Next() {
		var c audit.Checkpoint
		var t time.Time
		if err := rows.Scan(&c.Seq, &c.Hash, &t, &c.PublicKey, &c.Signature); err != nil {
			return nil, fmt.Errorf("read checkpoints of %.12s: %w", ws, err)
		}
		c.Time = t.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
