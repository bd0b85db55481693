//go:build smoke

package main

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// Smoke test of the real window: the binary built as users get it (cgo, the
// GLFW driver), started with --workspace under an X server (Xvfb), driven
// with real X input (xdotool): an address typed after Ctrl+L, a click
// forwarded through the live view to a link, Ctrl+Shift+S to capture the
// page shown, then sightline verify on the bundle.
//
//	xvfb-run -a go test -tags smoke -run TestSmokeRealWindow ./cmd/sightline/
//
// The screenshots (the window painted, the research browser after the
// capture) are kept in $SIGHTLINE_ARTEFACTS, or else in
// $TMPDIR/sightline-smoke, and their paths are logged.

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
	testenv.Commands(t, "xwininfo", "import", "xdotool")
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	site, requested := smokeSite(t)

	// The app opens on --workspace, as a researcher starts it, whatever
	// SIGHTLINE_WORKSPACE says; the officer and the case are set already,
	// so it opens on the research browser.
	ws, elsewhere := filepath.Join(dir, "workspace"), filepath.Join(dir, "elsewhere")
	env := append(os.Environ(), "SIGHTLINE_KEYRING=file",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"))
	sl := func(args ...string) string {
		t.Helper()
		return cli(t, bin, append(env, "SIGHTLINE_WORKSPACE="+ws), args...)
	}
	sl("officer", "set", "4127", "--name", "DC Sam Patel")
	sl("case", "new", "OP-SMOKE", "--title", "Smoke test")

	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--workspace", ws)
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
	t.Logf("screenshot of the real window: %s", waitForPaint(t, exited, "real-window.png"))
	if _, err := os.Stat(elsewhere); err == nil {
		t.Errorf("the app opened SIGHTLINE_WORKSPACE although --workspace was given")
	}

	// Type the address as a researcher does: Ctrl+L, the URL, Enter.
	x, y, w, h := windowGeometry(t)
	centre := []string{strconv.Itoa(x + w/2), strconv.Itoa(y + h/2)}
	xdotool(t, append([]string{"mousemove"}, centre...)...)
	xdotool(t, "key", "ctrl+l")
	xdotool(t, "type", "--delay", "30", site+"/start.html")
	xdotool(t, "key", "Return")
	waitForEvent(t, exited, sl, "view", `"reached":"typed"`, "/start.html")

	// The start page is one link over the whole viewport: a real click in
	// the middle of the live view, forwarded to Chromium, follows it.
	xdotool(t, append(append([]string{"mousemove"}, centre...), "click", "1")...)
	waitForEvent(t, exited, sl, "view", `"reached":"link"`, "/next.html")
	if n := requested("/next.html"); n != 1 {
		t.Errorf("the site served /next.html %d times after the click, want 1", n)
	}

	// Ctrl+Shift+S seals the page shown; sightline verify passes on it.
	xdotool(t, "key", "ctrl+shift+s")
	ev := waitForEvent(t, exited, sl, "capture", "/next.html")
	bundle := regexp.MustCompile(`"bundle":"([^"]+)"`).FindStringSubmatch(ev)
	if bundle == nil {
		t.Fatalf("the capture event names no bundle: %s", ev)
	}
	if out := sl("verify", "--json", filepath.Join(ws, bundle[1])); !strings.Contains(out, `"ok":true`) {
		t.Errorf("sightline verify on the app's capture:\n%s", out)
	}
	if requested("/next.html") != 1 {
		t.Errorf("Capture reloaded the page: the site served /next.html %d times", requested("/next.html"))
	}
	t.Logf("screenshot after the capture: %s", waitForPaint(t, exited, "research-browser.png"))

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
	assertSessionAudited(t, sl)
}

// smokeSite serves a start page whose whole viewport is a link to a next
// page, and counts the requests for each path.
func smokeSite(t *testing.T) (url string, requested func(path string) int) {
	t.Helper()
	pages := map[string]string{
		"/start.html": `<!doctype html><title>Smoke start</title><body style="margin:0">` +
			`<a href="/next.html" style="position:fixed;inset:0;display:block;background:#fde;font:48px sans-serif">Open the next post</a>`,
		"/next.html": `<!doctype html><title>Smoke next</title><body><h1>The next post</h1><p>Posted at noon.</p>`,
	}
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path]++
		mu.Unlock()
		page, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page) //nolint:errcheck // the browser went away
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return seen[path]
	}
}

// cli runs the command line with env and returns its output.
func cli(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Env = env
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("sightline %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// xdotool sends real X input (XTEST), as a mouse and keyboard would.
func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// windowGeometry is where the window named Sightline is on the screen.
func windowGeometry(t *testing.T) (x, y, w, h int) {
	t.Helper()
	ids, err := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Sightline$").Output()
	if err != nil {
		t.Fatalf("xdotool search: %v", err)
	}
	id := strings.Fields(string(ids))
	if len(id) == 0 {
		t.Fatal("xdotool finds no visible window named Sightline")
	}
	out, err := exec.Command("xdotool", "getwindowgeometry", "--shell", id[0]).Output()
	if err != nil {
		t.Fatalf("xdotool getwindowgeometry: %v", err)
	}
	v := map[string]int{}
	for _, line := range strings.Fields(string(out)) {
		if k, n, ok := strings.Cut(line, "="); ok {
			v[k], _ = strconv.Atoi(n)
		}
	}
	if v["WIDTH"] == 0 || v["HEIGHT"] == 0 {
		t.Fatalf("window geometry: %s", out)
	}
	return v["X"], v["Y"], v["WIDTH"], v["HEIGHT"]
}

// waitForEvent polls the audit log until an event of action has every one
// of parts in its JSON line, and returns that line. The bound only stops a
// broken test from hanging: the first page starts Chromium.
func waitForEvent(t *testing.T, exited <-chan error, sl func(...string) string, action string, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(windowTimeout)
	for {
		for _, line := range strings.Split(sl("audit", "log", "--json", "--action", action), "\n") {
			if containsAll(line, parts) {
				return line
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the app exited (%v) while the test waited for a %s event with %q", err, action, parts)
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s event with %q after %s; the log:\n%s", action, parts, windowTimeout, sl("audit", "log"))
		}
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// assertSessionAudited checks the app recorded its start and stop and
// signed a checkpoint of the log when it stopped.
func assertSessionAudited(t *testing.T, sl func(...string) string) {
	t.Helper()
	log := sl("audit", "log", "--json")
	for _, action := range []string{`"action":"app.start"`, `"action":"app.stop"`} {
		if !strings.Contains(log, action) {
			t.Errorf("the audit log lacks %s:\n%s", action, log)
		}
	}
	if v := sl("audit", "verify", "--json"); !strings.Contains(v, `"ok":true`) || !strings.Contains(v, `"checkpoints":1`) {
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
// colour (the window has painted), keeps it as the artefact name and
// returns its path.
func waitForPaint(t *testing.T, exited <-chan error, name string) string {
	t.Helper()
	dir := os.Getenv("SIGHTLINE_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "sightline-smoke")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, name)
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
