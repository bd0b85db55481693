package main

import (
	"context"
	"os"

	"github.com/sightline-osint/sightline/app"
	"github.com/sightline-osint/sightline/evidence/workspace"
)

// runApp opens the desktop app on the workspace of --workspace, else
// SIGHTLINE_WORKSPACE (with no arguments no flag is parsed), else the
// default. It returns when the window closes or ctx is cancelled (SIGTERM).
func runApp(ctx context.Context, g *globals) error {
	dir := g.workspace
	if dir == "" {
		dir = os.Getenv("SIGHTLINE_WORKSPACE")
	}
	if dir == "" {
		var err error
		if dir, err = workspace.DefaultDir(); err != nil {
			return err
		}
	}
	return app.Run(ctx, dir)
}
