package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newLightCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "light",
		Short: "Auto-capture: the light record kept of every page viewed in the research browser",
		Long: `With auto-capture on for a case (off by default), the research browser keeps
a light record of every page viewed: the viewport as shown, the DOM and the
metadata, their SHA-256 in the audit log. Promote one to seal it as a
capture (marked incomplete: it holds no network record, MHTML or PDF).`,
	}
	asGroup(cmd)
	cmd.AddCommand(newLightAutoCommand(g), newLightListCommand(g), newLightPromoteCommand(g))
	return cmd
}

func newLightAutoCommand(g *globals) *cobra.Command {
	var caseRef string
	cmd := &cobra.Command{
		Use:     "auto --case REF [on|off]",
		Short:   "Show, or turn on or off, auto-capture for a case (audited)",
		Example: "  sightline light auto --case OP-KESTREL-24 on",
		RunE: func(c *cobra.Command, args []string) error {
			if caseRef == "" || len(args) > 1 {
				return usagef("light auto needs --case REF and at most on or off")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				if len(args) == 1 {
					if args[0] != "on" && args[0] != "off" {
						return usagef("light auto takes on or off, not %q", args[0])
					}
					if err := ws.SetAutoCapture(ctx, caseRef, args[0] == "on"); err != nil {
						return err
					}
				}
				on, err := ws.AutoCapture(ctx, caseRef)
				if err != nil {
					return err
				}
				if g.json {
					return g.emit("auto_capture", map[string]any{"case": caseRef, "on": on})
				}
				state := "off"
				if on {
					state = "on"
				}
				_, err = fmt.Fprintf(g.stdout, "auto-capture for %s: %s\n", caseRef, state)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case (required)")
	return cmd
}

func newLightListCommand(g *globals) *cobra.Command {
	var caseRef string
	cmd := &cobra.Command{
		Use:     "list --case REF",
		Short:   "List a case's light records, oldest first",
		Example: "  sightline light list --case OP-KESTREL-24 --json",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if caseRef == "" {
				return usagef("light list needs --case REF")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				recs, err := ws.LightRecords(ctx, caseRef)
				if err != nil {
					return err
				}
				if g.json {
					return emitAll(g, "light", recs)
				}
				tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tTIME\tPERSONA\tBYTES\tTITLE\tURL")
				for _, r := range recs {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Time.UTC().Format(time.RFC3339), r.Persona, r.Bytes, r.Title, r.FinalURL)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case (required)")
	return cmd
}

func newLightPromoteCommand(g *globals) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:     "promote ID [--note TEXT]",
		Short:   "Seal a light record as a capture of its case, after checking its files' hashes",
		Example: `  sightline light promote L20261206T141537Z-f1dec3 --note "the post before it was deleted"`,
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				cp, err := ws.PromoteLight(ctx, args[0], note, g.progress(args[0]))
				if err != nil {
					return err
				}
				return g.printCaptureLine(cp)
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why the page matters (kept in the bundle)")
	return cmd
}
