package central

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/keys"
)

// ChainReport is the outcome of verifying one workstation's chain in the
// store.
type ChainReport struct {
	Workstation string
	audit.Report
	Refusals int // refusals recorded for the workstation
}

// Progress hears how a long store operation is going; nil means none.
type Progress interface {
	Stage(name string)
	Add(done, total int64)
}

// Verify recomputes every workstation's chain from its genesis (its id)
// as the store holds it, checks each checkpoint against the chain and its
// signature, and reports each workstation: the first seq that fails (a
// missing seq, a gap, is named as the seq that should have come next), a
// checkpoint past the stored head (the store holds less than the
// workstation signed for) or one whose signature fails. The error is for
// I/O only.
func (s *Store) Verify(ctx context.Context, p Progress) ([]ChainReport, error) {
	wss, err := s.Workstations(ctx)
	if err != nil {
		return nil, err
	}
	if p != nil {
		p.Stage("verify")
	}
	var out []ChainReport
	for i, ws := range wss {
		r, err := s.verifyOne(ctx, ws)
		if err != nil {
			return out, err
		}
		out = append(out, r)
		if p != nil {
			p.Add(int64(i+1), int64(len(wss)))
		}
	}
	return out, nil
}

func (s *Store) verifyOne(ctx context.Context, ws string) (ChainReport, error) {
	events := func(yield func(audit.Event, error) bool) {
		for e, err := range s.Events(ctx, Filter{Workstation: ws}) {
			if !yield(e.Event, err) {
				return
			}
		}
	}
	rep, err := audit.VerifyEvents(ws, events)
	if err != nil {
		return ChainReport{}, fmt.Errorf("verify central chain of %.12s: %w", ws, err)
	}
	r := ChainReport{Workstation: ws, Report: rep}
	cps, err := s.checkpoints(ctx, ws)
	if err != nil {
		return r, err
	}
	for _, c := range cps {
		if bad := s.checkCheckpoint(ctx, ws, c, rep.HeadSeq); bad != nil {
			if r.Broken == nil || bad.Seq < r.Broken.Seq {
				r.Broken = bad
			}
			continue
		}
		r.Checkpoints++
		r.CheckpointKeys = appendOnce(r.CheckpointKeys, fingerprint(c.PublicKey))
	}
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM refusals WHERE workstation = $1`, ws).Scan(&r.Refusals); err != nil {
		return r, fmt.Errorf("read refusals of %.12s: %w", ws, err)
	}
	return r, nil
}

func (s *Store) checkCheckpoint(ctx context.Context, ws string, c audit.Checkpoint, head int64) *audit.ChainError {
	if c.Seq > head {
		return &audit.ChainError{Seq: head + 1, Reason: fmt.Sprintf(
			"the store ends at seq %d, but a checkpoint vouches for seq %d", head, c.Seq)}
	}
	h, err := s.HashAt(ctx, ws, c.Seq)
	if err != nil || h != c.Hash {
		return &audit.ChainError{Seq: c.Seq, Reason: "event hash differs from the signed checkpoint"}
	}
	if keys.VerifySignature(c.PublicKey, c.Message(ws), c.Signature) != nil {
		return &audit.ChainError{Seq: c.Seq, Reason: "checkpoint signature invalid"}
	}
	return nil
}

func fingerprint(publicKeyB64 string) string {
	der, err := base64.StdEncoding.DecodeString(publicKeyB64)
	if err != nil {
		return "invalid key"
	}
	return keys.FingerprintOf(der)
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
