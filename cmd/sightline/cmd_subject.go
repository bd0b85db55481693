package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func newSubjectCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "subject",
		Short: "Record the people and groups a case is about, and see their viewing history",
	}
	asGroup(cmd)
	cmd.AddCommand(newSubjectAddCommand(g), newSubjectListCommand(g), newSubjectShowCommand(g))
	return cmd
}

func newSubjectAddCommand(g *globals) *cobra.Command {
	var caseRef, name string
	var ids []string
	cmd := &cobra.Command{
		Use:   "add --case REF --name NAME --id IDENTIFIER [--id ...]",
		Short: "Add a subject with the identifiers that recognise them across platforms",
		Long: `Add a subject to a case. Each --id is a profile URL (any platform, mobile or
not), a handle with its platform (x:@name, instagram:@name), an email or a phone
number; Sightline keeps it in canonical form, so a later view of any of them,
or of a post under the account, counts as viewing the subject.`,
		Example: `  sightline subject add --case OP-KESTREL-24 --name "J Smith" \
    --id https://x.com/jsmith --id instagram:@j.smith --id +44 7700 900123`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if caseRef == "" || name == "" || len(ids) == 0 {
				return usagef("subject add needs --case, --name and at least one --id")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				s, err := ws.AddSubject(ctx, caseRef, name, ids)
				if err != nil {
					return err
				}
				return g.printSubjects([]viewing.Subject{s})
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&caseRef, "case", "", "the case (required)")
	fl.StringVar(&name, "name", "", "the subject's name, as the case knows them (required)")
	fl.StringArrayVar(&ids, "id", nil, "an identifier: profile URL, platform:@handle, email or phone (repeatable)")
	return cmd
}

func newSubjectListCommand(g *globals) *cobra.Command {
	var caseRef string
	cmd := &cobra.Command{
		Use:     "list --case REF",
		Short:   "List a case's subjects and their identifiers",
		Example: "  sightline subject list --case OP-KESTREL-24",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if caseRef == "" {
				return usagef("subject list needs --case REF")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				ss, err := ws.Subjects(ctx, caseRef)
				if err != nil {
					return err
				}
				return g.printSubjects(ss)
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case (required)")
	return cmd
}

func newSubjectShowCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "Show a subject, their viewing episodes, collateral intrusion and audited events",
		Example: "  sightline subject show S3",
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				s, err := ws.Subject(ctx, args[0])
				if err != nil {
					return err
				}
				if err := g.printSubjects([]viewing.Subject{s}); err != nil {
					return err
				}
				viewing, err := ws.SubjectViewing(ctx, s.ID)
				if err != nil {
					return err
				}
				if err := g.printViewing(viewing); err != nil {
					return err
				}
				history, err := ws.AuditEvents(ctx, audit.Filter{Subject: s.ID})
				if err != nil {
					return err
				}
				if !g.json {
					fmt.Fprintf(g.stdout, "\nHistory of %s (%d events):\n", s.ID, len(history))
				}
				return g.printEvents(history)
			})
		},
	}
}

func (g *globals) printSubjects(ss []viewing.Subject) error {
	if g.json {
		return emitAll(g, "subject", ss)
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCASE\tNAME\tADDED\tIDENTIFIERS")
	for _, s := range ss {
		keys := make([]string, len(s.Identifiers))
		for i, id := range s.Identifiers {
			keys[i] = id.Key
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.ID, s.Case, s.Name, s.Created.Format(time.RFC3339), strings.Join(keys, " "))
	}
	return tw.Flush()
}

// printViewing shows a subject's viewing episodes and collateral count.
func (g *globals) printViewing(v viewing.SubjectViewing) error {
	if g.json {
		return g.emit("subject.viewing", v)
	}
	fmt.Fprintf(g.stdout, "\nViewing of %s: %d %s in %d %s, %d in the policy window\n", v.Subject, v.Views, pluralS(v.Views, "view"),
		len(v.Episodes), pluralS(len(v.Episodes), "episode"), v.InWindow)
	writeEpisodes(g.stdout, v.Episodes)
	fmt.Fprintf(g.stdout, "Collateral intrusion: %d third-party %s", len(v.Collateral), pluralS(len(v.Collateral), "profile"))
	if len(v.Collateral) > 0 {
		fmt.Fprintf(g.stdout, " (%s)", strings.Join(v.Collateral, ", "))
	}
	fmt.Fprintln(g.stdout)
	return nil
}
