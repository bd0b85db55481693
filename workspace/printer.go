package workspace

import (
	"context"
	"fmt"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/evidence/report"
)

// reportPrinter is the Chromium that typesets reports (the pack's
// report.pdf, the audit log report), which the workspace starts at its
// first report, headless on a profile of its own, and closes with the
// workspace.
func (w *Workspace) reportPrinter(ctx context.Context) (report.Printer, error) {
	w.printMu.Lock()
	defer w.printMu.Unlock()
	if w.printer == nil {
		b, err := capture.Start(ctx, capture.Options{})
		if err != nil {
			return nil, fmt.Errorf("start Chromium to typeset the report: %w", err)
		}
		w.printer = b
	}
	return w.printer, nil
}

// closePrinter closes the Chromium the workspace started, if it did.
func (w *Workspace) closePrinter() error {
	w.printMu.Lock()
	defer w.printMu.Unlock()
	if w.printer == nil {
		return nil
	}
	err := w.printer.Close()
	w.printer = nil
	return err
}
