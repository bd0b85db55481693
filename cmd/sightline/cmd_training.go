package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/app"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/training"
	"github.com/sightline-osint/sightline/workspace"
)

func newTrainingCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "training",
		Short: "Practise on a fictional social network and news site, in a training workspace",
		Long: `Serve the training site on this machine (Harbourline, a fictional social
network with profiles, posts, comments, an endless feed, overlays, images and a
video; Harbour Herald, a news site) and open the app on it, in a workspace
marked as training: its audit events say "training": true and everything it
exports is stamped "` + workspace.TrainingMarking + `". The workspace is
<data dir>/sightline-training unless --workspace names another; a workspace
that holds real cases is refused. Nothing leaves the machine.`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			dir := g.workspace
			if dir == "" {
				d, err := workspace.DefaultDir()
				if err != nil {
					return err
				}
				dir = filepath.Join(filepath.Dir(d), "sightline-training")
			}
			return runTraining(c.Context(), dir)
		},
	}
}

// runTraining prepares the training workspace in dir and runs the app on
// the training site. It never syncs to a central store: practice is no
// force's audit.
func runTraining(ctx context.Context, dir string) error {
	ws, err := workspace.Open(ctx, dir)
	if err != nil {
		return err
	}
	err = training.Prepare(ctx, ws)
	if cerr := ws.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("training workspace %s: %w", dir, err)
	}
	site, err := training.Start(ctx)
	if err != nil {
		return err
	}
	defer site.Close()
	return app.Run(ctx, dir, app.Options{Home: training.Home, Browser: capture.Options{HostRules: site.HostRules()}})
}
