package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/workspace"
)

func newKeyCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Show, export or rotate the workstation key that signs bundles, packs and checkpoints",
	}
	asGroup(cmd)
	show := &cobra.Command{
		Use:     "show",
		Short:   "Show the workstation key's fingerprint, curve and store, and the retired keys",
		Example: "  sightline key show",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), g.showKey)
		},
	}
	var out string
	export := &cobra.Command{
		Use:     "export-public -o FILE",
		Short:   "Write the workstation's public key as PEM, for verifiers",
		Example: "  sightline key export-public -o workstation.pem",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("key export-public needs -o FILE")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				k, err := ws.Key()
				if err != nil {
					return err
				}
				if err := os.WriteFile(out, k.PublicKeyPEM(), 0o644); err != nil {
					return fmt.Errorf("export public key: %w", err)
				}
				return g.printKeyLine("key", k.Fingerprint(), k.Curve(), k.Store(), out)
			})
		},
	}
	export.Flags().StringVarP(&out, "output", "o", "", "the PEM file to write")
	rotate := &cobra.Command{
		Use:   "rotate",
		Short: "Replace the workstation key with a new P-384 key; the old public key is kept, old bundles still verify",
		Example: `  sightline key rotate
  sightline key show`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				old, current, err := ws.RotateKey(ctx)
				if err != nil {
					return err
				}
				if err := g.printKeyLine("retired", old.Fingerprint(), old.Curve(), old.Store(), ""); err != nil {
					return err
				}
				return g.printKeyLine("key", current.Fingerprint(), current.Curve(), current.Store(), "")
			})
		},
	}
	cmd.AddCommand(show, export, rotate)
	return cmd
}

func (g *globals) showKey(ctx context.Context, ws *workspace.Workspace) error {
	k, err := ws.Key()
	if err != nil {
		return err
	}
	if err := g.printKeyLine("key", k.Fingerprint(), k.Curve(), k.Store(), ""); err != nil {
		return err
	}
	if k.Curve() == "P-256" {
		fmt.Fprintln(g.stderr, "sightline: hint: ReplayWeb.page cannot check P-256 signatures; \"sightline key rotate\" makes a P-384 key (old bundles still verify)")
	}
	retired, err := ws.RetiredKeys()
	if err != nil {
		return err
	}
	for _, r := range retired {
		if err := g.printKeyLine("retired", r.Fingerprint, r.Curve, r.Retired.Format("2006-01-02T15:04:05Z"), ""); err != nil {
			return err
		}
	}
	if !g.json {
		_, err = fmt.Fprintf(g.stdout, "%s", k.PublicKeyPEM())
	}
	return err
}

// printKeyLine prints "key|retired FINGERPRINT CURVE STORE-OR-TIME [FILE]".
func (g *globals) printKeyLine(kind, fingerprint, curve, where, file string) error {
	if g.json {
		return g.emit(kind, map[string]string{"fingerprint": fingerprint, "curve": curve, "where": where, "file": file})
	}
	_, err := fmt.Fprintf(g.stdout, "%s\t%s\t%s\t%s\t%s\n", kind, fingerprint, curve, where, file)
	return err
}
