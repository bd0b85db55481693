package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"iter"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// testGenesis stands in for a workspace id.
const testGenesis = "8c1f9a4e2b7d6c3051e0a9f8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8"

// clock is a fixed test clock that moves 1.5 s (and a few microseconds,
// which Append must truncate) at each reading.
type clock struct{ t time.Time }

func newClock() *clock {
	return &clock{t: time.Date(2026, 11, 23, 11, 31, 8, 120_000_000, time.UTC)}
}

func (c *clock) now() time.Time {
	t := c.t
	c.t = c.t.Add(1500*time.Millisecond + 7*time.Microsecond)
	return t
}

// appendOne appends e in a transaction of its own and returns it as stored.
func appendOne(tb testing.TB, db *sql.DB, e Event) Event {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatalf("begin: %v", err)
	}
	defer tx.Rollback()
	got, err := Append(ctx, tx, testGenesis, e)
	if err != nil {
		tb.Fatalf("Append: %v", err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatalf("commit: %v", err)
	}
	return got
}

// sampleEvent returns a varied event for position i.
func sampleEvent(c *clock, i int) Event {
	actions := []string{"view", "capture", "case.create", "verify"}
	e := Event{
		Time:    c.now(),
		Officer: "4471",
		OSUser:  "analyst",
		Case:    "OP-KESTREL-24",
		Action:  actions[i%len(actions)],
		URL:     "https://x.com/example_handle/status/" + strings.Repeat("1", i%7+1),
		Detail:  json.RawMessage(`{"persona":"overt-1","n":` + strconv.Itoa(i) + `}`),
	}
	if i%3 == 0 {
		e.Subjects = []string{"S-1", "S-2"}
	}
	return e
}

// appendSamples appends n sample events, one transaction each.
func appendSamples(tb testing.TB, db *sql.DB, n int) []Event {
	tb.Helper()
	c := newClock()
	events := make([]Event, n)
	for i := range n {
		events[i] = appendOne(tb, db, sampleEvent(c, i))
	}
	return events
}

// values yields events without error.
func values(events []Event) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for _, e := range events {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// openDB opens an existing workspace database file.
func openDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", TestDSN(path))
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// sqlite3 runs script with the sqlite3 CLI on the file at path, as someone
// with access to the file and no Sightline would.
func sqlite3(tb testing.TB, path, script string) {
	tb.Helper()
	bin := testenv.Command(tb, "sqlite3")
	cmd := exec.Command(bin, "-bail", path)
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("sqlite3 %q: %v\n%s", script, err, out)
	}
}

// chainError returns err as a *ChainError or fails the test.
func chainError(tb testing.TB, err error) *ChainError {
	tb.Helper()
	var ce *ChainError
	if !errors.As(err, &ce) {
		tb.Fatalf("error %v is not a *ChainError", err)
	}
	return ce
}
