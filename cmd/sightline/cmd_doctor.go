package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newDoctorCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check a workspace: database, audit chain, bundles, orphans, permissions, interrupted work",
		Long: `Check the workspace and say what is wrong:

  database integrity   SQLite's integrity check
  audit chain          the hash chain from the workspace's id, and its signed checkpoints
  recorded bundles     every capture's bundle present, with its recorded SHA-256
  orphan bundles       bundles no capture records: moved to quarantine/doctor-<time>/
  permissions          nothing readable by others, sealed bundles read-only
  interrupted work     what opening the workspace recovered after a process was
                       killed (recorded bundles and packs put in place, the rest
                       moved to quarantine/), and what quarantine/ holds

Nothing is ever deleted; every move is recorded in the audit log with the
result. The exit code is 1 if a check failed.`,
		Example: `  sightline doctor
  sightline doctor --json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				h, err := ws.Doctor(ctx, nil)
				if err != nil {
					return err
				}
				if err := g.printHealth(h); err != nil {
					return err
				}
				if !h.OK() {
					return checksFailed{"the workspace has problems: see the checks marked ✗"}
				}
				return nil
			})
		},
	}
}

func (g *globals) printHealth(h workspace.Health) error {
	if g.json {
		return g.emit("doctor", map[string]any{"ok": h.OK(), "findings": h.Findings, "recovered": h.Recovered, "quarantined": h.Quarantined})
	}
	for _, f := range h.Findings {
		mark := "✓"
		if !f.OK {
			mark = "✗"
		}
		if _, err := fmt.Fprintf(g.stdout, "%s %-18s %s\n", mark, f.Check, f.Detail); err != nil {
			return err
		}
		for _, it := range f.Items {
			if _, err := fmt.Fprintf(g.stdout, "    %s\n", it); err != nil {
				return err
			}
		}
	}
	return nil
}
