package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace"
)

// newCentralCommand holds what the administrator of the force's central
// store runs: never a workstation's daily work.
func newCentralCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "central",
		Short: "Set up the force's central PostgreSQL store (for its administrator)",
	}
	asGroup(cmd)
	cmd.AddCommand(&cobra.Command{
		Use:   "schema",
		Short: "Print the SQL that creates the store's tables, triggers and group roles, for psql",
		Example: `  sightline central schema > sightline-central.sql
  psql -d sightline -f sightline-central.sql`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprint(g.stdout, central.SchemaSQL())
			return err
		},
	}, &cobra.Command{
		Use:   "migrate",
		Short: "Bring the store at --central (connected as the database's owner) to this version's schema and grants",
		Long: `Bring the central store to this version's schema, each migration in one
transaction, and grant the two group roles what they may do. Connect as the
database's owner, never as a workstation or auditor. Running it again changes
nothing.`,
		Example: `  sightline central migrate --central "host=audit.force.example user=sightline_owner dbname=sightline sslmode=verify-full"`,
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			dsn := workspace.CentralDSN(g.central)
			if dsn == "" {
				return usagef("migrate needs the central store: --central DSN or %s", workspace.CentralEnv)
			}
			if err := central.Migrate(c.Context(), dsn); err != nil {
				return err
			}
			_, err := fmt.Fprintln(g.stdout, "central store migrated")
			return err
		},
	}, newCentralLoginCommand(g))
	return cmd
}

func newCentralLoginCommand(g *globals) *cobra.Command {
	var role string
	cmd := &cobra.Command{
		Use:   "login NAME --role workstation|auditor",
		Short: "Print the SQL that creates a log-in role for one workstation or auditor",
		Long: `Print the SQL that creates (once) a log-in role that is a member of the
workstation group (SELECT and INSERT only) or the auditor group (SELECT only).
Set its password apart, in psql with \password NAME, so that it appears in no
script or shell history.`,
		Example: `  sightline central login ws_0412 --role workstation | psql -d sightline
  sightline central login psd_audit --role auditor | psql -d sightline`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			groups := map[string]string{"workstation": central.WorkstationRole, "auditor": central.AuditorRole}
			group, ok := groups[role]
			if !ok {
				return usagef("--role is workstation or auditor, not %q", role)
			}
			_, err := fmt.Fprintln(g.stdout, strings.Join(central.LoginStatements(args[0], group), ";\n")+";")
			return err
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "workstation or auditor")
	return cmd
}
