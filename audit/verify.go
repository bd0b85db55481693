package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"runtime"
)

// ErrChainBroken is matched (errors.Is) by every *ChainError.
var ErrChainBroken = errors.New("audit chain broken")

// ChainError says where and why the chain stops verifying. Seq is the
// first seq that cannot be verified: the event whose field or hash is
// wrong, or the seq that should have come next when an event is missing or
// out of order.
type ChainError struct {
	Seq    int64
	Reason string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("%v at seq %d: %s", ErrChainBroken, e.Seq, e.Reason)
}

// Unwrap makes errors.Is(err, ErrChainBroken) true.
func (e *ChainError) Unwrap() error { return ErrChainBroken }

// Report is the outcome of verifying a chain. Events counts every event
// read, including any after a break. HeadSeq and HeadHash are those of the
// last event read, as stored; with no events they are 0 and the genesis.
// The head is vouched for only when Broken is nil.
type Report struct {
	Events   int64
	HeadSeq  int64
	HeadHash string
	Broken   *ChainError // the first break; nil when the chain verifies
	// Checkpoints counts the signed checkpoints that verified, and
	// CheckpointKeys lists the fingerprints of the keys that signed them.
	Checkpoints    int
	CheckpointKeys []string
}

// OK reports whether the chain verified.
func (r Report) OK() bool { return r.Broken == nil }

// Err returns the break as an error, or nil when the chain verified.
func (r Report) Err() error {
	if r.Broken == nil {
		return nil
	}
	return r.Broken
}

// Verify recomputes the whole chain stored in db from genesis: the events
// present when it starts, in seq order. The error is for I/O only; what is
// wrong with the chain is in the Report. Long logs are verified in
// consecutive seq ranges at once, one per CPU; the Report is the one a
// single pass would give. The signed checkpoints are then checked against
// the chain, which detects a truncated log.
func Verify(ctx context.Context, db *sql.DB, genesis string) (Report, error) {
	r, err := verifyRanges(ctx, db, genesis, min(runtime.GOMAXPROCS(0), maxRanges), minRange)
	if err == nil {
		err = checkCheckpoints(ctx, db, genesis, &r)
	}
	if err != nil {
		return r, fmt.Errorf("verify audit chain: %w", err)
	}
	return r, nil
}

// VerifyEvents verifies a chain read from elsewhere, such as ReadJSONL of
// an exported file. The events must run from seq 1. A *ChainError from
// events (an event not in canonical form) is a finding and verification
// goes on; any other error from events ends it and is returned.
func VerifyEvents(genesis string, events iter.Seq2[Event, error]) (Report, error) {
	r, err := verifyChain(genesis, events)
	if err != nil {
		return r, fmt.Errorf("verify audit events: %w", err)
	}
	return r, nil
}

func verifyChain(genesis string, events iter.Seq2[Event, error]) (Report, error) {
	if err := checkGenesis(genesis); err != nil {
		return Report{}, err
	}
	return verifyFrom(0, genesis, events)
}

// verifyFrom verifies events that follow the event at seq with the given
// hash (0 and the genesis for a whole chain).
func verifyFrom(seq int64, hash string, events iter.Seq2[Event, error]) (Report, error) {
	c := chain{h: newHasher(), rep: Report{HeadSeq: seq, HeadHash: hash}}
	for e, err := range events {
		var ce *ChainError
		if err != nil && !errors.As(err, &ce) {
			return c.rep, err
		}
		c.next(&e, ce)
	}
	return c.rep, nil
}

// chain checks events one by one against the head before them.
type chain struct {
	h   *hasher
	rep Report
}

// next checks e, whose reading produced the finding bad (or nil), and
// makes it the head.
func (c *chain) next(e *Event, bad *ChainError) {
	if c.rep.Broken == nil {
		c.rep.Broken = c.check(e, bad)
	}
	c.rep.Events++
	c.rep.HeadSeq, c.rep.HeadHash = e.Seq, e.Hash
}

// check returns the first thing wrong with e as the successor of the head.
func (c *chain) check(e *Event, bad *ChainError) *ChainError {
	want := c.rep.HeadSeq + 1
	switch {
	case e.Seq > want:
		return &ChainError{Seq: want, Reason: fmt.Sprintf("event missing or out of order: next event is seq %d", e.Seq)}
	case e.Seq < want:
		return &ChainError{Seq: want, Reason: fmt.Sprintf("event out of order: seq %d follows seq %d", e.Seq, c.rep.HeadSeq)}
	case bad != nil:
		return bad
	case e.PrevHash != c.rep.HeadHash:
		if want == 1 {
			return &ChainError{Seq: want, Reason: "prev_hash does not match the genesis"}
		}
		return &ChainError{Seq: want, Reason: fmt.Sprintf("prev_hash does not match the hash of seq %d", want-1)}
	}
	sum, err := c.h.hex(e)
	if err != nil {
		return &ChainError{Seq: want, Reason: err.Error()}
	}
	if string(sum[:]) != e.Hash {
		return &ChainError{Seq: want, Reason: "hash mismatch"}
	}
	return nil
}

// VerifyFrom verifies events that continue a chain whose head is the event
// at seq with the given hash (0 and the genesis for a whole chain), as a
// store that already holds the head does when more events arrive. The
// Report is that of the events given: Broken names the first seq that does
// not continue the chain.
func VerifyFrom(seq int64, hash string, events iter.Seq2[Event, error]) (Report, error) {
	if !isHash(hash) {
		return Report{}, fmt.Errorf("verify audit events from seq %d: hash %q is not 64 lowercase hex digits", seq, hash)
	}
	r, err := verifyFrom(seq, hash, events)
	if err != nil {
		return r, fmt.Errorf("verify audit events from seq %d: %w", seq, err)
	}
	return r, nil
}
