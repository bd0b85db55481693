package pack

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyne checks that pack stays free of the UI toolkit (STYLE.md §6):
// the app renders the Report it returns.
func TestNoFyne(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not in PATH: %v", err)
	}
	out, err := exec.CommandContext(t.Context(), goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list found only %d dependencies: %v", len(deps), deps)
	}
	for _, dep := range deps {
		if strings.HasPrefix(dep, "fyne.io/") {
			t.Errorf("pack imports %s", dep)
		}
	}
}
