package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newTimestampCommand(g *globals) *cobra.Command {
	var capture string
	cmd := &cobra.Command{
		Use:   "timestamp [--capture ID]",
		Short: "Send the queued RFC 3161 timestamp requests; list and set the authorities",
		Long: `After a capture is sealed, its identity (the SHA-256 of its datapackage.json)
is sent to each time-stamping authority configured; each reply is kept beside
the bundle as <capture>.<n>.tsr, checked, and audited. An authority that does
not answer leaves the request queued: this command sends what is queued
(exit 1 while any still fails). A timestamp never changes a sealed bundle;
"sightline verify --tsa-ca CA.pem" checks it, and so does openssl ts -verify.`,
		Example: `  sightline timestamp authorities set https://tsa.example/tsr http://timestamp.other.example
  sightline timestamp
  sightline timestamp list --capture 20261123T113108Z-3f9a1c`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				rep, err := ws.SendTimestamps(ctx, capture)
				if err != nil {
					return err
				}
				if err := g.printTimestamps(slices.Concat(rep.Stamped, rep.Failed)); err != nil {
					return err
				}
				if len(rep.Failed) > 0 {
					return checksFailed{fmt.Sprintf("%d timestamp requests failed and stay queued", len(rep.Failed))}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&capture, "capture", "", "only this capture's requests")
	cmd.AddCommand(newTimestampListCommand(g), newTimestampAuthoritiesCommand(g))
	return cmd
}

func (g *globals) printTimestamps(ts []workspace.CaptureTimestamp) error {
	for _, t := range ts {
		if err := g.printTimestamp(t); err != nil {
			return err
		}
	}
	return nil
}

func (g *globals) printTimestamp(t workspace.CaptureTimestamp) error {
	if g.json {
		return g.emit("timestamp", t)
	}
	switch {
	case t.State == workspace.TimestampStamped:
		_, err := fmt.Fprintf(g.stdout, "✓ %s  %s  %s  %s\n", t.Capture, t.Time.UTC().Format("2006-01-02T15:04:05Z"), t.Authority, t.File)
		return err
	case t.LastError != "":
		_, err := fmt.Fprintf(g.stdout, "✗ %s  queued  %s  (%d attempts: %s)\n", t.Capture, t.Authority, t.Attempts, t.LastError)
		return err
	}
	_, err := fmt.Fprintf(g.stdout, "… %s  queued  %s\n", t.Capture, t.Authority)
	return err
}

func newTimestampListCommand(g *globals) *cobra.Command {
	var capture string
	cmd := &cobra.Command{
		Use:   "list [--capture ID]",
		Short: "List the timestamps, stamped and queued",
		Args:  noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				all, err := ws.Timestamps(ctx, capture)
				if err != nil {
					return err
				}
				return g.printTimestamps(all)
			})
		},
	}
	cmd.Flags().StringVar(&capture, "capture", "", "only this capture's")
	return cmd
}

func newTimestampAuthoritiesCommand(g *globals) *cobra.Command {
	show := &cobra.Command{
		Use:   "show",
		Short: "List the time-stamping authorities, in order",
		Args:  noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				urls, err := ws.TimestampAuthorities(ctx)
				if err != nil {
					return err
				}
				if g.json {
					return g.emit("timestamp.authorities", map[string]any{"authorities": urls})
				}
				if len(urls) == 0 {
					_, err = fmt.Fprintln(g.stdout, "no timestamp authorities: captures are not timestamped")
					return err
				}
				_, err = fmt.Fprintln(g.stdout, strings.Join(urls, "\n"))
				return err
			})
		},
	}
	set := &cobra.Command{
		Use:   "set [URL ...]",
		Short: "Replace the authorities (none to stop timestamping); audited",
		RunE: func(c *cobra.Command, args []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				return ws.SetTimestampAuthorities(ctx, args)
			})
		},
	}
	cmd := &cobra.Command{Use: "authorities", Short: "Show or set the RFC 3161 time-stamping authorities"}
	asGroup(cmd)
	cmd.AddCommand(show, set)
	return cmd
}
