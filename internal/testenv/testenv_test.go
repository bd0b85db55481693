package testenv

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records how a helper ended the test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...) }
func (r *recorder) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...) }

func TestMissingFailsUnlessAllowed(t *testing.T) {
	t.Setenv(AllowMissing, "")
	r := &recorder{TB: t}
	Command(r, "sightline-no-such-program")
	if r.skip != "" || !strings.Contains(r.fatal, "sightline-no-such-program is missing") || !strings.Contains(r.fatal, "make deps-test") {
		t.Errorf("fatal %q, skip %q: want a failure naming the program and the fix", r.fatal, r.skip)
	}

	t.Setenv(AllowMissing, "1")
	r = &recorder{TB: t}
	Tool(r, "no/such/tool")
	if r.fatal != "" || !strings.Contains(r.skip, ".tools/no/such/tool is missing") {
		t.Errorf("fatal %q, skip %q: want a skip under %s=1", r.fatal, r.skip, AllowMissing)
	}
}

func TestFound(t *testing.T) {
	r := &recorder{TB: t}
	if p := Command(r, "go"); p == "" || r.fatal != "" || r.skip != "" {
		t.Errorf("Command(go) = %q, fatal %q, skip %q", p, r.fatal, r.skip)
	}
	if root := Root(t); !strings.HasSuffix(Tool(r, "../go.mod"), "go.mod") || root == "" || r.fatal != "" {
		t.Errorf("root %q, fatal %q", root, r.fatal)
	}
}
