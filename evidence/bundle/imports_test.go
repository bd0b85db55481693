package bundle

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyne checks that the evidence packages stay free of the UI toolkit
// (STYLE.md §6): the app renders what they return.
func TestNoFyne(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not in PATH: %v", err)
	}
	out, err := exec.CommandContext(t.Context(), goTool, "list", "-deps", ".", "../../keys").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list found only %d dependencies: %v", len(deps), deps)
	}
	for _, dep := range deps {
		if strings.HasPrefix(dep, "fyne.io/") {
			t.Errorf("evidence imports %s", dep)
		}
	}
}
