package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func newViewCommand(g *globals) *cobra.Command {
	var caseRef, persona, authRef, text string
	var factors []string
	cmd := &cobra.Command{
		Use:   "view URL --case REF [--persona NAME] [--authorisation REF] [--justify-text TEXT --factor KEY ...]",
		Short: "Record a view of URL, as the research browser does, and print the verdict",
		Long: `Record that URL was viewed in the case, as the research browser does when a
page is opened, and print what the repeated-viewing rules said (see
"sightline check"). The view counts toward its subjects' viewing episodes and is
written to the audit log with the verdict.

When the rules ask, answer with --justify-text (and any --factor) to record a
justification with the view, or rely on an authorisation in force (recorded
with "sightline authorisation add"; --authorisation links it to the view). A
view the rules ask about is recorded whatever the answer, because it has been
seen; without an answer it is flagged for review and the exit status is 1.

Factors (--factor KEY, repeatable):
` + factorKeys() + `

EXIT STATUS
  0  recorded; allow, warn, or ask answered by a justification
  1  recorded, but the rules asked and nothing answered them; or not recorded
  2  usage error`,
		Example: `  sightline view https://x.com/jsmith --case OP-KESTREL-24
  sightline view https://x.com/jsmith/status/1001 --case OP-KESTREL-24 --persona overt-1 \
    --justify-text "Checking the threat is still online" --factor directed_at_individual`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if caseRef == "" {
				return usagef("view needs --case REF")
			}
			if len(factors) > 0 && text == "" {
				return usagef("--factor needs --justify-text: a justification gives its reasons in words")
			}
			opts, err := viewOptions(authRef, text, factors)
			if err != nil {
				return err
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				vc, err := ws.RecordView(ctx, caseRef, args[0], persona, opts...)
				if err != nil {
					return err
				}
				return g.printViewCheck("view", caseRef, vc)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&caseRef, "case", "", "the case (required)")
	fl.StringVar(&persona, "persona", "", "the research identity used (default \"default\")")
	fl.StringVar(&authRef, "authorisation", "", "link the view to this authorisation of the case")
	fl.StringVar(&text, "justify-text", "", "record a justification with the view: the reasons, in words")
	fl.StringArrayVar(&factors, "factor", nil, "a Code of Practice factor that applies (repeatable; see above)")
	return cmd
}

func viewOptions(authRef, text string, factors []string) ([]viewing.ViewOption, error) {
	var opts []viewing.ViewOption
	if authRef != "" {
		opts = append(opts, viewing.LinkAuthorisation(authRef))
	}
	if text != "" {
		f, err := parseFactors(factors)
		if err != nil {
			return nil, err
		}
		opts = append(opts, viewing.WithJustification(f, text))
	}
	return opts, nil
}
