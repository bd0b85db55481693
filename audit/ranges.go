package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

const (
	maxRanges = 8      // most ranges Verify reads at once
	minRange  = 25_000 // fewest seqs worth a range of their own
)

// seqRange is an inclusive range of stored seqs.
type seqRange struct{ lo, hi int64 }

// verifyRanges verifies the stored chain in up to n consecutive seq ranges
// of at least size seqs each, concurrently. Every check relates an event
// only to the stored event before it, so a range needs nothing from the
// ranges before it except that stored event's seq and hash. The first
// break is the first range's break; the head is the last range's.
func verifyRanges(ctx context.Context, db *sql.DB, genesis string, n int, size int64) (Report, error) {
	if err := checkGenesis(genesis); err != nil {
		return Report{}, err
	}
	ranges, err := splitLog(ctx, db, n, size)
	if err != nil {
		return Report{}, err
	}
	reports := make([]Report, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		wg.Go(func() { reports[i], errs[i] = verifyRange(ctx, db, genesis, r, i == 0) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Report{}, err
	}
	total := Report{HeadHash: genesis}
	for _, r := range reports {
		total.Events += r.Events
		total.HeadSeq, total.HeadHash = r.HeadSeq, r.HeadHash
		if total.Broken == nil {
			total.Broken = r.Broken
		}
	}
	return total, nil
}

// splitLog divides the stored seqs into up to n ranges of at least size.
func splitLog(ctx context.Context, db *sql.DB, n int, size int64) ([]seqRange, error) {
	var lo, hi sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT min(seq), max(seq) FROM audit_events`).Scan(&lo, &hi)
	if err != nil {
		return nil, fmt.Errorf("read audit seq range: %w", err)
	}
	if !lo.Valid {
		return nil, nil
	}
	span := hi.Int64 - lo.Int64 + 1
	n = int(max(1, min(int64(n), span/max(size, 1))))
	ranges := make([]seqRange, n)
	for i := range ranges {
		ranges[i] = seqRange{lo.Int64 + span*int64(i)/int64(n), lo.Int64 + span*int64(i+1)/int64(n) - 1}
	}
	return ranges, nil
}

// verifyRange verifies the events in r, following the stored event before
// r.lo, or the genesis for the first range.
func verifyRange(ctx context.Context, db *sql.DB, genesis string, r seqRange, first bool) (Report, error) {
	seq, hash := int64(0), genesis
	if !first {
		err := db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT 1`,
			r.lo).Scan(&seq, &hash)
		if err != nil {
			return Report{}, fmt.Errorf("read audit event before seq %d: %w", r.lo, err)
		}
	}
	return verifyFrom(seq, hash, packedEvents(ctx, db, r.lo, r.hi))
}
