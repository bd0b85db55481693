//go:build smoke

package main

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// Smoke test of the real window: the binary built as users get it (cgo, the
// GLFW driver), started with no arguments under an X server (Xvfb):
//
//	xvfb-run -a go test -tags smoke -run TestSmokeRealWindow ./cmd/sightline/
//
// The screenshot is kept in $SIGHTLINE_ARTEFACTS, or else in
// $TMPDIR/sightline-smoke, and its path is logged.

const (
	buildTimeout  = 8 * time.Minute // a cold cgo build of Fyne takes minutes on two cores
	windowTimeout = 3 * time.Minute
	paintTimeout  = 3 * time.Minute
	exitTimeout   = 30 * time.Second
)

// windowLine matches a top-level window titled Sightline in xwininfo -tree.
var windowLine = regexp.MustCompile(`(?m)^\s+0x[0-9a-f]+ "Sightline":`)

func TestSmokeRealWindow(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no X display: run the smoke test under xvfb-run -a")
	}
	testenv.Commands(t, "xwininfo", "import")
	dir := t.TempDir()
	bin := buildBinary(t, dir)

	// The app opens on --workspace, as a researcher starts it, whatever
	// SIGHTLINE_WORKSPACE says.
	ws, elsewhere := filepath.Join(dir, "workspace"), filepath.Join(dir, "elsewhere")
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--workspace", ws)
	env := append(os.Environ(), "SIGHTLINE_KEYRING=file",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"))
	cmd.Env = append(env, "SIGHTLINE_WORKSPACE="+elsewhere)
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill() //nolint:errcheck // the test has already failed
			<-exited
		}
	})

	waitForWindow(t, exited, &stderr)
	shot := waitForPaint(t, exited)
	t.Logf("screenshot of the real window: %s", shot)
	if _, err := os.Stat(filepath.Join(ws, "sightline.db")); err != nil {
		t.Errorf("the app did not open the workspace of --workspace: %v", err)
	}
	if _, err := os.Stat(elsewhere); err == nil {
		t.Errorf("the app opened SIGHTLINE_WORKSPACE although --workspace was given")
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("after SIGTERM the app exited with %v; output:\n%s", err, stderr.String())
		}
	case <-time.After(exitTimeout):
		t.Fatalf("the app did not exit within %s of SIGTERM; output:\n%s", exitTimeout, stderr.String())
	}
	for _, bad := range []string{"panic:", "Error in Fyne call thread", "sightline: error:"} {
		if strings.Contains(stderr.String(), bad) {
			t.Errorf("the app's output has %q:\n%s", bad, stderr.String())
		}
	}
	assertSessionAudited(t, bin, append(env, "SIGHTLINE_WORKSPACE="+ws))
}

// assertSessionAudited checks the app recorded its start and stop and
// signed a checkpoint of the log when it stopped.
func assertSessionAudited(t *testing.T, bin string, env []string) {
	t.Helper()
	run := func(args ...string) string {
		c := exec.Command(bin, args...)
		c.Env = env
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("sightline %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	log := run("audit", "log", "--json")
	for _, action := range []string{`"action":"app.start"`, `"action":"app.stop"`} {
		if !strings.Contains(log, action) {
			t.Errorf("the audit log lacks %s:\n%s", action, log)
		}
	}
	if v := run("audit", "verify", "--json"); !strings.Contains(v, `"ok":true`) || !strings.Contains(v, `"checkpoints":1`) {
		t.Errorf("audit verify after the app stopped: %s", v)
	}
}

// buildBinary builds this command as users get it: cgo, without the ci tag.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "sightline")
	ctx, cancel := context.WithTimeout(t.Context(), buildTimeout)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	out, err := build.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("go build took longer than %s", buildTimeout)
	}
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// waitForWindow polls the X server until a window titled Sightline exists.
func waitForWindow(t *testing.T, exited <-chan error, output *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(windowTimeout)
	for {
		tree, err := exec.Command("xwininfo", "-root", "-tree").Output()
		if err != nil {
			t.Fatalf("xwininfo: %v", err)
		}
		if windowLine.Match(tree) {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("the app exited (%v) before its window showed; output:\n%s", err, output.String())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window named Sightline after %s; windows:\n%s", windowTimeout, tree)
		}
	}
}

// waitForPaint takes screenshots of the screen until one is not a single
// colour (the window has painted), keeps it as an artefact and returns its
// path.
func waitForPaint(t *testing.T, exited <-chan error) string {
	t.Helper()
	dir := os.Getenv("SIGHTLINE_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "sightline-smoke")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "real-window.png")
	deadline := time.Now().Add(paintTimeout)
	for {
		out, err := exec.Command("import", "-window", "root", shot).CombinedOutput()
		if err != nil {
			t.Fatalf("import: %v\n%s", err, out)
		}
		colours, err := countColours(shot)
		if err != nil {
			t.Fatalf("screenshot %s: %v", shot, err)
		}
		// Text, the icon and the form's fields give hundreds of colours; a
		// window not painted yet gives one or two.
		if colours >= 32 {
			return shot
		}
		select {
		case err := <-exited:
			t.Fatalf("the app exited (%v) before its window painted", err)
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen still shows %d colour(s) after %s: the window did not paint (%s)", colours, paintTimeout, shot)
		}
	}
}

// countColours decodes the PNG at path and counts its distinct colours.
func countColours(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, err
	}
	b := img.Bounds()
	if b.Empty() {
		return 0, errors.New("empty image")
	}
	seen := map[[4]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen), nil
}
