package ripa

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestDependencies keeps the rules pure: no UI toolkit (STYLE.md §6), no
// database and no network.
func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"fyne.io/", "database/sql", "modernc.org/sqlite", "net/http"} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("ripa depends on %s", pkg)
			}
		}
	}
}

// TestPure keeps time injected and state out of the package: no source
// file reads the clock, and the only package-level variables are error
// sentinels.
func TestPure(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, call := range []string{"time.Now(", "time.Since(", "time.Until(", "time.Tick(", "time.After(", "time.NewTimer("} {
			if strings.Contains(string(src), call) {
				t.Errorf("%s calls %s", name, strconv.Quote(call))
			}
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					if !strings.HasPrefix(n.Name, "Err") {
						t.Errorf("%s: package-level variable %s", fset.Position(n.Pos()), n.Name)
					}
				}
			}
		}
	}
}
