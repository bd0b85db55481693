package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func newAuthorisationCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "authorisation",
		Aliases: []string{"authorization"},
		Short:   "Record, list and expire directed surveillance authorisations",
	}
	asGroup(cmd)
	cmd.AddCommand(newAuthorisationAddCommand(g), newAuthorisationListCommand(g), newAuthorisationExpireCommand(g))
	return cmd
}

func newAuthorisationAddCommand(g *globals) *cobra.Command {
	var a viewing.Authorisation
	var from, to string
	cmd := &cobra.Command{
		Use:   "add --case REF --ref REF --subject ID [--subject ...] --from DATE --to DATE [--granted-by NAME] [--notes TEXT]",
		Short: "Record a directed surveillance authorisation covering subjects of a case",
		Long: `Record a directed surveillance authorisation (RIPA 2000 Part II) for subjects of
a case. While it is in force, views of its subjects are allowed at any episode
and carry its reference in the audit log. It is in force from --from up to,
but not including, --to. A date alone means the start of that day (--from) or
the end of it (--to), in UTC; or give an RFC 3339 time. References are unique
in a case.`,
		Example: `  sightline authorisation add --case OP-KESTREL-24 --ref DSA-0042 --subject S1 --subject S3 \
    --from 2026-11-23 --to 2027-02-22 --granted-by "Supt A Khan"`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if a.Case == "" || a.Ref == "" || len(a.Subjects) == 0 || from == "" || to == "" {
				return usagef("authorisation add needs --case, --ref, --subject, --from and --to")
			}
			var err error
			if a.From, err = workspace.ParseTime(from); err != nil {
				return usagef("--from: %w", err)
			}
			if a.To, err = workspace.ParseEnd(to); err != nil {
				return usagef("--to: %w", err)
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				added, err := ws.AddAuthorisation(ctx, a)
				if err != nil {
					return err
				}
				return g.printAuthorisations([]viewing.Authorisation{added}, ws.Now())
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&a.Case, "case", "", "the case (required)")
	fl.StringVar(&a.Ref, "ref", "", "the authorisation's reference, e.g. DSA-0042 (required)")
	fl.StringArrayVar(&a.Subjects, "subject", nil, "a subject it covers, e.g. S1 (required, repeatable)")
	fl.StringVar(&from, "from", "", "when it takes effect: YYYY-MM-DD or RFC 3339 (required)")
	fl.StringVar(&to, "to", "", "when it expires: YYYY-MM-DD (end of that day) or RFC 3339 (required)")
	fl.StringVar(&a.GrantedBy, "granted-by", "", "the authorising officer")
	fl.StringVar(&a.Notes, "notes", "", "notes, e.g. its scope")
	return cmd
}

func newAuthorisationListCommand(g *globals) *cobra.Command {
	var caseRef string
	cmd := &cobra.Command{
		Use:     "list --case REF",
		Short:   "List a case's authorisations and whether each is in force",
		Example: "  sightline authorisation list --case OP-KESTREL-24 --json",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if caseRef == "" {
				return usagef("authorisation list needs --case REF")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				as, err := ws.Authorisations(ctx, caseRef)
				if err != nil {
					return err
				}
				return g.printAuthorisations(as, ws.Now())
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case (required)")
	return cmd
}

func newAuthorisationExpireCommand(g *globals) *cobra.Command {
	var caseRef string
	cmd := &cobra.Command{
		Use:   "expire REF --case REF",
		Short: "End an authorisation now, before its expiry",
		Long: `End an authorisation now, for example when it is cancelled at review: its
expiry becomes the current time, and the change is audited with the expiry it
replaced. Views of its subjects after that are flagged as views after expiry
when the rules would ask.`,
		Example: "  sightline authorisation expire DSA-0042 --case OP-KESTREL-24",
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if caseRef == "" {
				return usagef("authorisation expire needs --case REF")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				a, err := ws.ExpireAuthorisation(ctx, caseRef, args[0])
				if err != nil {
					return err
				}
				return g.printAuthorisations([]viewing.Authorisation{a}, ws.Now())
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case (required)")
	return cmd
}

func (g *globals) printAuthorisations(as []viewing.Authorisation, now time.Time) error {
	if g.json {
		for _, a := range as {
			rec := struct {
				viewing.Authorisation
				State string `json:"state"`
			}{a, a.State(now)}
			if err := g.emit("authorisation", rec); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REF\tCASE\tSTATE\tFROM\tTO\tSUBJECTS\tGRANTED BY\tNOTES")
	for _, a := range as {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.Ref, a.Case, a.State(now), a.From.Format(time.RFC3339),
			a.To.Format(time.RFC3339), strings.Join(a.Subjects, " "), a.GrantedBy, a.Notes)
	}
	return tw.Flush()
}
