package workspace

import (
	"context"
	"fmt"
	"os"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence"
)

// AppStarted records that the desktop app opened this workspace.
func (w *Workspace) AppStarted(ctx context.Context) error {
	detail := audit.Detail(map[string]any{"software": evidence.Software, "pid": os.Getpid()})
	if err := w.audit(ctx, need{}, audit.Event{Action: "app.start", Detail: detail}); err != nil {
		return fmt.Errorf("record app start: %w", err)
	}
	return nil
}

// AppStopped records that the desktop app closed, then signs a checkpoint of
// the audit log's head, the app.stop event included.
func (w *Workspace) AppStopped(ctx context.Context) error {
	detail := audit.Detail(map[string]any{"software": evidence.Software, "pid": os.Getpid()})
	err := w.audit(ctx, need{}, audit.Event{Action: "app.stop", Detail: detail})
	if err == nil {
		err = w.Checkpoint(ctx)
	}
	if err != nil {
		return fmt.Errorf("record app stop: %w", err)
	}
	return nil
}
