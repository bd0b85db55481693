package main

import (
	"context"

	"github.com/sightline-osint/sightline/app"
	"github.com/sightline-osint/sightline/workspace"
)

// runApp opens the desktop app on the workspace dir names. It returns when
// the window closes or ctx is cancelled (SIGTERM).
func runApp(ctx context.Context, g *globals) error {
	dir, err := g.dir()
	if err != nil {
		return err
	}
	return app.Run(ctx, dir, app.Options{Central: workspace.CentralDSN(g.central)})
}
