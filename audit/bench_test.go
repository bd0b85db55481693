package audit

import (
	"context"
	"database/sql"
	"testing"
)

// BenchmarkAppend commits one event per transaction on a real workspace
// database (WAL, synchronous=FULL), as each audited action does.
func BenchmarkAppend(b *testing.B) {
	db, _ := TestDB(b)
	c := newClock()
	n := 0
	for b.Loop() {
		appendOne(b, db, sampleEvent(c, n))
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
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
