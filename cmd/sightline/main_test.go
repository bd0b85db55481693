package main

import (
	"archive/zip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/sightline-osint/sightline/internal/testenv"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sightline": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar: each is a command-line session
// checked for stdout, stderr and exit status. $SITE serves testdata/site.
func TestScripts(t *testing.T) {
	site := httptest.NewServer(http.FileServer(http.Dir("testdata/site")))
	t.Cleanup(site.Close)                                                                            // the scripts run in parallel, after this function returns
	tsas := []*testenv.TSA{testenv.StartTSA(t, "Script TSA 1"), testenv.StartTSA(t, "Script TSA 2")} // for timestamps.txtar alone
	socks := testenv.StartProxy(t, "socks5", "script-user-x7", "script-pass-q3")                     // for persona.txtar alone
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SITE", site.URL)
			env.Setenv("SOCKSPROXY", socks.URL())
			env.Setenv("SIGHTLINE_WORKSPACE", env.WorkDir+"/ws")
			env.Setenv("SIGHTLINE_KEYRING", "file")
			env.Setenv("HOME", env.WorkDir+"/home")
			for i, a := range tsas {
				env.Setenv(fmt.Sprintf("TSA%d", i+1), a.URL)
				env.Setenv(fmt.Sprintf("TSA%dCA", i+1), a.CAFile)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"flipbyte":  flipByte,
			"onebundle": oneBundle,
			"expand":    expandEnv,
			"bundleof":  bundleOf,
			"tsa": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 || (args[0] != "down" && args[0] != "up") || (args[1] != "1" && args[1] != "2") {
					ts.Fatalf("usage: tsa down|up 1|2")
				}
				tsas[args[1][0]-'1'].SetDown(args[0] == "down")
			},
		},
	})
}

// flipByte BUNDLE ENTRY inverts one byte in the middle of ENTRY's stored
// data inside the zip file BUNDLE, as a tamperer with a hex editor would.
func flipByte(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: flipbyte BUNDLE ENTRY")
	}
	path := ts.MkAbs(args[0])
	zr, err := zip.OpenReader(path)
	ts.Check(err)
	var offset int64 = -1
	for _, f := range zr.File {
		if f.Name == args[1] {
			start, err := f.DataOffset()
			ts.Check(err)
			offset = start + int64(f.CompressedSize64)/2
		}
	}
	zr.Close()
	if offset < 0 {
		ts.Fatalf("%s has no entry %s", path, args[1])
	}
	ts.Check(os.Chmod(path, 0o644))
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	ts.Check(err)
	defer f.Close()
	b := make([]byte, 1)
	_, err = f.ReadAt(b, offset)
	ts.Check(err)
	b[0] ^= 0xff
	_, err = f.WriteAt(b, offset)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "flipped byte %d of %s in %s\n", offset, args[1], path)
}

// oneBundle CASE DEST copies the case's only bundle to DEST.
func oneBundle(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: onebundle CASE DEST")
	}
	data, err := os.ReadFile(theBundle(ts, args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

// bundleOf CASE sets $BUNDLE to the path of the case's only bundle and
// $BUNDLEBASE to it without ".wacz", where its timestamps are.
func bundleOf(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: bundleof CASE")
	}
	path := theBundle(ts, args[0])
	ts.Setenv("BUNDLE", path)
	ts.Setenv("BUNDLEBASE", strings.TrimSuffix(path, ".wacz"))
}

// theBundle is the path of the case's only bundle.
func theBundle(ts *testscript.TestScript, caseRef string) string {
	matches, err := filepath.Glob(filepath.Join(ts.Getenv("SIGHTLINE_WORKSPACE"), "bundles", caseRef, "*.wacz"))
	ts.Check(err)
	if len(matches) != 1 {
		ts.Fatalf("case %s has %d bundles, want 1", caseRef, len(matches))
	}
	return matches[0]
}

// expandEnv SRC DST writes SRC with its $VARIABLES expanded to DST.
func expandEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: expand SRC DST")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(os.Expand(ts.ReadFile(args[0]), ts.Getenv)), 0o644))
}
