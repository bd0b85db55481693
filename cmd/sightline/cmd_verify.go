package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/evidence/bundle"
)

func newVerifyCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "verify FILE ...",
		Short: "Verify bundles: every hash and the signature; needs no workspace",
		Long: `Verify each bundle (.wacz): every file against the SHA-256 and size listed in
datapackage.json, no unlisted files, datapackage.json against
datapackage-digest.json, and the signature with the embedded public key.
Every check is listed with ✓ or ✗; the exit code is 1 if any check failed.
It needs no workspace and no keyring.`,
		Example: `  sightline verify bundles/OP-KESTREL-24/20261123T113108Z-3f9a1c.wacz
  sightline verify --json *.wacz`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("verify needs at least one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			bad := 0
			for _, path := range args {
				rep, err := bundle.Verify(c.Context(), path)
				if err != nil {
					bad++
					g.report(err)
					continue
				}
				if err := g.printVerify(rep); err != nil {
					return err
				}
				if !rep.OK() {
					bad++
				}
			}
			if bad > 0 {
				return checksFailed{fmt.Sprintf("%d of %d files failed verification", bad, len(args))}
			}
			return nil
		},
	}
}

type checkJSON struct {
	File  string `json:"file"`
	Check string `json:"check"`
	Path  string `json:"path,omitempty"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func (g *globals) printVerify(rep bundle.Report) error {
	for _, c := range rep.Checks {
		if g.json {
			j := checkJSON{File: rep.Path, Check: c.Name, Path: c.File, OK: c.OK}
			if c.Err != nil {
				j.Error = c.Err.Error()
			}
			if err := g.emit("check", j); err != nil {
				return err
			}
			continue
		}
		mark, what := "✓", c.Name
		if c.File != "" {
			what += " " + c.File
		}
		if !c.OK {
			mark = "✗"
			if c.Err != nil {
				what += ": " + c.Err.Error()
			}
		}
		fmt.Fprintf(g.stdout, "%s %s\n", mark, what)
	}
	verdict := "VERIFIED"
	if !rep.OK() {
		verdict = "FAILED"
	}
	if g.json {
		return g.emit("verify", map[string]any{"file": rep.Path, "ok": rep.OK(), "id": rep.ID, "fingerprint": rep.Fingerprint})
	}
	_, err := fmt.Fprintf(g.stdout, "%s %s (bundle %s, signed by key %s)\n", verdict, rep.Path, rep.ID, rep.Fingerprint)
	return err
}
