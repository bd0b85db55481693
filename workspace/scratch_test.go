package workspace

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/audit"
)

// TestOpenRecoversInterruptedWork: a process killed after recording a
// capture and an export, before their files got their names, leaves them
// in its scratch directory; the next Open puts them in place, moves
// everything else it left to quarantine/ (audited), and leaves a live
// process's scratch directory alone.
func TestOpenRecoversInterruptedWork(t *testing.T) {
	ctx := context.Background()
	ws := exportWorkspace(t)
	dir := ws.Dir()
	c := fakeCapture(t, ws, "https://example.org/post/1", captureFiles(t, "https://example.org/post/1"))
	exp, err := ws.Export(ctx, ExportRequest{Case: "OP-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	unrecorded := fakeCapture(t, ws, "https://example.org/post/2", captureFiles(t, "https://example.org/post/2"))

	// A live process's unfinished work.
	live, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	busy := filepath.Join(live.scratch.dir, ".seal-2.wacz.partial")
	if err := os.WriteFile(busy, []byte("being written"), 0o600); err != nil {
		t.Fatal(err)
	}

	// The dead process's scratch directory, as SIGKILL leaves it.
	dead := filepath.Join(dir, "tmp", scratchPrefix+"dead")
	if err := os.MkdirAll(dead, 0o700); err != nil {
		t.Fatal(err)
	}
	move := func(from, to string) {
		t.Helper()
		if err := os.Rename(from, filepath.Join(dead, to)); err != nil {
			t.Fatal(err)
		}
	}
	move(c.Bundle, c.ID+".wacz")
	move(exp.Path, stagedPackPrefix+strings.TrimPrefix(exp.PackID, "sha256:")+".zip")
	move(unrecorded.Bundle, "20261207T000000Z-abcdef.wacz")
	for name, body := range map[string]string{".seal-1.wacz.partial": "half a bundle", scratchLock: ""} {
		if err := os.WriteFile(filepath.Join(dead, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	again, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	rec := again.Recovered()
	wantPublished := []string{rel(t, dir, c.Bundle), rel(t, dir, exp.Path)}
	slices.Sort(wantPublished)
	slices.Sort(rec.Published)
	if !slices.Equal(rec.Published, wantPublished) {
		t.Errorf("published %q, want %q", rec.Published, wantPublished)
	}
	for _, p := range []string{c.Bundle, exp.Path} {
		if got, err := fileSHA256(p); err != nil || (p == c.Bundle && got != c.SHA256) || (p == exp.Path && got != exp.SHA256) {
			t.Errorf("%s not put back whole: %v", p, err)
		}
	}
	var quarantined []string
	for _, q := range rec.Quarantined {
		quarantined = append(quarantined, q.From)
		if _, err := os.Stat(filepath.Join(dir, q.Path)); err != nil {
			t.Errorf("quarantined %s is not at %s: %v", q.From, q.Path, err)
		}
	}
	slices.Sort(quarantined)
	want := []string{"tmp/run-dead/.seal-1.wacz.partial", "tmp/run-dead/20261207T000000Z-abcdef.wacz"}
	if !slices.Equal(quarantined, want) {
		t.Errorf("quarantined %q, want %q", quarantined, want)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the dead scratch directory is still there: %v", err)
	}
	if _, err := os.Stat(busy); err != nil {
		t.Errorf("a live process's file was touched: %v", err)
	}
	evs := events(t, again, audit.Filter{Action: "recover"})
	if len(evs) != 1 || !strings.Contains(string(evs[0].Detail), "abcdef.wacz") {
		t.Errorf("recovery events %+v", evs)
	}
	if rep, err := again.VerifyAudit(ctx); err != nil || !rep.OK() {
		t.Errorf("audit verify after recovery: %+v, %v", rep, err)
	}
}

func rel(t *testing.T, dir, path string) string {
	t.Helper()
	r, err := filepath.Rel(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestOpenKeepsWhatItCannotPutInPlace: a recorded bundle that cannot get
// its name on opening (its case directory is in the way) is kept in
// quarantine/, named as unplaced, and the workspace still opens.
func TestOpenKeepsWhatItCannotPutInPlace(t *testing.T) {
	ctx := context.Background()
	ws := exportWorkspace(t)
	dir := ws.Dir()
	c := fakeCapture(t, ws, "https://example.org/post/1", captureFiles(t, "https://example.org/post/1"))
	dead := filepath.Join(dir, "tmp", scratchPrefix+"dead")
	if err := os.MkdirAll(dead, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(c.Bundle, filepath.Join(dead, c.ID+".wacz")); err != nil {
		t.Fatal(err)
	}
	caseDir := filepath.Dir(c.Bundle)
	if err := os.Remove(caseDir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(caseDir, []byte("in the way"), 0o600); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer again.Close()
	rec := again.Recovered()
	if len(rec.Unplaced) != 1 || !strings.Contains(rec.Unplaced[0], c.ID+".wacz") || len(rec.Quarantined) != 1 {
		t.Fatalf("recovered %+v, want the bundle unplaced and quarantined", rec)
	}
	if got, err := fileSHA256(filepath.Join(dir, rec.Quarantined[0].Path)); err != nil || got != c.SHA256 {
		t.Errorf("the quarantined bundle is not the recorded one: %v", err)
	}
	h, err := again.Doctor(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.OK() {
		t.Errorf("doctor finds nothing wrong with a recorded bundle out of place: %+v", h.Findings)
	}
}
