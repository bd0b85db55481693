package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newCaseCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "case",
		Short: "Open, list, show and close cases",
	}
	asGroup(cmd)
	cmd.AddCommand(newCaseNewCommand(g), newCaseListCommand(g), newCaseShowCommand(g), newCaseCloseCommand(g))
	return cmd
}

func newCaseNewCommand(g *globals) *cobra.Command {
	var c workspace.Case
	cmd := &cobra.Command{
		Use:     "new REF [--title TEXT] [--classification OFFICIAL|OFFICIAL-SENSITIVE|SECRET]",
		Short:   "Open a case; the current officer is its officer in charge",
		Example: `  sightline case new OP-KESTREL-24 --title "Kestrel" --classification OFFICIAL-SENSITIVE`,
		Args:    exactArgs(1),
		RunE: func(cc *cobra.Command, args []string) error {
			c.Ref = args[0]
			return g.withWorkspace(cc.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				created, err := ws.NewCase(ctx, c)
				if err != nil {
					return err
				}
				return g.printCases([]workspace.Case{created})
			})
		},
	}
	cmd.Flags().StringVar(&c.Title, "title", "", "the case's title")
	cmd.Flags().StringVar(&c.Classification, "classification", workspace.DefaultClassification,
		"security classification: "+strings.Join(workspace.Classifications, ", "))
	return cmd
}

func newCaseListCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the cases, newest first",
		Example: "  sightline case list --json",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				cases, err := ws.Cases(ctx)
				if err != nil {
					return err
				}
				return g.printCases(cases)
			})
		},
	}
}

func newCaseShowCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "show REF",
		Short:   "Show a case and its captures",
		Example: "  sightline case show OP-KESTREL-24",
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				cs, err := ws.Case(ctx, args[0])
				if err != nil {
					return err
				}
				if err := g.printCases([]workspace.Case{cs}); err != nil {
					return err
				}
				caps, err := ws.Captures(ctx, cs.Ref)
				if err != nil {
					return err
				}
				return g.printCaptures(caps)
			})
		},
	}
}

func newCaseCloseCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "close REF",
		Short:   "Close a case: its captures stay, it takes no new ones",
		Example: "  sightline case close OP-KESTREL-24",
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				if err := ws.CloseCase(ctx, args[0]); err != nil {
					return err
				}
				cs, err := ws.Case(ctx, args[0])
				if err != nil {
					return err
				}
				return g.printCases([]workspace.Case{cs})
			})
		},
	}
}

func (g *globals) printCases(cases []workspace.Case) error {
	if g.json {
		return emitAll(g, "case", cases)
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REF\tTITLE\tCLASSIFICATION\tOFFICER\tCREATED\tCAPTURES\tSTATE")
	for _, c := range cases {
		state := "open"
		if !c.Closed.IsZero() {
			state = "closed " + c.Closed.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", c.Ref, c.Title, c.Classification, c.Officer,
			c.Created.Format(time.RFC3339), c.Captures, state)
	}
	return tw.Flush()
}
