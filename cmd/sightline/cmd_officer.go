package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newOfficerCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "officer",
		Short: "Set or show the officer using this workstation",
	}
	asGroup(cmd)
	var o workspace.Officer
	set := &cobra.Command{
		Use:   "set ID --name NAME [--role researcher|case-officer|auditor]",
		Short: "Set the current officer; every later event records them",
		Example: `  sightline officer set 4127 --name "DC Sam Patel"
  sightline officer set A-17 --name "Jo Reed" --role auditor`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if o.Name == "" {
				return usagef("officer set needs --name")
			}
			o.ID = args[0]
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				set, err := ws.SetOfficer(ctx, o)
				if err != nil {
					return err
				}
				return g.printOfficer(set)
			})
		},
	}
	set.Flags().StringVar(&o.Name, "name", "", "the officer's name")
	set.Flags().StringVar(&o.Role, "role", "researcher", "researcher, case-officer or auditor")
	show := &cobra.Command{
		Use:     "show",
		Short:   "Show the current officer",
		Example: "  sightline officer show",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				cur, err := ws.CurrentOfficer(ctx)
				if err != nil {
					return err
				}
				return g.printOfficer(cur)
			})
		},
	}
	cmd.AddCommand(set, show)
	return cmd
}

func (g *globals) printOfficer(o workspace.Officer) error {
	if g.json {
		return g.emit("officer", o)
	}
	_, err := fmt.Fprintf(g.stdout, "%s\t%s\t%s\t(OS user %s)\n", o.ID, o.Name, o.Role, o.OSUser)
	return err
}
