package central

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/keys"
)

// ErrRefused is matched (errors.Is) by every *RefusedError.
var ErrRefused = errors.New("central store refused the workstation's events")

// RefusedError says which event the store would not take and why. The
// store records every refusal (table refusals).
type RefusedError struct {
	Workstation string
	Seq         int64
	Reason      string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("%v: workstation %.12s seq %d: %s", ErrRefused, e.Workstation, e.Seq, e.Reason)
}

// Unwrap makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Unwrap() error { return ErrRefused }

// Register records the workstation, once; pushing anything needs it.
func (s *Store) Register(ctx context.Context, ws string) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO workstations (id) VALUES ($1) ON CONFLICT DO NOTHING`, ws); err != nil {
		return fmt.Errorf("register workstation %.12s: %w", ws, err)
	}
	return nil
}

// Head returns the last event the store holds for the workstation: its
// seq and hash, or 0 and the genesis (the workstation's id) when none.
func (s *Store) Head(ctx context.Context, ws string) (int64, string, error) {
	var seq int64
	var hash string
	err := s.pool.QueryRow(ctx, `SELECT seq, hash FROM events WHERE workstation = $1 ORDER BY seq DESC LIMIT 1`, ws).Scan(&seq, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ws, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read central head of %.12s: %w", ws, err)
	}
	return seq, hash, nil
}

// HashAt returns the hash the store holds for the workstation's event at
// seq, "" when it holds none.
func (s *Store) HashAt(ctx context.Context, ws string, seq int64) (string, error) {
	var h string
	err := s.pool.QueryRow(ctx, `SELECT hash FROM events WHERE workstation = $1 AND seq = $2`, ws, seq).Scan(&h)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read central event %d of %.12s: %w", seq, ws, err)
	}
	return h, nil
}

// Refuse records a refusal of the workstation's event at seq.
func (s *Store) Refuse(ctx context.Context, ws string, seq int64, reason string) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO refusals (workstation, seq, reason) VALUES ($1, $2, $3)`, ws, seq, reason); err != nil {
		return fmt.Errorf("record refusal of %.12s seq %d: %w", ws, seq, err)
	}
	return nil
}

// Refusal is one recorded refusal.
type Refusal struct {
	Workstation string `json:"workstation"`
	Seq         int64  `json:"seq"`
	Reason      string `json:"reason"`
}

// Refusals lists the recorded refusals, oldest first.
func (s *Store) Refusals(ctx context.Context) ([]Refusal, error) {
	rows, err := s.pool.Query(ctx, `SELECT workstation, seq, reason FROM refusals ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read refusals: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Refusal, error) {
		var f Refusal
		return f, r.Scan(&f.Workstation, &f.Seq, &f.Reason)
	})
	if err != nil {
		return nil, fmt.Errorf("read refusals: %w", err)
	}
	return out, nil
}

// PushEvents adds events that continue the workstation's chain as the
// store holds it (events[0].Seq is the stored head's seq + 1), in one
// transaction. Each event's hash and link are recomputed first
// (audit.VerifyFrom); an event that does not continue the chain is
// refused: nothing of the batch is stored, the refusal is recorded, and
// the error is a *RefusedError naming its seq.
func (s *Store) PushEvents(ctx context.Context, ws string, events []audit.Event) error {
	if len(events) == 0 {
		return nil
	}
	seq, hash, err := s.Head(ctx, ws)
	if err != nil {
		return err
	}
	rep, err := audit.VerifyFrom(seq, hash, eventSeq(events))
	if err != nil {
		return fmt.Errorf("push events of %.12s: %w", ws, err)
	}
	if rep.Broken != nil {
		if err := s.Refuse(ctx, ws, rep.Broken.Seq, rep.Broken.Reason); err != nil {
			return err
		}
		return &RefusedError{Workstation: ws, Seq: rep.Broken.Seq, Reason: rep.Broken.Reason}
	}
	var buf bytes.Buffer
	if err := audit.WriteJSONL(&buf, eventSeq(events)); err != nil {
		return fmt.Errorf("push events of %.12s: %w", ws, err)
	}
	lines := bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"))
	rows := make([][]any, len(events))
	for i, e := range events {
		subjects := e.Subjects
		if subjects == nil {
			subjects = []string{}
		}
		rows[i] = []any{ws, e.Seq, e.Time, e.Officer, e.Case, e.Action, e.URL, subjects, e.PrevHash, e.Hash, string(lines[i])}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"events"},
			[]string{"workstation", "seq", "time", "officer", "case_ref", "action", "url", "subjects", "prev_hash", "hash", "line"},
			pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("push events %d-%d of %.12s: %w", events[0].Seq, events[len(events)-1].Seq, ws, err)
		}
		return nil
	})
}

// PushCheckpoints adds checkpoints the store does not hold yet. Each must
// vouch for an event the store holds, with that event's hash, signed by
// the key it names over audit.Checkpoint.Message; one that does not is
// refused like an event. A key seen for the first time is recorded in the
// workstation's key history.
func (s *Store) PushCheckpoints(ctx context.Context, ws string, cps []audit.Checkpoint) error {
	for _, c := range cps {
		h, err := s.HashAt(ctx, ws, c.Seq)
		if err != nil {
			return err
		}
		reason := ""
		switch {
		case h == "":
			reason = "checkpoint for an event the store does not hold"
		case h != c.Hash:
			reason = "checkpoint hash differs from the stored event"
		case keys.VerifySignature(c.PublicKey, c.Message(ws), c.Signature) != nil:
			reason = "checkpoint signature invalid"
		}
		if reason != "" {
			if err := s.Refuse(ctx, ws, c.Seq, reason); err != nil {
				return err
			}
			return &RefusedError{Workstation: ws, Seq: c.Seq, Reason: reason}
		}
		err = s.inTx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO checkpoints (workstation, seq, hash, time, public_key, signature)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, ws, c.Seq, c.Hash, c.Time, c.PublicKey, c.Signature); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO workstation_keys (workstation, public_key, first_seq, first_time)
				VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, ws, c.PublicKey, c.Seq, c.Time)
			return err
		})
		if err != nil {
			return fmt.Errorf("push checkpoint %d of %.12s: %w", c.Seq, ws, err)
		}
	}
	return nil
}

// CheckpointHead returns the seq of the last checkpoint the store holds
// for the workstation, 0 when none.
func (s *Store) CheckpointHead(ctx context.Context, ws string) (int64, error) {
	var seq int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM checkpoints WHERE workstation = $1`, ws).Scan(&seq); err != nil {
		return 0, fmt.Errorf("read central checkpoints of %.12s: %w", ws, err)
	}
	return seq, nil
}

func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// eventSeq yields events with no error, as audit's readers do.
func eventSeq(events []audit.Event) iter.Seq2[audit.Event, error] {
	return func(yield func(audit.Event, error) bool) {
		for _, e := range events {
			if !yield(e, nil) {
				return
			}
		}
	}
}
