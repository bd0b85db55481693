package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func newCheckCommand(g *globals) *cobra.Command {
	var caseRef string
	cmd := &cobra.Command{
		Use:   "check URL --case REF",
		Short: "Say what the repeated-viewing rules say before opening URL",
		Long: `Say what happens if URL is opened now in the case, without recording anything:
the subjects it matches (a post counts as viewing its account), the viewing
episode it would be in, the earlier episodes in the window, any authorisation
in force, and the verdict:

  allow  open the page
  warn   open it, under a warning with the count and history
  ask    stop: an authorisation in force, or a justification, is needed first

The thresholds are the workspace's policy (sightline policy show). Sightline is
an aid to the judgement RIPA 2000 Part II asks of you, not legal advice.

EXIT STATUS
  0  allow or warn, or ask with a justification recorded for this view
  1  ask: record a justification (sightline justify) or an authorisation first
  2  usage error`,
		Example: `  sightline check https://x.com/jsmith --case OP-KESTREL-24
  sightline check https://twitter.com/JSmith/status/1001 --case OP-KESTREL-24 --json`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if caseRef == "" {
				return usagef("check needs --case REF")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				vc, err := ws.Check(ctx, caseRef, args[0])
				if err != nil {
					return err
				}
				return g.printViewCheck("check", caseRef, vc)
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case (required)")
	return cmd
}

// printViewCheck prints a verdict (check, or a view just recorded) and
// returns checksFailed when the rules ask and nothing answers them.
func (g *globals) printViewCheck(typ, caseRef string, vc viewing.ViewCheck) error {
	if g.json {
		if err := g.emit(typ, vc); err != nil {
			return err
		}
	} else {
		writeViewCheck(g.stdout, typ, caseRef, vc)
	}
	if open := vc.Unresolved(); len(open) > 0 {
		return checksFailed{fmt.Sprintf("the repeated-viewing rules ask before viewing %s again", names(open))}
	}
	return nil
}

func writeViewCheck(w io.Writer, typ, caseRef string, vc viewing.ViewCheck) {
	fmt.Fprintf(w, "%s  %s  (%s)\n", strings.ToUpper(string(vc.Verdict)), vc.URL, vc.Identity.Key)
	if len(vc.Subjects) == 0 {
		fmt.Fprintln(w, "subjects:       none of the case matches")
		if vc.UnknownProfile {
			fmt.Fprintf(w, "unknown profile: %s is no subject of %s; to add it:\n  sightline subject add --case %s --name NAME --id %s\n",
				vc.Profile, caseRef, caseRef, vc.URL)
		}
		return
	}
	for i, s := range vc.Subjects {
		label := "subjects:"
		if i > 0 {
			label = ""
		}
		fmt.Fprintf(w, "%-15s %s %s (%s, episode %d%s)\n", label, s.ID, s.Name, s.Verdict, s.EpisodeNumber, authNote(s.Authorisation))
	}
	fmt.Fprintf(w, "%-15s %d (%s)\n", "episode:", vc.EpisodeNumber, map[bool]string{true: "a new one", false: "continuing"}[vc.NewEpisode])
	writeAuthorisation(w, vc)
	if len(vc.Episodes) > 0 {
		fmt.Fprintf(w, "earlier episodes of %s in the window:\n", vc.Subjects[0].Name)
		writeEpisodes(w, vc.Episodes)
	}
	for _, r := range vc.Reasons {
		fmt.Fprintf(w, "  %s\n", r)
	}
	writeNextSteps(w, typ, caseRef, vc)
}

func authNote(ref string) string {
	if ref == "" {
		return ""
	}
	return ", authorisation " + ref
}

func writeAuthorisation(w io.Writer, vc viewing.ViewCheck) {
	switch {
	case vc.Linked != "":
		fmt.Fprintf(w, "%-15s %s (linked to this view)\n", "authorisation:", vc.Linked)
	case vc.Authorisation != "":
		fmt.Fprintf(w, "%-15s %s (in force)\n", "authorisation:", vc.Authorisation)
	case vc.Lapsed != "":
		fmt.Fprintf(w, "%-15s none in force (%s has expired)\n", "authorisation:", vc.Lapsed)
	default:
		fmt.Fprintf(w, "%-15s none\n", "authorisation:")
	}
	if len(vc.Justified) > 0 {
		fmt.Fprintf(w, "%-15s recorded for %s\n", "justification:", strings.Join(vc.Justified, ", "))
	}
}

func writeEpisodes(w io.Writer, eps []viewing.EpisodeSpan) {
	for i, e := range eps {
		notes := []string{fmt.Sprintf("%d %s", e.Views, pluralS(e.Views, "view"))}
		if e.Justified {
			notes = append(notes, "justified")
		}
		if len(e.Authorisations) > 0 {
			notes = append(notes, "under "+strings.Join(e.Authorisations, ", "))
		}
		fmt.Fprintf(w, "  %3d  %s – %s UTC  %s\n", i+1, e.Start.UTC().Format("2006-01-02 15:04"),
			e.End.UTC().Format("15:04"), strings.Join(notes, ", "))
	}
}

// writeNextSteps says what to do when the rules ask and nothing answers.
func writeNextSteps(w io.Writer, typ, caseRef string, vc viewing.ViewCheck) {
	open := vc.Unresolved()
	if len(open) == 0 {
		return
	}
	if typ == "view" {
		fmt.Fprintln(w, "The view is recorded (it has been seen) and will be flagged for review.")
	}
	fmt.Fprintf(w, "Before viewing %s again, record an authorisation in force or a justification:\n", names(open))
	fmt.Fprintf(w, "  sightline authorisation add --case %s --ref REF --subject %s --from DATE --to DATE\n", caseRef, open[0].ID)
	fmt.Fprintf(w, "  sightline justify --case %s --subject %s --text \"WHY\" [--factor KEY ...]\n", caseRef, open[0].ID)
	fmt.Fprintln(w, "or go back.")
}

func names(ss []viewing.SubjectCheck) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%s (%s)", s.Name, s.ID)
	}
	return strings.Join(out, ", ")
}

func pluralS(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// factorKeys lists the justification factors' keys, for help texts.
func factorKeys() string {
	var keys []string
	for _, f := range ripa.FactorList() {
		keys = append(keys, fmt.Sprintf("  %-24s %s", f.Key, f.Label))
	}
	return strings.Join(keys, "\n")
}

// parseFactors ticks the factors named by keys.
func parseFactors(keys []string) (ripa.Factors, error) {
	var f ripa.Factors
	for _, k := range keys {
		if err := f.Set(strings.TrimSpace(k), true); err != nil {
			return ripa.Factors{}, usagef("unknown --factor %q; the factors are:\n%s", k, factorKeys())
		}
	}
	return f, nil
}
