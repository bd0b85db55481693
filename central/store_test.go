package central

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-osint/sightline/audit"
)

// chain makes n events chained by audit.Append from a random genesis, in
// a real SQLite log, and returns the genesis and the events as stored.
func chain(tb testing.TB, n int) (string, []audit.Event) {
	tb.Helper()
	db, _ := audit.TestDB(tb)
	g := make([]byte, 32)
	rand.Read(g)
	genesis := hex.EncodeToString(g)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		_, err := audit.Append(ctx, tx, genesis, audit.Event{Time: t0.Add(time.Duration(i) * time.Second), Officer: "4127",
			OSUser: "sam", Case: "OP-A", Action: "view", URL: fmt.Sprintf("https://x.com/p%d", i),
			Subjects: []string{"S1"}, Detail: audit.Detail(map[string]any{"n": i})})
		if err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	events, err := audit.List(ctx, db, audit.Filter{})
	if err != nil {
		tb.Fatal(err)
	}
	return genesis, events
}

func openStore(tb testing.TB, dsn string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

func TestStore(t *testing.T) {
	ts := StartTestServer(t, "")
	ctx := t.Context()
	ws := openStore(t, ts.Workstation)
	genesis, events := chain(t, 30)
	if err := ws.Register(ctx, genesis); err != nil {
		t.Fatal(err)
	}

	t.Run("push twice, each event once", func(t *testing.T) {
		if err := ws.PushEvents(ctx, genesis, events[:10]); err != nil {
			t.Fatal(err)
		}
		// A second push of the same events is refused by the chain rule,
		// never stored twice.
		err := ws.PushEvents(ctx, genesis, events[:10])
		var re *RefusedError
		if !errors.As(err, &re) || re.Seq != 11 {
			t.Fatalf("pushing seq 1-10 again: %v, want a refusal at seq 11", err)
		}
		if err := ws.PushEvents(ctx, genesis, events[10:]); err != nil {
			t.Fatal(err)
		}
		seq, hash, err := ws.Head(ctx, genesis)
		if err != nil || seq != 30 || hash != events[29].Hash {
			t.Fatalf("head %d %s %v, want 30 %s", seq, hash, err, events[29].Hash)
		}
	})

	t.Run("pages of the log", func(t *testing.T) {
		seqs := func(f Filter) []int64 {
			t.Helper()
			var out []int64
			for e, err := range ws.Events(ctx, f) {
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, e.Seq)
			}
			return out
		}
		if got := seqs(Filter{Filter: audit.Filter{After: 5, Before: 9}, Workstation: genesis[:12]}); !slices.Equal(got, []int64{6, 7, 8}) {
			t.Errorf("after 5, before 9: %v", got)
		}
		if got := seqs(Filter{Filter: audit.Filter{Newest: true, Limit: 3}}); !slices.Equal(got, []int64{30, 29, 28}) {
			t.Errorf("newest 3: %v", got)
		}
	})

	t.Run("a rewritten event is refused and recorded", func(t *testing.T) {
		_, other := chain(t, 3)
		bad := other[2]
		bad.Seq, bad.PrevHash = 31, events[29].Hash // links, but its hash is another chain's
		err := ws.PushEvents(ctx, genesis, []audit.Event{bad})
		var re *RefusedError
		if !errors.As(err, &re) || re.Seq != 31 || !strings.Contains(re.Reason, "hash mismatch") {
			t.Fatalf("push of a forged event: %v, want a refusal at seq 31 (hash mismatch)", err)
		}
		refusals, err := ws.Refusals(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(refusals); n == 0 || refusals[n-1].Seq != 31 {
			t.Fatalf("refusals %+v, want the last at seq 31", refusals)
		}
	})

	t.Run("the server refuses a link the client skipped", func(t *testing.T) {
		// Straight to the server, past the client's check: the trigger
		// holds the chain.
		conn, err := pgx.Connect(ctx, ts.Workstation)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `INSERT INTO events (workstation, seq, time, officer, case_ref, action, url, subjects, prev_hash, hash, line)
			VALUES ($1, 32, now(), '', '', 'view', '', '{}', $2, $2, '{}')`, genesis, strings.Repeat("0", 64))
		if err == nil || !strings.Contains(err.Error(), "does not follow a stored event") {
			t.Fatalf("insert past a gap: %v, want the chain trigger's refusal", err)
		}
	})

	t.Run("workstation role cannot change or remove anything", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, ts.Workstation)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, stmt := range []string{
			`UPDATE events SET url = 'x' WHERE seq = 1`,
			`DELETE FROM events WHERE seq = 30`,
			`TRUNCATE events`,
			`UPDATE refusals SET reason = ''`,
			`DELETE FROM refusals`,
		} {
			if _, err := conn.Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "permission denied") {
				t.Errorf("%s as the workstation role: %v, want permission denied", stmt, err)
			}
		}
	})

	t.Run("auditor role only reads", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, ts.Auditor)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil || n != 30 {
			t.Fatalf("auditor count: %d %v", n, err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO refusals (workstation, seq, reason) VALUES ('x', 1, 'x')`); err == nil ||
			!strings.Contains(err.Error(), "permission denied") {
			t.Errorf("insert as the auditor: %v, want permission denied", err)
		}
	})

	t.Run("even the owner cannot rewrite: triggers", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, ts.Admin)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, stmt := range []string{`UPDATE events SET url = 'x' WHERE seq = 1`, `DELETE FROM events`, `TRUNCATE events CASCADE`} {
			if _, err := conn.Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s as the owner: %v, want the append-only trigger", stmt, err)
			}
		}
	})

	t.Run("verify", func(t *testing.T) {
		reps, err := openStore(t, ts.Auditor).Verify(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) != 1 || !reps[0].OK() || reps[0].Events != 30 || reps[0].Refusals < 2 {
			t.Fatalf("verify: %+v", reps)
		}
	})
}

func TestCheckDSN(t *testing.T) {
	for _, dsn := range []string{"postgres://ws:secret@db/sightline", "host=db password=secret user=ws",
		"postgresql://ws@db/sightline?password=x"} {
		if err := CheckDSN(dsn); !errors.Is(err, ErrPasswordInDSN) {
			t.Errorf("CheckDSN(%q) = %v, want ErrPasswordInDSN", dsn, err)
		}
	}
	for _, dsn := range []string{"postgres://ws@db/sightline?sslmode=verify-full", "host=db user=ws sslmode=verify-full"} {
		if err := CheckDSN(dsn); err != nil {
			t.Errorf("CheckDSN(%q) = %v", dsn, err)
		}
	}
}
