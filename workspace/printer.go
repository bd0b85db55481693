package workspace

import (
	"context"
	"fmt"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/evidence/report"
)

// WithPrinter makes the workspace typeset its reports (the pack's
// report.pdf, the audit log report) with p, a running Chromium of the
// caller's, instead of starting one of its own.
func WithPrinter(p report.Printer) Option {
	return func(w *Workspace) { w.printer = p }
}

// reportPrinter is the Chromium that typesets reports: the one WithPrinter
// gave, or one the workspace starts at its first report, headless on a
// profile of its own, and closes with the workspace.
func (w *Workspace) reportPrinter(ctx context.Context) (report.Printer, error) {
	w.printMu.Lock()
	defer w.printMu.Unlock()
	if w.printer != nil {
		return w.printer, nil
	}
	b, err := capture.Start(ctx, capture.Options{})
	if err != nil {
		return nil, fmt.Errorf("start Chromium to typeset the report: %w", err)
	}
	w.printer, w.ownPrinter = b, b
	return b, nil
}

// closePrinter closes the Chromium the workspace started, if it did.
func (w *Workspace) closePrinter() error {
	w.printMu.Lock()
	defer w.printMu.Unlock()
	if w.ownPrinter == nil {
		return nil
	}
	err := w.ownPrinter.Close()
	w.printer, w.ownPrinter = nil, nil
	return err
}
