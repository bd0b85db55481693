package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newPersonaCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "persona",
		Short: "Add and list research identities, each with its own browser profile",
	}
	asGroup(cmd)
	var p workspace.Persona
	add := &cobra.Command{
		Use:   "add NAME [--note TEXT]",
		Short: "Add a research identity; its logins persist in its own profile",
		Example: `  sightline persona add overt-1 --note "force-attributable account"
  sightline capture --case OP-KESTREL-24 --persona overt-1 https://example.org/`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			p.Name = args[0]
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				added, err := ws.AddPersona(ctx, p)
				if err != nil {
					return err
				}
				return g.printPersonas([]workspace.Persona{added})
			})
		},
	}
	add.Flags().StringVar(&p.Note, "note", "", "what this identity is for")
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the research identities",
		Example: "  sightline persona list",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				ps, err := ws.Personas(ctx)
				if err != nil {
					return err
				}
				return g.printPersonas(ps)
			})
		},
	}
	cmd.AddCommand(add, list)
	return cmd
}

func (g *globals) printPersonas(ps []workspace.Persona) error {
	if g.json {
		return emitAll(g, "persona", ps)
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCREATED\tBY\tNOTE\tPROFILE")
	for _, p := range ps {
		by := p.Officer
		if by == "" {
			by = "(built in)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Name, p.Created.Format(time.RFC3339), by, p.Note, p.Profile)
	}
	return tw.Flush()
}
