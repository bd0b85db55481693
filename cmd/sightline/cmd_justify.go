package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newJustifyCommand(g *globals) *cobra.Command {
	var caseRef, subject, text string
	var factors []string
	cmd := &cobra.Command{
		Use:   "justify --case REF --subject ID --text TEXT [--factor KEY ...]",
		Short: "Record why viewing a subject again goes on without an authorisation",
		Long: `Record a justification for viewing a subject again, when the repeated-viewing
rules ask and no authorisation is in force: the Code of Practice factors that
apply and your reasons in words (required, even when no factor applies). It
applies to the next view of the subject in the case (sightline view); later
views in the same episode are then warned, and the next episode asks again.
Every justification is audited and flagged for review.

Factors (--factor KEY, repeatable):
` + factorKeys(),
		Example: `  sightline justify --case OP-KESTREL-24 --subject S1 \
    --text "Confirming the threat posted on Monday is still online" \
    --factor directed_at_individual --factor repeated_viewing`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if caseRef == "" || subject == "" || text == "" {
				return usagef("justify needs --case, --subject and --text")
			}
			f, err := parseFactors(factors)
			if err != nil {
				return err
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				j, err := ws.Justify(ctx, caseRef, subject, f, text)
				if err != nil {
					return err
				}
				if g.json {
					return g.emit("justification", j)
				}
				fmt.Fprintf(g.stdout, "justification %d recorded for %s in %s; it applies to the next view of %s\n",
					j.ID, j.Subject, j.Case, j.Subject)
				for _, x := range j.Factors.Checked() {
					fmt.Fprintf(g.stdout, "  ✓ %s\n", x.Label)
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&caseRef, "case", "", "the case (required)")
	fl.StringVar(&subject, "subject", "", "the subject, e.g. S1 (required)")
	fl.StringVar(&text, "text", "", "your reasons, in words (required)")
	fl.StringArrayVar(&factors, "factor", nil, "a Code of Practice factor that applies (repeatable; see above)")
	return cmd
}
