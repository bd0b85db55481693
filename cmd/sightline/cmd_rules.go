package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/workspace"
)

func newRulesCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "The social-media rules posts.json is read with: show, install a newer file, check a page",
		Long: `Posts are read from a page's structured data first, then its embedded state,
then per-platform DOM rules (capture/social/FORMAT.md). When a platform
changes its markup, install a newer rules file in the workspace; no new build
is needed. A file that does not parse is refused with its line, and the rules
in force stay.`,
	}
	asGroup(cmd)
	cmd.AddCommand(newRulesShowCommand(g), newRulesInstallCommand(g), newRulesCheckCommand(g))
	return cmd
}

func newRulesShowCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show which rules are in force: their version and file",
		Args:  noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(_ context.Context, ws *workspace.Workspace) error {
				r, err := ws.Rules()
				if err != nil {
					return err
				}
				if g.json {
					return g.emit("rules", map[string]any{"version": r.Version, "source": r.Source, "sha256": r.SHA256,
						"platforms": len(r.Platforms)})
				}
				_, err = fmt.Fprintf(g.stdout, "rules version %d (%s), %d platforms\n", r.Version, r.Source, len(r.Platforms))
				return err
			})
		},
	}
}

func newRulesInstallCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "install FILE",
		Short:   "Check a rules file and make it the workspace's (audited)",
		Example: "  sightline rules install platforms-v2.rules",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				old, installed, err := ws.InstallRules(ctx, args[0])
				if err != nil {
					return err
				}
				if g.json {
					return g.emit("rules.install", map[string]any{"old_version": old.Version, "version": installed.Version,
						"sha256": installed.SHA256})
				}
				_, err = fmt.Fprintf(g.stdout, "rules version %d installed (was %d, %s)\n", installed.Version, old.Version, old.Source)
				return err
			})
		},
	}
}

func newRulesCheckCommand(g *globals) *cobra.Command {
	var caseRef, persona string
	cmd := &cobra.Command{
		Use:   "check --case REF URL",
		Short: "Load a page and show which rules of its platform matched",
		Long: `Load the page as a capture does (overlays dismissed, expanders opened) and list
every rule of its platform with what it matched: ✓ for a rule that found
something, ✗ for one that found nothing (a broken rule, or nothing of its kind
on this page), and the selectors Chromium refused. Loading the page is a view
of it in the case: it is checked and audited as one. Exits 1 when the page
gave no posts or a selector was refused.`,
		Example: "  sightline rules check --case OP-KESTREL-24 https://x.com/jsmith_ops/status/1864011122233344556",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if caseRef == "" {
				return usagef("rules check needs --case REF: loading the page is a view in the case")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				b, err := ws.StartBrowser(ctx, persona, capture.Options{})
				if err != nil {
					return err
				}
				defer b.Close()
				check, _, err := ws.CheckRules(ctx, b, caseRef, args[0])
				if err != nil {
					return err
				}
				return g.printRulesCheck(check)
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case the page is viewed in (required)")
	cmd.Flags().StringVar(&persona, "persona", "", "the persona whose browser profile loads it (default: default)")
	return cmd
}

func (g *globals) printRulesCheck(c *social.Check) error {
	refused := 0
	for _, r := range c.Results {
		if r.Error != "" {
			refused++
		}
	}
	if g.json {
		if err := g.emit("rules.check", c); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(g.stdout, "%s: platform %s, rules version %d (%s), %d posts\n", c.URL, c.Platform, c.Rules.Version, c.Rules.Source, c.Posts)
		for _, r := range c.Results {
			mark := "✓"
			if r.Matched == 0 || r.Error != "" {
				mark = "✗"
			}
			fmt.Fprintf(g.stdout, "%s %-24s %3d  %s", mark, r.Rule, r.Matched, r.Selector)
			if r.Error != "" {
				fmt.Fprintf(g.stdout, "  (refused: %s)", r.Error)
			}
			fmt.Fprintln(g.stdout)
		}
	}
	switch {
	case refused > 0:
		return checksFailed{fmt.Sprintf("%d selectors refused", refused)}
	case c.Posts == 0:
		return checksFailed{"no posts read from the page"}
	}
	return nil
}
