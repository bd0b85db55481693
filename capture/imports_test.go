package capture

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyne keeps the UI toolkit out of capture and everything it imports
// (STYLE.md §6).
func TestNoFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "fyne.io/") {
			t.Errorf("capture imports %s", pkg)
		}
	}
}
