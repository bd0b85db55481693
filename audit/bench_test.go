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
// action does. Its baselines, on the same disk in the same run, are a bare
// single-row INSERT commit of a row of the same size through the same
// driver and DSN ("bare"), made in turn with each event's commit so that
// both meet the disk in the same state, and the same commits by the
// sqlite3 CLI, which is SQLite's C ("c"), measured first; x-bare and x-c
// are the chain's rate over theirs (goal: x-bare at least 0.8).
func BenchmarkAppend(b *testing.B) {
	cli := cliCommitRate(b, 2000)
	bare := bareTable(b)
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
	var chained, plain time.Duration
	for b.Loop() {
		start := time.Now()
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
		chained += time.Since(start)
		start = time.Now()
		bareCommit(b, bare)
		plain += time.Since(start)
		n++
	}
	rate, bareRate := float64(n)/chained.Seconds(), float64(n)/plain.Seconds()
	b.ReportMetric(rate, "events/s")
	b.ReportMetric(bareRate, "bare-commits/s")
	b.ReportMetric(cli, "c-commits/s")
	b.ReportMetric(rate/bareRate, "x-bare")
	b.ReportMetric(rate/cli, "x-c")
}

// baselineRow is about the size of a sample event's row.
var baselineRow = strings.Repeat("x", 300)

// bareTable opens a database through the workspace DSN with a table
// without index or trigger, for bareCommit.
func bareTable(b *testing.B) *sql.DB {
	db, err := sql.Open("sqlite", TestDSN(filepath.Join(b.TempDir(), "bare.db")))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, line TEXT NOT NULL) STRICT`); err != nil {
		b.Fatal(err)
	}
	return db
}

// bareCommit commits one single-row INSERT of a row the size of an event.
func bareCommit(b *testing.B, db *sql.DB) {
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
