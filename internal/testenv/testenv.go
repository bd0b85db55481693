// Package testenv finds what tests need beyond Go: programs on PATH
// (Chromium, the sqlite3 CLI, poppler's pdftotext, node, unzip, openssl,
// dbus-run-session) and the independent WARC and WACZ readers that
// scripts/install-tools.sh puts in the checkout's .tools/.
//
// A test that needs something missing fails, naming what is missing and how
// to install it: `make test` installs everything, and a plain `go test
// ./...` must not pass by skipping the checks that matter most. The one
// switch, SIGHTLINE_ALLOW_MISSING_TOOLS=1, makes such a test skip instead,
// for a quick run on a machine without them.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// AllowMissing is the environment variable that makes tests skip, rather
// than fail, when something they need is missing.
const AllowMissing = "SIGHTLINE_ALLOW_MISSING_TOOLS"

// install says how to get each program, by name.
var install = map[string]string{
	"chromium":             "apt-get install chromium",
	"sqlite3":              "apt-get install sqlite3",
	"pdftotext":            "apt-get install poppler-utils",
	"pdftoppm":             "apt-get install poppler-utils",
	"node":                 "apt-get install nodejs",
	"unzip":                "apt-get install unzip",
	"openssl":              "apt-get install openssl",
	"python3":              "apt-get install python3",
	"sha256sum":            "apt-get install coreutils",
	"dbus-run-session":     "apt-get install dbus",
	"gnome-keyring-daemon": "apt-get install gnome-keyring",
	"xwininfo":             "apt-get install x11-utils",
	"import":               "apt-get install imagemagick",
}

// Missing fails tb, or skips it under SIGHTLINE_ALLOW_MISSING_TOOLS=1,
// saying what is missing and how to get it.
func Missing(tb testing.TB, what, how string) {
	tb.Helper()
	if os.Getenv(AllowMissing) == "1" {
		tb.Skipf("%s is missing (%s); skipped because %s=1", what, how, AllowMissing)
		return
	}
	tb.Fatalf("%s is missing: %s, or run make deps-test (set %s=1 to skip instead)", what, how, AllowMissing)
}

// Command returns the path of the program name on PATH.
func Command(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		how := install[name]
		if how == "" {
			how = "install it"
		}
		Missing(tb, name, how)
	}
	return p
}

// Commands checks that every program in names is on PATH.
func Commands(tb testing.TB, names ...string) {
	tb.Helper()
	for _, n := range names {
		Command(tb, n)
	}
}

// Tool returns the absolute path of rel under the checkout's .tools/,
// where scripts/install-tools.sh installs the independent readers.
func Tool(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Root(tb), ".tools", rel)
	if _, err := os.Stat(p); err != nil {
		Missing(tb, filepath.Join(".tools", rel), "run scripts/install-tools.sh")
	}
	return p
}

var root struct {
	once sync.Once
	dir  string
	err  error
}

// Root is the checkout: the nearest directory above the working directory
// that holds go.mod.
func Root(tb testing.TB) string {
	tb.Helper()
	root.once.Do(func() {
		dir, err := os.Getwd()
		for err == nil {
			if _, serr := os.Stat(filepath.Join(dir, "go.mod")); serr == nil {
				root.dir = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				err = os.ErrNotExist
				break
			}
			dir = parent
		}
		root.err = err
	})
	if root.err != nil {
		tb.Fatalf("find the checkout's go.mod: %v", root.err)
	}
	return root.dir
}

// CancelAt is a capture.Progress (and any progress with Stage and Add) that
// calls Cancel when the work reaches stage Name, so a test cancels at an
// event rather than after a guessed time.
type CancelAt struct {
	Name   string
	Cancel func()
}

// Stage cancels when name is the stage waited for.
func (c CancelAt) Stage(name string) {
	if name == c.Name {
		c.Cancel()
	}
}

// Add ignores the counts.
func (CancelAt) Add(int64, int64) {}

// Stress is the environment variable `make stress` sets: tests with a long
// version (kills, hostile pages, load) run it; `make test` runs the short.
const Stress = "SIGHTLINE_STRESS"

// Scale returns short, or long under SIGHTLINE_STRESS=1.
func Scale(short, long int) int {
	if os.Getenv(Stress) == "1" {
		return long
	}
	return short
}
