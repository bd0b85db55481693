package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
)

// TestLightCommands turns auto-capture on through the command line, lists
// a light record the research browser kept and promotes it to a capture
// that verifies; a tampered light record is refused.
func TestLightCommands(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	t.Setenv("HOME", t.TempDir())
	dir := t.TempDir()
	sl := func(want int, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(t.Context(), append([]string{"--workspace", dir}, args...), &stdout, &stderr); code != want {
			t.Fatalf("sightline %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, stdout.String(), stderr.String())
		}
		return stdout.String() + stderr.String()
	}
	sl(0, "officer", "set", "4127", "--name", "DC Sam Patel")
	sl(0, "case", "new", "OP-LIGHT")
	if out := sl(0, "light", "auto", "--case", "OP-LIGHT"); !strings.Contains(out, "auto-capture for OP-LIGHT: off") {
		t.Errorf("a new case's auto-capture: %s", out)
	}
	sl(0, "light", "auto", "--case", "OP-LIGHT", "on")
	sl(2, "light", "auto", "--case", "OP-LIGHT", "maybe")

	var shot bytes.Buffer
	if err := png.Encode(&shot, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	ws, err := workspace.Open(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	kept := make([]workspace.LightRecord, 2)
	for i := range kept {
		kept[i], err = ws.KeepLight(t.Context(), "OP-LIGHT", "", &capture.Light{Viewport: shot.Bytes(), DOM: "<html><body>post</body></html>",
			Meta: capture.Metadata{RequestedURL: "https://example.org/post", FinalURL: "https://example.org/post", Title: "A post", Start: time.Now().UTC(), End: time.Now().UTC()}})
		if err != nil {
			t.Fatal(err)
		}
	}
	ws.Close()

	var listed []workspace.LightRecord
	for _, line := range strings.Split(strings.TrimSpace(sl(0, "--json", "light", "list", "--case", "OP-LIGHT")), "\n") {
		var r workspace.LightRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("light list --json: %v: %s", err, line)
		}
		listed = append(listed, r)
	}
	if len(listed) != 2 || listed[0].ID != kept[0].ID || listed[0].Viewport != kept[0].Viewport {
		t.Fatalf("light list: %+v, want %+v", listed, kept)
	}
	out := sl(0, "--json", "light", "promote", kept[0].ID, "--note", "before it was deleted")
	var c workspace.Capture
	if err := json.Unmarshal([]byte(out), &c); err != nil || c.Bundle == "" {
		t.Fatalf("light promote --json: %v: %s", err, out)
	}
	if !strings.Contains(c.Incomplete, "promoted from light record "+kept[0].ID) {
		t.Errorf("the promoted capture does not say where it came from: %+v", c)
	}
	if out := sl(0, "--json", "verify", c.Bundle); !strings.Contains(out, `"ok":true`) {
		t.Errorf("verify the promoted capture: %s", out)
	}
	if out := sl(0, "capture", "list", "--case", "OP-LIGHT"); !strings.Contains(out, c.ID) {
		t.Errorf("capture list lacks %s:\n%s", c.ID, out)
	}

	dom := filepath.Join(kept[1].Dir, "dom.html")
	if err := os.Chmod(dom, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dom, []byte("<html><body>altered</body></html>"), 0o444); err != nil {
		t.Fatal(err)
	}
	if out := sl(1, "light", "promote", kept[1].ID); !strings.Contains(out, "changed since it was kept") {
		t.Errorf("promoting a tampered light record: %s", out)
	}
}
