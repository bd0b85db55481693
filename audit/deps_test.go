package audit

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyne keeps the package free of the UI toolkit (STYLE.md §6).
func TestNoFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "fyne.io/") {
			t.Fatalf("audit depends on %s", pkg)
		}
	}
}
