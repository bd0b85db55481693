package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/internal/testenv"
	"github.com/sightline-osint/sightline/workspace"
)

// crashKills is how many SIGKILLs TestCrashSafetyUnderSIGKILL lands, by
// command, under make stress; make test lands 60 in all.
var crashKills = map[string]int{"capture": 120, "view": 45, "export": 45}

// TestCrashSafetyUnderSIGKILL runs real `sightline capture`, `view` and
// `export` processes on one workspace and kills them with SIGKILL at
// random points: in a random stage (before the first progress line:
// opening the workspace, starting Chromium; after one: loading, recording,
// sealing and committing, writing the pack), at a random instant inside
// it. Every tenth run is left to finish, so that there is evidence to
// export and stages to time. The long run (make stress) lands a kill in
// every stage. After each kill: the
// workspace opens; its audit chain verifies; every bundle the database
// records exists, verifies and has its capture event; no bundle exists
// that is not recorded; every recorded export's pack exists with its
// hash; and nothing is left in tmp/ once the workspace has been opened.
// At the end `sightline doctor` passes and no Chromium of the workspace
// is left running. SIGHTLINE_TEST_SEED repeats a run.
func TestCrashSafetyUnderSIGKILL(t *testing.T) {
	bin := buildSightline(t)
	site := httptest.NewServer(http.FileServer(http.Dir("testdata/site")))
	t.Cleanup(site.Close)
	dir := filepath.Join(t.TempDir(), "ws")
	env := append(os.Environ(), "SIGHTLINE_WORKSPACE="+dir, "SIGHTLINE_KEYRING=file")
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sightline %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("officer", "set", "4127", "--name", "DC Sam Patel")
	run("case", "new", "OP-1", "--title", "Crash test")
	run("subject", "add", "--case", "OP-1", "--name", "Plain page", "--id", site.URL+"/plain.html")

	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("SIGHTLINE_TEST_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("SIGHTLINE_TEST_SEED: %v", err)
		}
	}
	t.Logf("seed %d (SIGHTLINE_TEST_SEED=%d repeats this run)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	scale := float64(testenv.Scale(60, 210)) / 210 // make stress lands 210
	left := map[string]int{}
	for c, n := range crashKills {
		left[c] = max(1, int(float64(n)*scale))
	}
	pages := []string{"/plain.html", "/second.html"}
	check := &crashCheck{dir: dir, verified: map[string]bool{}}
	killed, finished := map[string]int{}, 0
	byPhase := map[string]int{}
	timings := map[string][]time.Duration{} // of the last finished run of each command
	for runs := 0; left["capture"]+left["view"]+left["export"] > 0; runs++ {
		var command string
		for command == "" {
			c := []string{"capture", "view", "export"}[rng.IntN(3)]
			if left[c] > 0 {
				command = c
			}
		}
		url := site.URL + pages[rng.IntN(len(pages))]
		args := map[string][]string{
			"capture": {"capture", "--progress", "--case", "OP-1", url},
			"view":    {"view", "--case", "OP-1", url},
			"export":  {"export", "--progress", "--case", "OP-1"},
		}[command]
		r := killAtRandom(t, bin, env, args, rng, timings[command], runs%10 == 0)
		if r.killed {
			left[command]--
			killed[command]++
			byPhase[command+" "+r.phase]++
		} else {
			finished++
			timings[command] = r.timings
		}
		check.after(t, fmt.Sprintf("run %d (%s, killed %v in %s)", runs+1, command, r.killed, r.phase))
	}
	if scale == 1 {
		for _, stage := range []string{"capture launch", "capture start", "capture load", "capture settle", "capture screenshot",
			"capture dom", "capture artefacts", "capture seal", "export launch", "export bundles", "export report",
			"export audit", "export manifest", "view launch"} {
			if byPhase[stage] == 0 {
				t.Errorf("no kill landed in %s", stage)
			}
		}
	}
	t.Logf("kills: %v; by phase: %v; runs finished: %d; bundles verified: %d; recovered on opening: %d put in place, %d quarantined",
		killed, byPhase, finished, len(check.verified), check.published, check.quarantined)

	cmd := exec.Command(bin, "doctor")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sightline doctor after the kills: %v\n%s", err, out)
	}
	t.Logf("sightline doctor:\n%s", out)
	waitNoChromium(t, dir)
}

// killed is how a run of killAtRandom ended.
type killed struct {
	killed  bool
	phase   string          // the stage the kill landed in: "launch" before the first progress line
	timings []time.Duration // of a finished run: when each progress line came, and the end
}

// killAtRandom starts sightline with args and kills it with SIGKILL in a
// random stage, at a random instant inside it: timings, of a finished run,
// say how long each stage lasts. With finish, or without timings, it lets
// the run finish and times it instead. A process that ended first was not
// killed.
func killAtRandom(t *testing.T, bin string, env, args []string, rng *rand.Rand, timings []time.Duration, finish bool) killed {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	r := killed{phase: "launch"}
	if finish || len(timings) == 0 {
		for sc.Scan() {
			r.timings = append(r.timings, time.Since(start))
		}
	} else {
		stage := rng.IntN(len(timings)) // the stage after this many lines
		for i := 0; i < stage && sc.Scan(); i++ {
			r.phase = sc.Text()[strings.LastIndex(sc.Text(), " ")+1:]
		}
		took := timings[stage]
		if stage > 0 {
			took -= timings[stage-1]
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took) + 1))) // where in the stage the kill lands; nothing waits on it
		cmd.Process.Signal(syscall.SIGKILL)                    //nolint:errcheck // it may have ended: Wait says
		for sc.Scan() {
		}
	}
	err = cmd.Wait()
	r.timings = append(r.timings, time.Since(start))
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && st.Signaled() && st.Signal() == syscall.SIGKILL {
		r.killed = true
		return r
	}
	if ee, isExit := err.(*exec.ExitError); isExit && ee.ExitCode() > 1 {
		t.Fatalf("sightline %s: %v", strings.Join(args, " "), err)
	}
	r.phase = "end"
	return r
}

// crashCheck checks a workspace after each kill, verifying each bundle
// once.
type crashCheck struct {
	dir                    string
	verified               map[string]bool
	published, quarantined int
}

func (c *crashCheck) after(t *testing.T, what string) {
	t.Helper()
	ctx := context.Background()
	ws, err := workspace.Open(ctx, c.dir)
	if err != nil {
		t.Fatalf("after %s: the workspace does not open: %v", what, err)
	}
	defer ws.Close()
	rec := ws.Recovered()
	c.published += len(rec.Published)
	c.quarantined += len(rec.Quarantined)
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("after %s: "+format, append([]any{what}, args...)...)
	}
	if rep, err := audit.Verify(ctx, ws.DB(), ws.ID()); err != nil || !rep.OK() {
		fail("audit verify: %v %v", err, rep.Err())
	}
	caps, err := ws.Captures(ctx, "OP-1")
	if err != nil {
		fail("%v", err)
	}
	recorded := map[string]bool{}
	for _, cp := range caps {
		recorded[cp.Bundle] = true
		if c.verified[cp.ID] {
			continue
		}
		v, err := workspace.VerifyFile(ctx, cp.Bundle)
		if err != nil || !v.Checks().OK() {
			fail("recorded bundle %s does not verify: %v", cp.Bundle, err)
		}
		c.verified[cp.ID] = true
	}
	events, err := audit.List(ctx, ws.DB(), audit.Filter{Action: "capture"})
	if err != nil {
		fail("%v", err)
	}
	if len(events) != len(caps) {
		fail("%d captures recorded, %d capture events", len(caps), len(events))
	}
	err = filepath.WalkDir(filepath.Join(c.dir, "bundles"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !recorded[path] {
			return fmt.Errorf("%s has no capture row", path)
		}
		return err
	})
	if err != nil {
		fail("%v", err)
	}
	exports, err := audit.List(ctx, ws.DB(), audit.Filter{Action: "export"})
	if err != nil {
		fail("%v", err)
	}
	for _, e := range exports {
		var d struct{ Pack, SHA256 string }
		if err := json.Unmarshal(e.Detail, &d); err != nil {
			fail("export event %d: %v", e.Seq, err)
		}
		if got, err := sha256File(d.Pack); err != nil || got != d.SHA256 {
			fail("recorded export %s: %v (SHA-256 %s, recorded %s)", d.Pack, err, got, d.SHA256)
		}
	}
	var stray []string
	filepath.WalkDir(filepath.Join(c.dir, "tmp"), func(path string, d fs.DirEntry, err error) error { //nolint:errcheck // a walk error shows as a stray
		if err != nil || !d.IsDir() && d.Name() != ".lock" && d.Name() != ".recover" {
			stray = append(stray, path)
		}
		return nil
	})
	if len(stray) > 0 {
		fail("tmp/ holds %q once the workspace is open", stray)
	}
}

// waitNoChromium waits until no Chromium that used a profile of the
// workspace is running: each dies with the process that started it.
func waitNoChromium(t *testing.T, dir string) {
	t.Helper()
	profiles := filepath.Join(dir, "profiles")
	const bound = time.Minute // a hang guard only
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		var alive []string
		procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
		for _, p := range procs {
			b, err := os.ReadFile(p)
			if err == nil && strings.Contains(string(b), profiles) {
				alive = append(alive, filepath.Base(filepath.Dir(p)))
			}
		}
		if len(alive) == 0 {
			return
		}
		if time.Since(start) > bound {
			t.Fatalf("Chromium processes %v of the killed runs still run after %s", alive, bound)
		}
	}
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
