package warc

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestStandardLibraryOnly checks that the package imports nothing outside
// the standard library but the module's own byte counter (so the UI
// toolkit neither, STYLE.md §6): the checkers that test it must stay
// independent of it, and it of them.
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
	want := []string{"github.com/sightline-osint/sightline/internal/stream", "github.com/sightline-osint/sightline/capture/warc"}
	if !slices.Equal(deps, want) {
		t.Errorf("non-standard dependencies: %v", deps)
	}
}
