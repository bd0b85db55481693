package warc

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStandardLibraryOnly checks that the package imports nothing outside
// the standard library (so the UI toolkit neither, STYLE.md §6): the
// checkers that test it must stay independent of it, and it of them.
func TestStandardLibraryOnly(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not in PATH: %v", err)
	}
	out, err := exec.CommandContext(t.Context(), goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) != 1 || deps[0] != "github.com/sightline-osint/sightline/capture/warc" {
		t.Errorf("non-standard dependencies: %v", deps)
	}
}
