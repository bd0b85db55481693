package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newSyncCommand(g *globals) *cobra.Command {
	var batch int
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Push the audit log and case data to the central store",
		Long: `Push to the central store (--central DSN, or SIGHTLINE_CENTRAL) what it does
not hold yet of this workspace: officers, cases, subjects, authorisations and
views, then the audit events exactly as chained, and the signed checkpoints;
then collect the deconfliction notices for this workstation's cases.

A sync can be stopped at any point and run again: nothing is lost or doubled.
Offline, work goes on and the next sync catches up. A workstation whose audit
log differs from what the store holds is refused, naming the first differing
seq; the refusal is recorded in the store. Each sync is audited.

The password never goes on the command line: set PGPASSWORD, or name a file
only you can read (chmod 600) with PGPASSFILE. sslmode=verify-full (with
sslrootcert) checks the server's certificate.

EXIT STATUS: 0 synced, 1 the store refused or could not be reached, 2 usage.`,
		Example: `  export SIGHTLINE_CENTRAL="host=audit.force.example user=ws-0412 dbname=sightline sslmode=verify-full"
  PGPASSFILE=~/.pgpass sightline sync
  sightline sync --central "host=/run/postgresql dbname=sightline" --json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if workspace.CentralDSN(g.central) == "" {
				return usagef("sync needs the central store: --central DSN or %s", workspace.CentralEnv)
			}
			if batch < 1 {
				return usagef("--batch must be at least 1")
			}
			dir, err := g.dir()
			if err != nil {
				return err
			}
			ws, err := workspace.Open(c.Context(), dir, workspace.WithCentral(workspace.CentralDSN(g.central)), workspace.WithSyncBatch(batch))
			if err != nil {
				return err
			}
			defer ws.Close()
			rep, err := ws.Sync(c.Context(), syncProgress{w: g.stderr, on: g.showProgress()})
			if err != nil {
				return err
			}
			if g.json {
				return g.emit("sync", rep)
			}
			fmt.Fprintf(g.stdout, "synced: %d events (store head seq %d), %d checkpoints, %d views, %d deconfliction notices collected\n",
				rep.Events, rep.Head, rep.Checkpoints, rep.Views, rep.Notices)
			return nil
		},
	}
	cmd.Flags().IntVar(&batch, "batch", 5000, "events or views per store transaction; smaller loses less on a link that drops")
	return cmd
}

// syncProgress prints each stage, and the events pushed, on stderr when it
// is a terminal.
type syncProgress struct {
	w  io.Writer
	on bool
}

func (p syncProgress) Stage(name string) {
	if p.on {
		fmt.Fprintf(p.w, "sightline: sync: %s\n", name)
	}
}

func (p syncProgress) Add(done, _ int64) {
	if p.on && done > 0 {
		fmt.Fprintf(p.w, "sightline: sync: +%d\n", done)
	}
}
