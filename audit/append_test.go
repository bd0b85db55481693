package audit

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAppendChainsAndVerifies(t *testing.T) {
	db, _ := TestDB(t)
	events := appendSamples(t, db, 50)

	prev := testGenesis
	for i, e := range events {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d: seq %d", i, e.Seq)
		}
		if e.PrevHash != prev {
			t.Fatalf("seq %d: prev_hash %s, want %s", e.Seq, e.PrevHash, prev)
		}
		if !isHash(e.Hash) {
			t.Fatalf("seq %d: hash %q is not lowercase hex", e.Seq, e.Hash)
		}
		prev = e.Hash
	}

	rep, err := Verify(context.Background(), db, testGenesis)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Err() != nil {
		t.Fatalf("chain broken: %v", rep.Broken)
	}
	last := events[len(events)-1]
	if rep.Events != 50 || rep.HeadSeq != 50 || rep.HeadHash != last.Hash {
		t.Fatalf("report %+v, want 50 events, head 50 %s", rep, last.Hash)
	}

	stored, err := List(context.Background(), db, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, events) {
		t.Fatalf("List differs from what Append returned:\n%+v\n%+v", stored[0], events[0])
	}
}

// An Appender's events, interleaved with Append's and with a checkpoint
// between, are the same chain as Append alone makes.
func TestAppenderChainsAsAppendDoes(t *testing.T) {
	ctx := context.Background()
	alone, _ := TestDB(t)
	want := appendSamples(t, alone, 20)
	db, _ := TestDB(t)
	db.SetMaxOpenConns(1)
	app, err := NewAppender(ctx, db, testGenesis)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	c := newClock()
	for i := range 20 {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got Event
		if i%3 == 2 {
			got, err = Append(ctx, tx, testGenesis, sampleEvent(c, i))
		} else {
			got, err = app.Append(ctx, tx, sampleEvent(c, i))
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("event %d: %+v, want %+v", i, got, want[i])
		}
	}
	if rep, err := Verify(ctx, db, testGenesis); err != nil || !rep.OK() || rep.Events != 20 {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

func TestVerifyEmptyLog(t *testing.T) {
	db, _ := TestDB(t)
	rep, err := Verify(context.Background(), db, testGenesis)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Events != 0 || rep.HeadSeq != 0 || rep.HeadHash != testGenesis {
		t.Fatalf("empty log report %+v", rep)
	}
}

func TestAppendRolledBackLeavesNoEvent(t *testing.T) {
	ctx := context.Background()
	db, _ := TestDB(t)
	c := newClock()
	first := appendOne(t, db, sampleEvent(c, 0))
	second := appendOne(t, db, sampleEvent(c, 1))

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Append(ctx, tx, testGenesis, sampleEvent(c, 2)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got, err := List(ctx, db, Filter{}); err != nil || len(got) != 2 {
		t.Fatalf("after rollback: %d events, %v; want 2", len(got), err)
	}

	third := appendOne(t, db, sampleEvent(c, 3))
	if third.Seq != 3 || third.PrevHash != second.Hash {
		t.Fatalf("after rollback: seq %d prev %s, want 3 %s", third.Seq, third.PrevHash, second.Hash)
	}
	rep, err := Verify(ctx, db, testGenesis)
	if err != nil || !rep.OK() || rep.HeadSeq != 3 {
		t.Fatalf("verify after rollback: %+v, %v", rep, err)
	}
	if first.Seq != 1 {
		t.Fatalf("first seq %d", first.Seq)
	}
}

func TestAppendConcurrentWritersKeepOneChain(t *testing.T) {
	db, _ := TestDB(t)
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			c := newClock()
			for i := range each {
				ctx := context.Background()
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					errs <- err
					return
				}
				e := sampleEvent(c, i)
				e.Officer = string(rune('A' + w))
				if _, err := Append(ctx, tx, testGenesis, e); err != nil {
					tx.Rollback()
					errs <- err
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	rep, err := Verify(context.Background(), db, testGenesis)
	if err != nil || !rep.OK() || rep.Events != writers*each {
		t.Fatalf("report %+v, %v; want %d events verified", rep, err, writers*each)
	}
}

func TestAppendStoresCanonicalForm(t *testing.T) {
	db, _ := TestDB(t)
	local := time.FixedZone("BST", 3600)
	e := appendOne(t, db, Event{
		Time:     time.Date(2026, 6, 1, 12, 0, 0, 987_654_321, local),
		Action:   "app.start",
		Subjects: []string{},
		Detail:   json.RawMessage(` {"b": 1, "a": {"d": [1, 2.50], "c": "<&>\u2028"}} `),
	})
	want := time.Date(2026, 6, 1, 11, 0, 0, 987_000_000, time.UTC)
	if !e.Time.Equal(want) || e.Time.Location() != time.UTC {
		t.Fatalf("time %v, want %v", e.Time, want)
	}
	if got := string(e.Detail); got != `{"a":{"c":"<&>\u2028","d":[1,2.50]},"b":1}` {
		t.Fatalf("detail %s", got)
	}
	if e.Subjects != nil {
		t.Fatalf("subjects %#v, want nil", e.Subjects)
	}

	var tm, subjects, detail string
	err := db.QueryRow(`SELECT time, subjects, detail FROM audit_events WHERE seq = 1`).Scan(&tm, &subjects, &detail)
	if err != nil {
		t.Fatal(err)
	}
	if tm != "2026-06-01T11:00:00.987Z" || subjects != "[]" || detail != string(e.Detail) {
		t.Fatalf("stored time %q subjects %q detail %q", tm, subjects, detail)
	}
}

func TestAppendRejects(t *testing.T) {
	now := newClock().now()
	tests := []struct {
		name    string
		genesis string
		e       Event
		want    string
	}{
		{"zero time", testGenesis, Event{Action: "view"}, "time is zero"},
		{"short genesis", "abcd", Event{Time: now}, "genesis"},
		{"upper-case genesis", strings.ToUpper(testGenesis), Event{Time: now}, "genesis"},
		{"array detail", testGenesis, Event{Time: now, Detail: json.RawMessage(`[1]`)}, "not a JSON object"},
		{"two objects", testGenesis, Event{Time: now, Detail: json.RawMessage(`{}{}`)}, "data after the object"},
		{"duplicate key", testGenesis, Event{Time: now, Detail: json.RawMessage(`{"a":1,"a":2}`)}, `duplicate key "a"`},
		{"bad json", testGenesis, Event{Time: now, Detail: json.RawMessage(`{"a":}`)}, "parse detail"},
		{"invalid utf-8 detail", testGenesis, Event{Time: now, Detail: json.RawMessage("{\"a\":\"\xff\"}")}, "not valid UTF-8"},
		{"invalid utf-8 url", testGenesis, Event{Time: now, URL: "https://e.test/\xff"}, "url is not valid UTF-8"},
		{"invalid utf-8 subject", testGenesis, Event{Time: now, Subjects: []string{"ok", "\xfe"}}, "subject 1"},
		{"year 10000", testGenesis, Event{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "outside years"},
	}
	db, _ := TestDB(t)
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			_, err = Append(ctx, tx, tt.genesis, tt.e)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "append audit event") {
				t.Fatalf("error %q lacks its operation", err)
			}
		})
	}
}

func TestTriggersRefuseChanges(t *testing.T) {
	ctx := context.Background()
	db, _ := TestDB(t)
	events := appendSamples(t, db, 3)
	e := events[0]
	insert := func(verb string) string {
		return verb + ` INTO audit_events VALUES (` + strings.Repeat("?, ", 10) + `?)`
	}
	args := func(seq int64) []any {
		return []any{seq, formatTime(e.Time), e.Officer, e.OSUser, e.Case, e.Action, e.URL, "[]", "{}", e.PrevHash, e.Hash}
	}
	tests := []struct {
		name  string
		query string
		args  []any
	}{
		{"update", `UPDATE audit_events SET url = 'https://evil.test/' WHERE seq = 2`, nil},
		{"delete", `DELETE FROM audit_events WHERE seq = 3`, nil},
		{"delete all", `DELETE FROM audit_events`, nil},
		{"replace", insert("INSERT OR REPLACE"), args(1)},
		{"insert past the head", insert("INSERT"), args(5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			_, err = tx.ExecContext(ctx, tt.query, tt.args...)
			if err == nil || !strings.Contains(err.Error(), "audit_events is append-only") {
				t.Fatalf("error %v, want append-only refusal", err)
			}
		})
	}
	got, err := List(ctx, db, Filter{})
	if err != nil || !reflect.DeepEqual(got, events) {
		t.Fatalf("log changed: %v", err)
	}
}
