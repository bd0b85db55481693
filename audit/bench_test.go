package audit

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// BenchmarkAppend commits one event per transaction through an Appender
// on a real workspace database (WAL, synchronous=FULL), as each audited
// action does. The
// baselines, measured first in the same run on the same disk, are a bare
// single-row INSERT commit of a row of the same size through the same
// driver and DSN ("bare"), and the same commits by the sqlite3 CLI, which
// is SQLite's C ("c"); x-bare and x-c are the chain's rate over theirs
// (goal: x-bare at least 0.8).
func BenchmarkAppend(b *testing.B) {
	const baselineCommits = 2000
	bare := bareCommitRate(b, baselineCommits)
	cli := cliCommitRate(b, baselineCommits)
	db, _ := TestDB(b)
	db.SetMaxOpenConns(1) // as the workspace's writer
	ctx := context.Background()
	app, err := NewAppender(ctx, db, testGenesis)
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	c := newClock()
	n := 0
	for b.Loop() {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := app.Append(ctx, tx, sampleEvent(c, n)); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	rate := float64(n) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "events/s")
	b.ReportMetric(bare, "bare-commits/s")
	b.ReportMetric(cli, "c-commits/s")
	b.ReportMetric(rate/bare, "x-bare")
	b.ReportMetric(rate/cli, "x-c")
}

// baselineRow is about the size of a sample event's row.
var baselineRow = strings.Repeat("x", 300)

// bareCommitRate times n single-row INSERT commits through the workspace
// DSN into a table without index or trigger.
func bareCommitRate(b *testing.B, n int) float64 {
	path := filepath.Join(b.TempDir(), "bare.db")
	db, err := sql.Open("sqlite", TestDSN(path))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, line TEXT NOT NULL) STRICT`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for range n {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO t (line) VALUES (?)`, baselineRow); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// cliCommitRate times n single-row INSERT commits by the sqlite3 CLI with
// the same pragmas, less the CLI's start and set-up (a run without them).
func cliCommitRate(b *testing.B, n int) float64 {
	sqlite3 := testenv.Command(b, "sqlite3")
	run := func(commits int) time.Duration {
		var script strings.Builder
		script.WriteString("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n" +
			"CREATE TABLE t (id INTEGER PRIMARY KEY, line TEXT NOT NULL) STRICT;\n")
		for range commits {
			fmt.Fprintf(&script, "BEGIN IMMEDIATE; INSERT INTO t (line) VALUES ('%s'); COMMIT;\n", baselineRow)
		}
		cmd := exec.Command(sqlite3, filepath.Join(b.TempDir(), "c.db"))
		cmd.Stdin = strings.NewReader(script.String())
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("sqlite3: %v: %s", err, out)
		}
		return time.Since(start)
	}
	setup := run(0)
	return float64(n) / (run(n) - setup).Seconds()
}

// BenchmarkVerify recomputes a 100,000-event chain from the database.
func BenchmarkVerify(b *testing.B) {
	const events = 100_000
	db, _ := TestDB(b)
	fillLog(b, db, events)
	ctx := context.Background()
	runs := 0
	for b.Loop() {
		rep, err := Verify(ctx, db, testGenesis)
		if err != nil || !rep.OK() || rep.Events != events {
			b.Fatalf("verify: %+v, %v", rep, err)
		}
		runs++
	}
	b.ReportMetric(float64(runs*events)/b.Elapsed().Seconds(), "events/s")
}

// fillLog appends n sample events in transactions of 10,000.
func fillLog(b *testing.B, db *sql.DB, n int) {
	ctx := context.Background()
	c := newClock()
	for start := 0; start < n; start += 10_000 {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := start; i < min(start+10_000, n); i++ {
			if _, err := Append(ctx, tx, testGenesis, sampleEvent(c, i)); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
