package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func newAuditCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Review and verify the append-only, hash-chained audit log",
	}
	asGroup(cmd)
	cmd.AddCommand(newAuditLogCommand(g), newAuditVerifyCommand(g), newAuditFlagsCommand(g), newAuditExportCommand(g))
	return cmd
}

func newAuditLogCommand(g *globals) *cobra.Command {
	var ff filterFlags
	var page audit.Filter
	cmd := &cobra.Command{
		Use:   "log [--case REF] [--officer ID] [--subject ID] [--action A] [--from T] [--to T] [--newest] [--limit N] [--after SEQ] [--before SEQ]",
		Short: "List audit events, oldest first (or newest first), a page at a time",
		Example: `  sightline audit log --case OP-KESTREL-24
  sightline audit log --action capture --from 2026-11-01 --to 2026-11-30T23:59:59Z --json
  sightline audit log --newest --limit 200 --before 981230`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			f, err := ff.filter()
			if err != nil {
				return err
			}
			if page.Limit < 0 || page.After < 0 || page.Before < 0 {
				return usageError{fmt.Errorf("--limit, --after and --before take numbers of 0 or more")}
			}
			f.Limit, f.After, f.Before, f.Newest = page.Limit, page.After, page.Before, page.Newest
			if g.central != "" {
				if (f.After > 0 || f.Before > 0) && ff.workstation == "" {
					return usagef("with --central, --after and --before need --workstation: a seq is a place in one workstation's chain")
				}
				return g.centralLog(c.Context(), ff.centralFilter(f))
			}
			if err := ff.localOnly(); err != nil {
				return err
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				events, err := ws.AuditEvents(ctx, f)
				if err != nil {
					return err
				}
				return g.printEvents(events)
			})
		},
	}
	ff.register(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&page.Newest, "newest", false, "newest first")
	fl.IntVar(&page.Limit, "limit", 0, "at most this many events (0: all)")
	fl.Int64Var(&page.After, "after", 0, "only events after this seq (the next page, oldest first)")
	fl.Int64Var(&page.Before, "before", 0, "only events before this seq (the next page, newest first)")
	return cmd
}

// filterFlags are the flags that select audit events.
type filterFlags struct {
	t           workspace.FilterText
	workstation string // with --central only
}

func (ff *filterFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&ff.t.Case, "case", "", "only events of this case")
	fl.StringVar(&ff.t.Officer, "officer", "", "only events of this officer")
	fl.StringVar(&ff.t.Action, "action", "", "only this action (view, capture, case.create, ...)")
	fl.StringVar(&ff.t.Subject, "subject", "", "only events about this subject (e.g. S3)")
	fl.StringVar(&ff.t.From, "from", "", "only events at or after this time (RFC 3339 or YYYY-MM-DD, UTC)")
	fl.StringVar(&ff.t.To, "to", "", "only events before this time (RFC 3339 or YYYY-MM-DD, UTC)")
	fl.StringVar(&ff.workstation, "workstation", "", "with --central: only this workstation (its id, or the start of it)")
}

func (ff *filterFlags) filter() (audit.Filter, error) {
	f, err := ff.t.Filter()
	if err != nil {
		return audit.Filter{}, usageError{fmt.Errorf("--%w", err)}
	}
	return f, nil
}

func (g *globals) printEvents(events []audit.Event) error {
	if g.json {
		return emitAll(g, "event", events)
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
not verify. With --central, every workstation's chain and signed checkpoints
in the central store, each named with its first gap or break.`,
		Example: `  sightline audit verify
  sightline audit verify --json
  sightline audit verify --central "host=audit.force.example user=auditor-7 dbname=sightline sslmode=verify-full"`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("audit verify takes at most one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if g.central != "" {
				if len(args) > 0 {
					return usagef("audit verify --central verifies the store; it takes no FILE")
				}
				return g.centralVerify(c.Context())
			}
			var rep audit.Report
			var err error
			if len(args) == 1 {
				err = g.maybeWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
					if ws == nil {
						rep, err = workspace.VerifyAuditFile(args[0])
					} else {
						rep, err = ws.VerifyAuditFile(ctx, args[0])
					}
					return err
				})
			} else {
				err = g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
					rep, err = ws.VerifyAudit(ctx)
					return err
				})
			}
			if err = g.warnNotRecorded(err); err != nil {
				return err
			}
			return g.printAuditReport(rep)
		},
	}
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

func newAuditFlagsCommand(g *globals) *cobra.Command {
	var caseRef, workstation, key string
	cmd := &cobra.Command{
		Use:   "flags [--case REF]",
		Short: "List the repeated-viewing findings for review",
		Long: `List the findings auditors review (audit/ripa/RULES.md §9, §10), oldest first:

  unauthorised-repeat    an episode past the ask threshold with no authorisation in force
  expired-authorisation  a view under an authorisation that was not in force
  unknown-authorisation  a view linked to a reference the case does not record
  justification          every justification recorded, for review
  collateral-intrusion   third-party profiles viewed while researching a subject

A flag is a prompt for review, not a finding that the law was broken. The
exit status is 0 whether or not there are flags.`,
		Example: `  sightline audit flags --case OP-KESTREL-24
  sightline audit flags --json
  sightline audit flags --central "$SIGHTLINE_CENTRAL" --workstation 3f2a`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if g.central != "" {
				return g.centralFlags(c.Context(), caseRef, workstation, key)
			}
			if workstation != "" || key != "" {
				return usagef("--workstation and --key need --central")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				flags, err := ws.Flags(ctx, caseRef)
				if err != nil {
					return err
				}
				return g.printFlags(flags)
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "only this case (default every case)")
	cmd.Flags().StringVar(&workstation, "workstation", "", "with --central: only flags of views on this workstation")
	cmd.Flags().StringVar(&key, "key", "", "with --central: only this subject key (e.g. x.com/jsmith)")
	return cmd
}

func (g *globals) printFlags(flags []viewing.Flag) error {
	if g.json {
		return emitAll(g, "flag", flags)
	}
	if len(flags) == 0 {
		fmt.Fprintln(g.stdout, "no flags")
		return nil
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tKIND\tCASE\tSUBJECT\tEPISODE\tREF\tDETAIL")
	for _, f := range flags {
		when, ep, detail := "-", "-", f.Detail
		if !f.Time.IsZero() {
			when = f.Time.Format("2006-01-02T15:04:05Z")
		}
		if f.Episode > 0 {
			ep = fmt.Sprint(f.Episode)
		}
		if len(f.Profiles) > 0 {
			detail += " " + strings.Join(f.Profiles, " ")
		} else if f.URL != "" {
			detail += " " + f.URL
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s %s\t%s\t%s\t%s\n", when, f.Kind, f.Case, f.Subject, f.SubjectName, ep, orDash(f.Ref), detail)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newAuditExportCommand(g *globals) *cobra.Command {
	var ff filterFlags
	var format, out string
	cmd := &cobra.Command{
		Use:   "export --format csv|jsonl|pdf -o FILE [filters]",
		Short: "Export the audit log as CSV, JSON Lines or a PDF report",
		Long: `Export the audit log for review away from the workstation:

  csv    the events the filters select, one row each with a header row
  jsonl  the whole chain from seq 1 in canonical form (only --to applies), which
         "sightline audit verify FILE" and FORMAT.md's script check without the workspace
  pdf    a report: the chain's status, the repeated-viewing flags of the case
         (or of every case) and the events the filters select

The export is audited. With -o -, the export goes to standard output.`,
		Example: `  sightline audit export --format jsonl -o audit.jsonl && sightline audit verify audit.jsonl
  sightline audit export --format pdf --case OP-KESTREL-24 -o kestrel-audit.pdf
  sightline audit export --format csv --subject S1 --from 2026-11-01 -o s1.csv`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if !slices.Contains(workspace.AuditFormats, format) || out == "" {
				return usagef("audit export needs --format csv, jsonl or pdf, and -o FILE")
			}
			f, err := ff.filter()
			if err != nil {
				return err
			}
			if g.central != "" {
				return g.centralExport(c.Context(), format, out, ff.centralFilter(f))
			}
			if err := ff.localOnly(); err != nil {
				return err
			}
			if format == "jsonl" && (f != audit.Filter{To: f.To}) {
				return usageError{workspace.ErrWholeChainOnly}
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				return g.exportAudit(ctx, ws, format, out, f)
			})
		},
	}
	ff.register(cmd)
	cmd.Flags().StringVar(&format, "format", "", "csv, jsonl or pdf (required)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write, - for standard output (required)")
	return cmd
}

// exportAudit writes the export to a temporary file beside out and
// gives it its name only when whole, so a failed export leaves no partial
// file; an existing out is replaced.
func (g *globals) exportAudit(ctx context.Context, ws *workspace.Workspace, format, out string, f audit.Filter) error {
	if out == "-" {
		_, err := ws.ExportAudit(ctx, g.stdout, format, f)
		return err
	}
	tmp, err := atomicfile.Create(filepath.Dir(out), ".sightline-export-*")
	if err != nil {
		return fmt.Errorf("export audit log: %w", err)
	}
	defer tmp.Discard()
	n, err := ws.ExportAudit(ctx, tmp, format, f)
	if err == nil {
		err = tmp.Finish(0o600)
	}
	if err == nil {
		err = tmp.Replace(out)
	}
	if err != nil {
		return fmt.Errorf("export audit log to %s: %w", out, err)
	}
	if g.json {
		return g.emit("audit.export", map[string]any{"file": out, "format": format, "events": n})
	}
	fmt.Fprintf(g.stdout, "wrote %d events to %s (%s)\n", n, out, format)
	return nil
}
