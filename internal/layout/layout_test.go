package layout

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/internal/testenv"
)

const module = "github.com/sightline-osint/sightline/"

// rule forbids packages under from to depend, directly or not, on any
// package with one of the prefixes in banned.
type rule struct {
	from   string
	banned []string
	why    string
}

var rules = []rule{
	{"capture", []string{module + "evidence", module + "audit", module + "workspace", module + "app", module + "keys", module + "central", "fyne.io/"},
		"capture returns results and knows nothing of what is made of them"},
	{"audit", []string{module + "evidence", module + "workspace", module + "app", module + "central", "fyne.io/"},
		"the audit sits below the evidence tree"},
	{"keys", []string{module + "evidence", module + "audit", module + "workspace", module + "app", module + "central", "fyne.io/"},
		"keys is below evidence and audit"},
	{"evidence", []string{module + "workspace", module + "app", module + "central", "fyne.io/"}, "evidence knows no application layer or UI"},
	{"central", []string{module + "workspace", module + "app", module + "evidence", module + "capture", "fyne.io/"},
		"the central store holds audit data; only workspace and cmd/sightline use it"},
	{"workspace", []string{module + "app", "fyne.io/"}, "the application layer renders nothing (STYLE.md §6)"},
	{"internal", []string{module + "workspace", module + "app", module + "central", "fyne.io/"}, "internal helpers sit at the bottom"},
}

// TestDependenciesPointOneWay checks every rule over every package's
// dependencies, as go list -deps reports them.
func TestDependenciesPointOneWay(t *testing.T) {
	goTool := testenv.Command(t, "go")
	cmd := exec.CommandContext(t.Context(), goTool, "list", "-deps", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, "./...")
	cmd.Dir = testenv.Root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		pkg, deps := strings.TrimPrefix(fields[0], module), fields[1:]
		for _, r := range rules {
			if pkg != r.from && !strings.HasPrefix(pkg, r.from+"/") {
				continue
			}
			checked[r.from] = true
			for _, d := range deps {
				for _, b := range r.banned {
					if strings.HasPrefix(d, b) {
						t.Errorf("%s depends on %s: %s", pkg, d, r.why)
					}
				}
			}
		}
	}
	for _, r := range rules {
		if !checked[r.from] {
			t.Errorf("no package under %s was checked", r.from)
		}
	}
}
