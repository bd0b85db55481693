package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/workspace"
)

// The audit commands over the central store (--central DSN): the same
// filters as the local ones, plus the workstation.

func (ff *filterFlags) centralFilter(f audit.Filter) central.Filter {
	return central.Filter{Filter: f, Workstation: ff.workstation}
}

func (ff *filterFlags) localOnly() error {
	if ff.workstation != "" {
		return usagef("--workstation needs --central")
	}
	return nil
}

// withReview opens the store read-only for fn, with the workspace's policy
// when there is a workspace and the default policy otherwise.
func (g *globals) withReview(ctx context.Context, fn func(*workspace.CentralReview) error) error {
	p := ripa.DefaultPolicy()
	if dir, err := g.dir(); err == nil && workspace.Exists(dir) {
		if err := g.withWorkspace(ctx, func(_ context.Context, ws *workspace.Workspace) error {
			var err error
			p, err = ws.Policy()
			return err
		}); err != nil {
			return err
		}
	}
	r, err := workspace.OpenCentralReview(ctx, g.central, p)
	if err != nil {
		return err
	}
	defer r.Close()
	return fn(r)
}

func (g *globals) centralLog(ctx context.Context, f central.Filter) error {
	return g.withReview(ctx, func(r *workspace.CentralReview) error {
		events, err := r.Events(ctx, f)
		if err != nil {
			return err
		}
		if g.json {
			for _, e := range events {
				if err := g.emit("event", centralEvent(e)); err != nil {
					return err
				}
			}
			return nil
		}
		tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "WORKSTATION\tSEQ\tTIME\tOFFICER\tCASE\tACTION\tURL\tDETAIL")
		for _, e := range events {
			fmt.Fprintf(tw, "%.12s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Workstation, e.Seq, e.Time.Format("2006-01-02T15:04:05.000Z"),
				e.Officer, e.Case, e.Action, e.URL, strings.TrimSpace(string(e.Detail)))
		}
		return tw.Flush()
	})
}

// centralEvent is an event's JSON Lines record with its workstation.
func centralEvent(e central.Event) map[string]any {
	return map[string]any{"workstation": e.Workstation, "seq": e.Seq, "time": e.Time, "officer": e.Officer,
		"os_user": e.OSUser, "case": e.Case, "action": e.Action, "url": e.URL, "subjects": e.Subjects,
		"detail": e.Detail, "prev_hash": e.PrevHash, "hash": e.Hash}
}

func (g *globals) centralVerify(ctx context.Context) error {
	return g.withReview(ctx, func(r *workspace.CentralReview) error {
		reps, err := r.Verify(ctx, nil)
		if err != nil {
			return err
		}
		bad := 0
		for _, rep := range reps {
			if !rep.OK() {
				bad++
			}
			if err := g.printChainReport(rep); err != nil {
				return err
			}
		}
		if !g.json {
			fmt.Fprintf(g.stdout, "%d workstations, %d with a broken chain\n", len(reps), bad)
		}
		if bad > 0 {
			return checksFailed{fmt.Sprintf("%d of %d workstation chains do not verify", bad, len(reps))}
		}
		return nil
	})
}

func (g *globals) printChainReport(rep central.ChainReport) error {
	if g.json {
		out := map[string]any{"workstation": rep.Workstation, "ok": rep.OK(), "events": rep.Events, "head_seq": rep.HeadSeq,
			"head_hash": rep.HeadHash, "checkpoints": rep.Checkpoints, "checkpoint_keys": rep.CheckpointKeys, "refusals": rep.Refusals}
		if rep.Broken != nil {
			out["broken_seq"], out["reason"] = rep.Broken.Seq, rep.Broken.Reason
		}
		return g.emit("audit.verify", out)
	}
	if rep.OK() {
		fmt.Fprintf(g.stdout, "✓ %.12s: %d events, head seq %d, %d signed checkpoints agree", rep.Workstation, rep.Events, rep.HeadSeq, rep.Checkpoints)
	} else {
		fmt.Fprintf(g.stdout, "✗ %.12s: broken at seq %d: %s", rep.Workstation, rep.Broken.Seq, rep.Broken.Reason)
	}
	if rep.Refusals > 0 {
		fmt.Fprintf(g.stdout, "; %d refused batches recorded", rep.Refusals)
	}
	fmt.Fprintln(g.stdout)
	return nil
}

func (g *globals) centralFlags(ctx context.Context, caseRef, workstation, key string) error {
	return g.withReview(ctx, func(r *workspace.CentralReview) error {
		flags, err := r.Flags(ctx, key)
		if err != nil {
			return err
		}
		var keep []central.Flag
		for _, f := range flags {
			if (caseRef == "" || f.Case == caseRef) && strings.HasPrefix(f.Workstation, workstation) {
				keep = append(keep, f)
			}
		}
		if g.json {
			return emitAll(g, "flag", keep)
		}
		if len(keep) == 0 {
			fmt.Fprintln(g.stdout, "no flags")
			return nil
		}
		tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TIME\tKIND\tKEY\tWORKSTATION\tCASE\tOFFICER\tEPISODE\tREF\tDETAIL")
		for _, f := range keep {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.12s\t%s\t%s\t%d\t%s\t%s\n", f.Time.Format("2006-01-02T15:04:05Z"), f.Kind, f.Subject,
				f.Workstation, f.Case, f.Officer, f.Episode, orDash(f.Ref), f.Detail)
		}
		return tw.Flush()
	})
}

func (g *globals) centralExport(ctx context.Context, format, out string, f central.Filter) error {
	if format == "pdf" {
		return usagef("audit export --central writes csv or jsonl")
	}
	return g.withReview(ctx, func(r *workspace.CentralReview) error {
		if out == "-" {
			_, err := r.Export(ctx, g.stdout, format, f)
			return err
		}
		tmp, err := atomicfile.Create(filepath.Dir(out), ".sightline-export-*")
		if err != nil {
			return fmt.Errorf("export central audit: %w", err)
		}
		defer tmp.Discard()
		n, err := r.Export(ctx, tmp, format, f)
		if err == nil {
			err = tmp.Finish(0o600)
		}
		if err == nil {
			err = tmp.Replace(out)
		}
		if err != nil {
			return fmt.Errorf("export central audit to %s: %w", out, err)
		}
		if g.json {
			return g.emit("audit.export", map[string]any{"file": out, "format": format, "events": n})
		}
		fmt.Fprintf(g.stdout, "wrote %d events to %s (%s)\n", n, out, format)
		return nil
	})
}
