package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/internal/testenv"
	"github.com/sightline-osint/sightline/workspace"
)

// buildSightline builds the binary once, with -tags ci (no cgo), outside
// any deadline.
func buildSightline(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sightline")
	cmd := exec.Command(testenv.Command(t, "go"), "build", "-tags", "ci", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSyncSurvivesSIGKILL kills `sightline sync` with SIGKILL at random
// points 50 times, at a random progress line and a random instant after
// it, then lets one finish: the store holds each event exactly once, every
// view once, and `audit verify --central` passes. SIGHTLINE_TEST_SEED
// repeats a run.
func TestSyncSurvivesSIGKILL(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	bin := buildSightline(t)
	ts := central.StartTestServer(t, "")
	dir := filepath.Join(t.TempDir(), "ws")
	ctx := context.Background()
	ws, err := workspace.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, ws, 1200)
	wsID := ws.ID()
	ws.Close()

	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("SIGHTLINE_TEST_SEED"); s != "" {
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("SIGHTLINE_TEST_SEED: %v", err)
		}
	}
	t.Logf("seed %d (SIGHTLINE_TEST_SEED=%d repeats this run)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	env := append(os.Environ(), "SIGHTLINE_WORKSPACE="+dir, "SIGHTLINE_CENTRAL="+ts.Workstation, "SIGHTLINE_KEYRING=file")
	for i := range 50 {
		killAt := rng.IntN(60)
		pause := time.Duration(rng.IntN(3000)) * time.Microsecond
		cmd := exec.Command(bin, "sync", "--progress", "--batch", "50")
		cmd.Env = env
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		lines := 0
		for lines < killAt && sc.Scan() {
			lines++
		}
		time.Sleep(pause) // where in the next batch the kill lands; nothing waits on it
		cmd.Process.Kill()
		for sc.Scan() {
		}
		cmd.Wait() // killed, or finished first: either is a point to resume from
		t.Logf("run %d: killed after %d progress lines and %v", i+1, lines, pause)
	}

	cmd := exec.Command(bin, "sync")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("final sync: %v\n%s", err, out)
	}
	ws, err = workspace.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	var localHead, localViews int64
	ws.DB().QueryRow(`SELECT max(seq) FROM audit_events`).Scan(&localHead)
	ws.DB().QueryRow(`SELECT count(*) FROM views`).Scan(&localViews)

	conn, err := pgx.Connect(ctx, ts.Auditor)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n, distinct, maxSeq, views int64
	if err := conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT seq), max(seq) FROM events WHERE workstation = $1`, wsID).
		Scan(&n, &distinct, &maxSeq); err != nil {
		t.Fatal(err)
	}
	// The final sync's own event is appended after its push.
	if n != distinct || maxSeq != localHead-1 || n != maxSeq {
		t.Fatalf("store holds %d events (%d distinct, max seq %d); the workspace's head is %d", n, distinct, maxSeq, localHead)
	}
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM views WHERE workstation = $1`, wsID).Scan(&views); err != nil || views != localViews {
		t.Fatalf("store holds %d views, the workspace %d (%v)", views, localViews, err)
	}
	verify := exec.Command(bin, "audit", "verify", "--central", ts.Auditor)
	verify.Env = env
	if out, err := verify.CombinedOutput(); err != nil {
		t.Fatalf("audit verify --central: %v\n%s", err, out)
	} else {
		t.Logf("%s", out)
	}
}

// fill gives ws an officer, a case, a subject and n views of it, each with
// its audit event, and a checkpoint.
func fill(t *testing.T, ws *workspace.Workspace, n int) {
	t.Helper()
	ctx := context.Background()
	if _, err := ws.SetOfficer(ctx, workspace.Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.NewCase(ctx, workspace.Case{Ref: "OP-K", Title: "K"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddSubject(ctx, "OP-K", "J Smith", []string{"https://x.com/jsmith"}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := ws.RecordView(ctx, "OP-K", fmt.Sprintf("https://x.com/jsmith/status/%d", 1000+i), ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
}
