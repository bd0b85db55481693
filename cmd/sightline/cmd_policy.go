package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newPolicyCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Show and change the repeated-viewing thresholds",
	}
	asGroup(cmd)
	cmd.AddCommand(newPolicyShowCommand(g), newPolicySetCommand(g))
	return cmd
}

// policyRecord is the policy as --json shows it.
type policyRecord struct {
	EpisodeGap    string `json:"episode_gap"`
	Window        string `json:"window"`
	WarnAtEpisode int    `json:"warn_at_episode"`
	AskAtEpisode  int    `json:"ask_at_episode"`
	File          string `json:"file"`
	Default       bool   `json:"default"` // no policy file: the defaults apply
}

func newPolicyShowCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "show",
		Short:   "Show the repeated-viewing policy in force in the workspace",
		Example: "  sightline policy show\n  sightline policy show --json",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				p, err := ws.Policy()
				if err != nil {
					return err
				}
				_, statErr := os.Stat(ws.PolicyPath())
				isDefault := errors.Is(statErr, fs.ErrNotExist)
				if g.json {
					return g.emit("policy", policyRecord{formatSpan(p.EpisodeGap), formatSpan(p.Window),
						p.WarnAtEpisode, p.AskAtEpisode, ws.PolicyPath(), isDefault})
				}
				if isDefault {
					fmt.Fprintf(g.stdout, "# No %s in the workspace: the defaults apply.\n", workspace.PolicyFile)
				} else {
					fmt.Fprintf(g.stdout, "# %s\n", ws.PolicyPath())
				}
				_, err = g.stdout.Write(p.Format())
				return err
			})
		},
	}
}

func newPolicySetCommand(g *globals) *cobra.Command {
	var gap, window string
	var warnAt, askAt int
	cmd := &cobra.Command{
		Use:   "set [--episode-gap D] [--window D] [--warn-at N] [--ask-at N]",
		Short: "Change repeated-viewing thresholds; the change is audited",
		Long: `Change the thresholds of the repeated-viewing rules (audit/ripa/RULES.md). Values
not given keep their current setting. Durations are a number of days (28d),
Go units (30m, 1h30m) or both (1d12h). The change is saved to the workspace's
policy.toml and audited with the old and new values.`,
		Example: `  sightline policy set --window 28d --warn-at 2 --ask-at 3
  sightline policy set --episode-gap 1h`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fl := c.Flags()
			if !fl.Changed("episode-gap") && !fl.Changed("window") && !fl.Changed("warn-at") && !fl.Changed("ask-at") {
				return usagef("policy set needs at least one of --episode-gap, --window, --warn-at, --ask-at")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				p, err := ws.Policy()
				if err != nil {
					return err
				}
				if err := setSpan(fl.Changed("episode-gap"), "--episode-gap", gap, &p.EpisodeGap); err != nil {
					return err
				}
				if err := setSpan(fl.Changed("window"), "--window", window, &p.Window); err != nil {
					return err
				}
				if fl.Changed("warn-at") {
					p.WarnAtEpisode = warnAt
				}
				if fl.Changed("ask-at") {
					p.AskAtEpisode = askAt
				}
				changes, err := ws.SetPolicy(ctx, p)
				if err != nil {
					return err
				}
				return g.printPolicyChanges(changes)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&gap, "episode-gap", "", "views of a subject at most this far apart form one episode (default 30m)")
	fl.StringVar(&window, "window", "", "episodes are counted over this period before each view (default 28d)")
	fl.IntVar(&warnAt, "warn-at", 0, "warn before this episode within the window (default 2)")
	fl.IntVar(&askAt, "ask-at", 0, "stop and ask before this episode unless an authorisation is in force (default 3)")
	return cmd
}

func (g *globals) printPolicyChanges(changes []string) error {
	if g.json {
		return g.emit("policy.change", map[string]any{"changes": append([]string{}, changes...)})
	}
	if len(changes) == 0 {
		fmt.Fprintln(g.stdout, "policy unchanged")
		return nil
	}
	fmt.Fprintln(g.stdout, "policy changed:")
	for _, c := range changes {
		fmt.Fprintf(g.stdout, "  %s\n", c)
	}
	return nil
}

func setSpan(changed bool, flag, s string, d *time.Duration) error {
	if !changed {
		return nil
	}
	v, err := parseSpan(s)
	if err != nil {
		return usagef("%s %q is not a duration (use 30m, 1h30m, 28d or 1d12h)", flag, s)
	}
	*d = v
	return nil
}

// parseSpan reads a duration as the policy file writes it: an optional
// whole number of days ("28d") followed by Go units ("30m").
func parseSpan(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if days, rest, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseUint(days, 10, 16)
		if err != nil {
			return 0, err
		}
		d, s = time.Duration(n)*24*time.Hour, rest
		if s == "" {
			return d, nil
		}
	}
	r, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	return d + r, nil
}

// formatSpan writes d in whole days where it can: 28d, 30m, 1d12h.
func formatSpan(d time.Duration) string {
	day := 24 * time.Hour
	days, rest := d/day, d%day
	out := ""
	if days > 0 {
		out = strconv.FormatInt(int64(days), 10) + "d"
	}
	if rest > 0 || out == "" {
		r := strings.Replace(strings.Replace(rest.String(), "m0s", "m", 1), "h0m", "h", 1)
		out += r
	}
	return out
}
