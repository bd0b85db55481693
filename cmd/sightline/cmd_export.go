package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/evidence/pack"
	"github.com/sightline-osint/sightline/workspace"
)

type exportFlags struct {
	caseRef  string
	captures []string
	prefix   string
	output   string
	override bool
	reason   string
}

func newExportCommand(g *globals) *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export --case REF [--capture ID ...] [--exhibit-prefix XX] [--override-berkeley --reason TEXT] [-o PACK.zip]",
		Short: "Export captures as a signed evidence pack for the CPS and the court",
		Long: `Export a case's captures as an evidence pack: a ZIP holding each bundle as an
exhibit (bundles/XX-1.wacz, ...), the PDF exhibit report with the case's
classification on every page, the audit extract, SHA256SUMS, a manifest
signed with the workstation key, the public key and VERIFY.txt, which tells
anyone how to check the pack with or without Sightline.

Without --capture, every capture of the case that is not withdrawn is
exported, oldest first; with --capture, the named ones in that order,
withdrawn ones marked as such. Exhibits are numbered XX/1, XX/2, ... where XX
is --exhibit-prefix or the officer's initials.

A capture without the Berkeley minimum (its URL, its HTML source and a dated
full-page screenshot) stops the export, unless --override-berkeley is given
with a --reason, which the export's audit event records.

Prints the pack's path, its SHA-256 and one line per exhibit. The export is
audited; the pack appears only once its event is recorded. Exit status 1 if
it fails.`,
		Example: `  sightline export --case OP-KESTREL-24 -o kestrel.zip
  sightline export --case OP-KESTREL-24 --capture 20261123T113108Z-3f9a1c --exhibit-prefix JS
  sightline export --case OP-KESTREL-24 --override-berkeley --reason "page removed; screenshot only"`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return g.runExport(c.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.caseRef, "case", "", "the case to export (required)")
	fl.StringArrayVar(&f.captures, "capture", nil, "a capture to export, by ID; repeat for more (default: all not withdrawn)")
	fl.StringVar(&f.prefix, "exhibit-prefix", "", "exhibit reference prefix, e.g. JS for JS/1 (default: the officer's initials)")
	fl.StringVarP(&f.output, "output", "o", "", "the pack file to write (default: exports/<case>-<date>.zip in the workspace)")
	fl.BoolVar(&f.override, "override-berkeley", false, "export captures that lack the Berkeley minimum (needs --reason; audited)")
	fl.StringVar(&f.reason, "reason", "", "why the Berkeley minimum is overridden")
	return cmd
}

func (g *globals) runExport(ctx context.Context, f exportFlags) error {
	switch {
	case f.caseRef == "":
		return usagef("export needs --case REF")
	case f.override && strings.TrimSpace(f.reason) == "":
		return usagef("--override-berkeley needs --reason TEXT")
	case f.reason != "" && !f.override:
		return usagef("--reason goes with --override-berkeley")
	}
	ws, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer ws.Close()
	res, err := ws.Export(ctx, workspace.ExportRequest{
		Case: f.caseRef, Captures: f.captures, ExhibitPrefix: f.prefix, Output: f.output,
		OverrideBerkeley: f.override, OverrideReason: f.reason,
	}, g.exportProgress())
	var be *workspace.BerkeleyError
	if errors.As(err, &be) {
		fmt.Fprintf(g.stderr, "sightline: error: %s\n", err)
		fmt.Fprintln(g.stderr, "sightline: hint: capture the page again, or export anyway with --override-berkeley --reason TEXT (the override is audited)")
		return checksFailed{err.Error()}
	}
	if err != nil {
		return err
	}
	return g.printExport(res)
}

func (g *globals) printExport(res workspace.ExportResult) error {
	for _, gap := range res.Overridden {
		fmt.Fprintf(g.stderr, "sightline: warning: %s lacks %s; exported under the audited override\n", gap.Capture, strings.Join(gap.Missing, ", "))
	}
	if !strings.HasPrefix(res.AuditStatus, "intact") {
		fmt.Fprintf(g.stderr, "sightline: warning: audit log: %s\n", res.AuditStatus)
	}
	if g.json {
		return g.emit("export", res)
	}
	fmt.Fprintf(g.stdout, "pack\t%s\nsha256\t%s\n", res.Path, res.SHA256)
	for _, e := range res.Exhibits {
		state := ""
		if e.Withdrawn {
			state = "\tWITHDRAWN: " + e.WithdrawnReason
		}
		fmt.Fprintf(g.stdout, "%s\t%s\t%s\t%s%s\n", e.Ref, e.File, e.CaptureID, e.URL, state)
	}
	return nil
}

// exportStages prints each stage of an export on stderr.
type exportStages struct{ g *globals }

func (p exportStages) Stage(name string) { fmt.Fprintf(p.g.stderr, "sightline: export: %s\n", name) }
func (p exportStages) Add(int64, int64)  {}

// exportProgress shows the export's stages (see showProgress).
func (g *globals) exportProgress() pack.Progress {
	if g.showProgress() {
		return exportStages{g}
	}
	return nil
}
