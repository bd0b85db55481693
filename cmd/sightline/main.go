// Command sightline is the Sightline desktop app and its command line.
//
// With no arguments it opens the desktop app; otherwise it runs a command
// (see "sightline help"). Exit codes: 0 success, 1 a check or operation
// failed, 2 usage error.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// What Sightline and the Chromium it starts write is the officer's
	// alone: evidence, the audit database, browser profiles.
	syscall.Umask(0o077)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
