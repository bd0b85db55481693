package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newCaptureWithdrawCommand(g *globals) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "withdraw ID --reason TEXT",
		Short: "Withdraw a capture from its case; its bundle is kept",
		Long: `Withdraw a capture from its case, with the reason, which the audit log
records. The bundle is never deleted or changed. A withdrawn capture is left
out when a case is exported whole, and is exported, marked withdrawn, only
when named with "sightline export --capture ID".`,
		Example: `  sightline capture withdraw 20261123T113108Z-3f9a1c --reason "captured into the wrong case"`,
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return usagef("capture withdraw needs --reason TEXT")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				if err := ws.Withdraw(ctx, args[0], reason); err != nil {
					return err
				}
				if g.json {
					return g.emit("withdraw", map[string]string{"capture": args[0], "reason": strings.TrimSpace(reason)})
				}
				_, err := fmt.Fprintf(g.stdout, "withdrawn\t%s\t%s\n", args[0], strings.TrimSpace(reason))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the capture is withdrawn (required)")
	return cmd
}
