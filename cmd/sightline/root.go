package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// Exit codes, DESIGN.md §8. A new code is added here; none is ever reused.
const (
	exitOK     = 0
	exitFailed = 1 // a check or an operation failed
	exitUsage  = 2 // the command line was wrong
)

// globals are the flags every command takes, and where output goes.
type globals struct {
	workspace string
	central   string // --central DSN, as given
	json      bool
	// progressLines shows progress on stderr when it is not a terminal.
	progressLines bool
	stdout        io.Writer
	stderr        io.Writer
}

// showProgress says whether long work reports its stages on stderr.
func (g *globals) showProgress() bool { return g.progressLines || isTerminal(g.stderr) }

// usageError marks a wrong command line (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run runs one command line and returns its exit code. With no command,
// whatever global flags are given, it starts the desktop app.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g := &globals{stdout: stdout, stderr: stderr}
	root := newRootCommand(g)
	root.SetArgs(args)
	return g.report(root.ExecuteContext(ctx))
}

func newRootCommand(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "sightline",
		Short: "Capture web pages as signed, verifiable evidence, with an audit log and RIPA safeguards",
		Long: `Sightline captures web pages and social-media posts as sealed, signed evidence
bundles, keeps an append-only hash-chained audit log, and warns before repeated
viewing of a subject needs a directed surveillance authorisation.

With no command, sightline opens the desktop app.`,
		Example: `  sightline officer set 4127 --name "DC Sam Patel"
  sightline case new OP-KESTREL-24 --title "Kestrel"
  sightline capture --case OP-KESTREL-24 https://example.org/
  sightline verify bundle.wacz`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.Args = cobra.ArbitraryArgs
	root.RunE = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %q for %q", args[0], c.CommandPath())
		}
		return runApp(c.Context(), g)
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.workspace, "workspace", os.Getenv("SIGHTLINE_WORKSPACE"),
		"workspace directory (default $XDG_DATA_HOME/sightline; env SIGHTLINE_WORKSPACE)")
	pf.StringVar(&g.central, "central", "",
		"the central store's DSN, e.g. \"host=audit.example user=ws-0412 dbname=sightline sslmode=verify-full\" (env SIGHTLINE_CENTRAL); "+
			"the password only from PGPASSWORD or a 0600 PGPASSFILE")
	pf.BoolVar(&g.json, "json", false, "write JSON Lines, each with a \"type\" field, for scripts")
	pf.BoolVar(&g.progressLines, "progress", false, "show the stages of long work (capture, export, sync) on stderr even when it is not a terminal")
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newOfficerCommand(g), newCaseCommand(g), newPersonaCommand(g), newSubjectCommand(g), newCaptureCommand(g),
		newVerifyCommand(g), newAuditCommand(g))
	root.AddCommand(newCheckCommand(g), newViewCommand(g), newJustifyCommand(g), newAuthorisationCommand(g), newPolicyCommand(g), newRulesCommand(g), newTrainingCommand(g), newTimestampCommand(g))
	root.AddCommand(newExportCommand(g), newKeyCommand(g), newSyncCommand(g), newCentralCommand(g), newLightCommand(g))
	root.AddCommand(newDoctorCommand(g))
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: "Explain a command and its flags",
		RunE: func(c *cobra.Command, args []string) error {
			target, _, err := root.Find(args)
			if err != nil || target == nil {
				return usagef("unknown help topic %q", strings.Join(args, " "))
			}
			return target.Help()
		},
	})
	return root
}

// asGroup makes a command that only holds subcommands refuse anything else
// as a usage error, where cobra would print its help and succeed.
func asGroup(c *cobra.Command) *cobra.Command {
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %q for %q", args[0], c.CommandPath())
		}
		c.Help() //nolint:errcheck // the usage error below is what matters
		return usagef("%s needs a subcommand", c.CommandPath())
	}
	return c
}

// noArgs refuses arguments, as a usage error.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], c.CommandPath())
	}
	return nil
}

// exactArgs wants n arguments, as a usage error otherwise.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %d argument(s), got %d; see %q", c.CommandPath(), n, len(args), c.CommandPath()+" -h")
		}
		return nil
	}
}

func (g *globals) open(ctx context.Context) (*workspace.Workspace, error) {
	dir, err := g.dir()
	if err != nil {
		return nil, err
	}
	return workspace.Open(ctx, dir, workspace.WithCentral(workspace.CentralDSN(g.central)))
}

// dir is the workspace directory: --workspace, else SIGHTLINE_WORKSPACE
// (read here too, since the app starts without parsing flags), else the
// default.
func (g *globals) dir() (string, error) {
	if g.workspace != "" {
		return g.workspace, nil
	}
	if env := os.Getenv("SIGHTLINE_WORKSPACE"); env != "" {
		return env, nil
	}
	return workspace.DefaultDir()
}

// withWorkspace opens the workspace for fn and closes it after.
func (g *globals) withWorkspace(ctx context.Context, fn func(context.Context, *workspace.Workspace) error) error {
	ws, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer ws.Close()
	return fn(ctx, ws)
}

// emit writes one JSON Lines record with its type.
func (g *globals) emit(typ string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if string(b) == "{}" {
		_, err = fmt.Fprintf(g.stdout, "{\"type\":%q}\n", typ)
		return err
	}
	_, err = fmt.Fprintf(g.stdout, "{\"type\":%q,%s\n", typ, b[1:])
	return err
}

// emitAll writes each of items as a JSON Lines record of type typ.
func emitAll[T any](g *globals, typ string, items []T) error {
	for _, it := range items {
		if err := g.emit(typ, it); err != nil {
			return err
		}
	}
	return nil
}

// report turns an error into a message, a hint and an exit code: the one
// place where errors become sentences.
func (g *globals) report(err error) int {
	if err == nil {
		return exitOK
	}
	code := exitFailed
	var ue usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") {
		code = exitUsage
	}
	var failed checksFailed
	if errors.As(err, &failed) {
		if g.json {
			g.emit("error", map[string]any{"message": err.Error(), "exit": code}) //nolint:errcheck // best effort
		}
		return code
	}
	fmt.Fprintf(g.stderr, "sightline: error: %s\n", err)
	if h := hint(err); h != "" {
		fmt.Fprintf(g.stderr, "sightline: hint: %s\n", h)
	}
	if g.json {
		g.emit("error", map[string]any{"message": err.Error(), "exit": code}) //nolint:errcheck // best effort
	}
	return code
}

// checksFailed is returned by commands that already printed which checks
// failed; only the exit code is left to give.
type checksFailed struct{ what string }

func (e checksFailed) Error() string { return e.what }

func hint(err error) string {
	var le *capture.LoadError
	var se *workspace.StorageError
	switch {
	case errors.As(err, &se) && errors.Is(se.Cause, workspace.ErrDiskFull):
		return fmt.Sprintf("free space on the disk that holds %s (df -h %s), then try again; what failed left nothing behind", se.Dir, se.Dir)
	case errors.As(err, &se):
		return fmt.Sprintf("make %s writable (remount it read-write), or use another workspace with --workspace DIR", se.Dir)
	case errors.Is(err, workspace.ErrNoOfficer):
		return `set the officer first: sightline officer set ID --name "NAME"`
	case errors.Is(err, workspace.ErrCaseNotFound):
		return "list the cases with: sightline case list"
	case errors.Is(err, viewing.ErrSubjectNotFound):
		return "list the subjects with: sightline subject list --case REF"
	case errors.Is(err, workspace.ErrCaseClosed):
		return "a closed case takes no new captures; open a new case"
	case errors.Is(err, viewing.ErrAuthorisationNotFound):
		return "list the case's authorisations with: sightline authorisation list --case REF"
	case errors.Is(err, viewing.ErrAuthorisationExists):
		return "a reference is recorded once per case; record a renewal under its own reference"
	case errors.Is(err, viewing.ErrNothingToJustify):
		return "see which subjects a page matches with: sightline check URL --case REF"
	case errors.Is(err, workspace.ErrPersonaNotFound):
		return "list the personas with: sightline persona list"
	case errors.Is(err, capture.ErrUnsupportedScheme):
		return "only http:// and https:// addresses can be captured"
	case errors.Is(err, central.ErrPasswordInDSN):
		return "export PGPASSWORD, or put the password in a file only you can read (chmod 600) named by PGPASSFILE"
	case errors.Is(err, central.ErrRefused):
		return "this workstation's audit log differs from what the central store holds; do not use it further and tell the auditor"
	case errors.As(err, &le):
		return "check the address, and that this machine can reach the site"
	case errors.Is(err, capture.ErrPageCrashed):
		return "the page made Chromium's renderer crash (often by using all its memory); the browser is fine: capture another page, or try this one again"
	case errors.Is(err, capture.ErrPageUnresponsive):
		return "the page keeps the browser busy; try again, or open it in the research browser and capture what is on screen"
	}
	var ue usageError
	if errors.As(err, &ue) {
		return `see "sightline help"`
	}
	return ""
}
