package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/evidence/pack"
	"github.com/sightline-osint/sightline/evidence/timestamp"
	"github.com/sightline-osint/sightline/workspace"
)

func newVerifyCommand(g *globals) *cobra.Command {
	var tsaCAs []string
	cmd := &cobra.Command{
		Use:   "verify FILE ...",
		Short: "Verify bundles and evidence packs: every hash and signature; needs no workspace",
		Long: `Verify each bundle (.wacz): every file against the SHA-256 and size listed in
datapackage.json, no unlisted files, datapackage.json against
datapackage-digest.json, and the signature with the embedded public key.

Verify each evidence pack (a ZIP with a manifest.json, as "sightline export"
writes): every line of SHA256SUMS and every file of the manifest, no file
missing or added, the manifest's signature under public-key.pem and the key
the manifest names, each bundle as above (its checks named
bundles/XX-1.wacz/<file>), and the audit extract's hashes and links.

RFC 3161 timestamps kept beside a bundle (<bundle>.<n>.tsr) are checked
against its identity; with --tsa-ca, their authorities against those trust
anchors too.

Every check is listed with ✓ or ✗; the exit code is 1 if any check failed.
It needs no workspace and no keyring. Compare the key fingerprint printed
with the workstation key obtained by another route.`,
		Example: `  sightline verify bundles/OP-KESTREL-24/20261123T113108Z-3f9a1c.wacz
  sightline verify OP-KESTREL-24-2026-11-23.zip
  sightline verify --json *.wacz`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("verify needs at least one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			var roots *x509.CertPool
			var anchors []byte
			for _, f := range tsaCAs {
				b, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				anchors = append(anchors, b...)
			}
			if len(tsaCAs) > 0 {
				var err error
				if roots, err = timestamp.Roots(anchors); err != nil {
					return fmt.Errorf("--tsa-ca %v: %w", tsaCAs, err)
				}
			}
			bad := 0
			err := g.maybeWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				for _, path := range args {
					ok, err := g.verifyFile(ctx, ws, path, roots)
					if err != nil {
						return err
					}
					if !ok {
						bad++
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			if bad > 0 {
				return checksFailed{fmt.Sprintf("%d of %d files failed verification", bad, len(args))}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&tsaCAs, "tsa-ca", nil, "PEM trust anchors for the timestamps' authorities (repeatable)")
	return cmd
}

// warnNotRecorded turns a verification that stands but was not recorded
// into a warning: verifying reads and changes nothing.
func (g *globals) warnNotRecorded(err error) error {
	var nr *workspace.NotRecordedError
	if errors.As(err, &nr) {
		fmt.Fprintf(g.stderr, "sightline: warning: %s\n", nr)
		return nil
	}
	return err
}

// maybeWorkspace runs fn with the workspace when there is one, so that what
// it verifies is recorded there, and with nil otherwise: verifying needs no
// workspace and never makes one.
func (g *globals) maybeWorkspace(ctx context.Context, fn func(context.Context, *workspace.Workspace) error) error {
	if dir, err := g.dir(); err == nil && workspace.Exists(dir) {
		return g.withWorkspace(ctx, fn)
	}
	return fn(ctx, nil)
}

// verifyFile verifies one bundle or pack, recorded in ws when there is
// one, and prints its checks. A file that cannot be read is reported and
// not OK; the error is for output that cannot be written.
func (g *globals) verifyFile(ctx context.Context, ws *workspace.Workspace, path string, roots *x509.CertPool) (bool, error) {
	var v workspace.FileVerification
	var err error
	if ws != nil {
		v, err = ws.VerifyFile(ctx, path)
	} else {
		v, err = workspace.VerifyFile(ctx, path)
	}
	switch err = g.warnNotRecorded(err); {
	case err != nil:
		g.report(err)
		return false, nil
	case v.Pack != nil:
		return v.Pack.OK(), g.printPackVerify(*v.Pack)
	}
	if _, err := timestamp.CheckBeside(&v.Bundle.Verification, roots); err != nil {
		return false, err
	}
	return v.Bundle.OK(), g.printVerify(*v.Bundle)
}

type checkJSON struct {
	File  string `json:"file"`
	Check string `json:"check"`
	Path  string `json:"path,omitempty"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// printChecks prints every check of a verification.
func (g *globals) printChecks(v evidence.Verification) error {
	for _, c := range v.Checks {
		if err := g.printCheck(v.Path, c.Name, c.Path(), c.OK, c.Err); err != nil {
			return err
		}
	}
	return nil
}

func (g *globals) printVerify(rep bundle.Report) error {
	if err := g.printChecks(rep.Verification); err != nil {
		return err
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

func (g *globals) printPackVerify(rep pack.Report) error {
	if err := g.printChecks(rep.Verification); err != nil {
		return err
	}
	m := rep.Manifest
	if g.json {
		return g.emit("verify", map[string]any{"file": rep.Path, "kind": "pack", "ok": rep.OK(), "id": rep.ID,
			"fingerprint": rep.Fingerprint, "case": m.Case, "exhibits": len(m.Exhibits)})
	}
	verdict := "VERIFIED"
	if !rep.OK() {
		verdict = "FAILED"
	}
	exhibits := fmt.Sprintf("%d exhibits", len(m.Exhibits))
	if len(m.Exhibits) == 1 {
		exhibits = "1 exhibit"
	}
	_, err := fmt.Fprintf(g.stdout, "%s %s (pack %s, case %s, %s, signed by key %s)\n",
		verdict, rep.Path, rep.ID, m.Case, exhibits, rep.Fingerprint)
	return err
}

// printCheck prints one check as a ✓ or ✗ line, or a JSON record.
func (g *globals) printCheck(file, name, path string, ok bool, cerr error) error {
	if g.json {
		j := checkJSON{File: file, Check: name, Path: path, OK: ok}
		if cerr != nil {
			j.Error = cerr.Error()
		}
		return g.emit("check", j)
	}
	mark, what := "✓", name
	if path != "" {
		what += " " + path
	}
	if !ok {
		mark = "✗"
		if cerr != nil {
			what += ": " + cerr.Error()
		}
	}
	_, err := fmt.Fprintf(g.stdout, "%s %s\n", mark, what)
	return err
}
