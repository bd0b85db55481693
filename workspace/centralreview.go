package workspace

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/central"
)

// CentralReview is an auditor's read-only view of the central store: the
// same events, verification reports and flags the local review shows,
// for every workstation. The app's audit review and the CLI's
// `audit ... --central` use it.
type CentralReview struct {
	store  *central.Store
	policy ripa.Policy
}

// OpenCentralReview connects to the store at dsn read-only; flags are
// derived under policy p (the workspace's, or ripa.DefaultPolicy()).
func OpenCentralReview(ctx context.Context, dsn string, p ripa.Policy) (*CentralReview, error) {
	s, err := central.OpenReadOnly(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return &CentralReview{store: s, policy: p}, nil
}

// Close closes the connection.
func (r *CentralReview) Close() { r.store.Close() }

// Events returns the events f selects, by workstation then seq.
func (r *CentralReview) Events(ctx context.Context, f central.Filter) ([]central.Event, error) {
	var out []central.Event
	for e, err := range r.store.Events(ctx, f) {
		if err != nil {
			return out, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Verify verifies every workstation's chain and checkpoints in the store.
func (r *CentralReview) Verify(ctx context.Context, p central.Progress) ([]central.ChainReport, error) {
	return r.store.Verify(ctx, p)
}

// Flags replays the rules over every workstation's views of each subject
// key (key "" for all).
func (r *CentralReview) Flags(ctx context.Context, key string) ([]central.Flag, error) {
	return r.store.Flags(ctx, r.policy, key)
}

// Refusals lists the batches the store refused.
func (r *CentralReview) Refusals(ctx context.Context) ([]central.Refusal, error) {
	return r.store.Refusals(ctx)
}

// Export writes the events f selects as "csv" or "jsonl" (one workstation
// at a time: a JSON Lines chain is one workstation's, from seq 1, and
// verifies with `sightline audit verify FILE`). It returns how many
// events it wrote.
func (r *CentralReview) Export(ctx context.Context, out io.Writer, format string, f central.Filter) (int, error) {
	n := 0
	events := func(yield func(audit.Event, error) bool) {
		for e, err := range r.store.Events(ctx, f) {
			if err == nil {
				n++
			}
			if !yield(e.Event, err) {
				return
			}
		}
	}
	var err error
	switch format {
	case "jsonl":
		if f.Workstation == "" {
			return 0, fmt.Errorf("export central audit: a JSON Lines chain is one workstation's; give --workstation")
		}
		err = audit.WriteJSONL(out, iter.Seq2[audit.Event, error](events))
	case "csv":
		err = audit.WriteCSV(out, iter.Seq2[audit.Event, error](events))
	default:
		return 0, fmt.Errorf("export central audit: format %q: csv or jsonl", format)
	}
	if err != nil {
		return n, fmt.Errorf("export central audit: %w", err)
	}
	return n, nil
}
