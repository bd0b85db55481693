package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/audit"
)

func newAuditCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Review and verify the append-only, hash-chained audit log",
	}
	asGroup(cmd)
	cmd.AddCommand(newAuditLogCommand(g), newAuditVerifyCommand(g))
	return cmd
}

func newAuditLogCommand(g *globals) *cobra.Command {
	var f audit.Filter
	var from, to string
	cmd := &cobra.Command{
		Use:   "log [--case REF] [--officer ID] [--subject ID] [--action A] [--from T] [--to T]",
		Short: "List audit events, oldest first",
		Example: `  sightline audit log --case OP-KESTREL-24
  sightline audit log --action capture --from 2026-11-01 --to 2026-11-30T23:59:59Z --json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			var err error
			if f.From, err = parseWhen("--from", from); err != nil {
				return err
			}
			if f.To, err = parseWhen("--to", to); err != nil {
				return err
			}
			ws, err := g.open(c.Context())
			if err != nil {
				return err
			}
			defer ws.Close()
			events, err := audit.List(c.Context(), ws.DB(), f)
			if err != nil {
				return err
			}
			return g.printEvents(events)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Case, "case", "", "only events of this case")
	fl.StringVar(&f.Officer, "officer", "", "only events of this officer")
	fl.StringVar(&f.Action, "action", "", "only this action (view, capture, case.create, ...)")
	fl.StringVar(&f.Subject, "subject", "", "only events about this subject (e.g. S3)")
	fl.StringVar(&from, "from", "", "only events at or after this time (RFC 3339 or YYYY-MM-DD, UTC)")
	fl.StringVar(&to, "to", "", "only events before this time (RFC 3339 or YYYY-MM-DD, UTC)")
	return cmd
}

func parseWhen(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usagef("%s %q is not a time (use RFC 3339, e.g. 2026-11-23T10:00:00Z, or 2026-11-23)", flag, s)
}

func (g *globals) printEvents(events []audit.Event) error {
	if g.json {
		for _, e := range events {
			if err := g.emit("event", e); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tOFFICER\tCASE\tACTION\tURL\tDETAIL")
	for _, e := range events {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Format("2006-01-02T15:04:05.000Z"),
			e.Officer, e.Case, e.Action, e.URL, strings.TrimSpace(string(e.Detail)))
	}
	return tw.Flush()
}

func newAuditVerifyCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "verify [FILE.jsonl]",
		Short: "Recompute the audit chain of the workspace, or of an exported extract",
		Long: `Recompute every event's hash and its link to the one before. Without FILE,
checks the workspace's log; with FILE, an exported JSON Lines log, which needs
no workspace: each event is checked against the one before, starting from the
first event's prev_hash. Exit code 1 names the first sequence number that does
not verify.`,
		Example: `  sightline audit verify
  sightline audit verify --json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("audit verify takes at most one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			var rep audit.Report
			var err error
			if len(args) == 1 {
				rep, err = verifyAuditFile(args[0])
			} else {
				ws, werr := g.open(c.Context())
				if werr != nil {
					return werr
				}
				defer ws.Close()
				rep, err = audit.Verify(c.Context(), ws.DB(), ws.ID())
			}
			if err != nil {
				return err
			}
			return g.printAuditReport(rep)
		},
	}
}

func verifyAuditFile(path string) (audit.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return audit.Report{}, fmt.Errorf("verify audit extract: %w", err)
	}
	defer f.Close()
	var events []audit.Event
	for e, err := range audit.ReadJSONL(f) {
		if err != nil {
			return audit.Report{}, fmt.Errorf("verify audit extract %s: %w", path, err)
		}
		events = append(events, e)
	}
	if len(events) == 0 {
		return audit.Report{}, fmt.Errorf("verify audit extract %s: no events", path)
	}
	return audit.VerifyEvents(events[0].PrevHash, func(yield func(audit.Event, error) bool) {
		for _, e := range events {
			if !yield(e, nil) {
				return
			}
		}
	})
}

func (g *globals) printAuditReport(rep audit.Report) error {
	if g.json {
		out := map[string]any{"ok": rep.OK(), "events": rep.Events, "head_seq": rep.HeadSeq, "head_hash": rep.HeadHash,
			"checkpoints": rep.Checkpoints, "checkpoint_keys": rep.CheckpointKeys}
		if rep.Broken != nil {
			out["broken_seq"], out["reason"] = rep.Broken.Seq, rep.Broken.Reason
		}
		if err := g.emit("audit.verify", out); err != nil {
			return err
		}
	} else if rep.OK() {
		fmt.Fprintf(g.stdout, "✓ audit chain intact: %d events, head seq %d, hash %s\n", rep.Events, rep.HeadSeq, rep.HeadHash)
		if rep.Checkpoints > 0 {
			fmt.Fprintf(g.stdout, "✓ %d signed checkpoints agree, signed by %s\n", rep.Checkpoints, strings.Join(rep.CheckpointKeys, ", "))
		}
	} else {
		fmt.Fprintf(g.stdout, "✗ audit chain broken at seq %d: %s\n", rep.Broken.Seq, rep.Broken.Reason)
	}
	if !rep.OK() {
		return checksFailed{rep.Err().Error()}
	}
	return nil
}
