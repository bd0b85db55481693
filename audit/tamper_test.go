package audit

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sqlQuote quotes s as an SQL string literal.
func sqlQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// forgedInsert returns an INSERT of a correctly hashed event at seq that
// chains from prev, as an attacker who knows the format would write it.
func forgedInsert(t *testing.T, seq int64, prev string) string {
	t.Helper()
	e := sampleEvent(newClock(), 99)
	e.Seq, e.PrevHash, e.URL = seq, prev, "https://planted.test/"
	e.Time = e.Time.Truncate(time.Millisecond)
	var err error
	if e.Hash, err = newHasher().sum(&e); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("INSERT INTO audit_events VALUES (%d, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s);",
		e.Seq, sqlQuote(formatTime(e.Time)), sqlQuote(e.Officer), sqlQuote(e.OSUser), sqlQuote(e.Case),
		sqlQuote(e.Action), sqlQuote(e.URL), sqlQuote(string(appendSubjects(nil, e.Subjects))),
		sqlQuote(string(e.Detail)), sqlQuote(e.PrevHash), sqlQuote(e.Hash))
}

// rehash returns SQL that sets seq's hash to the right value for its
// current content, as an attacker covering an edit would.
func rehash(t *testing.T, path string, seq int64) string {
	t.Helper()
	events, err := List(context.Background(), openDB(t, path), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	e := events[seq-1]
	sum, err := newHasher().sum(&e)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("UPDATE audit_events SET hash = %s WHERE seq = %d;", sqlQuote(sum), seq)
}

const (
	dropUpdate = "DROP TRIGGER audit_events_no_update;\n"
	dropDelete = "DROP TRIGGER audit_events_no_delete;\n"
	dropInsert = "DROP TRIGGER audit_events_next_seq;\n"
	allColumns = "time, officer, os_user, case_ref, action, url, subjects, detail, prev_hash, hash"
)

// TestVerifyDetectsTampering edits a closed workspace database with the
// sqlite3 CLI, the way someone with the file and no Sightline would, and
// checks that Verify names the first seq that no longer verifies.
func TestVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name    string
		script  func(t *testing.T, path string, hashes []string) string
		seq     int64
		reason  string
		headSeq int64
	}{
		{"altered field", func(*testing.T, string, []string) string {
			return dropUpdate + "UPDATE audit_events SET url = 'x' WHERE seq = 3;"
		}, 3, "hash mismatch", 6},
		{"altered field and its hash", func(t *testing.T, path string, _ []string) string {
			sqlite3(t, path, dropUpdate+"UPDATE audit_events SET officer = '9999' WHERE seq = 3;")
			return rehash(t, path, 3)
		}, 4, "prev_hash does not match the hash of seq 3", 6},
		{"deleted row", func(*testing.T, string, []string) string {
			return dropDelete + "DELETE FROM audit_events WHERE seq = 3;"
		}, 3, "event missing or out of order: next event is seq 4", 6},
		{"swapped rows", func(*testing.T, string, []string) string {
			return dropUpdate + "CREATE TEMP TABLE copy AS SELECT * FROM audit_events WHERE seq IN (3, 4);\n" +
				"UPDATE audit_events SET (" + allColumns + ") = (SELECT " + allColumns +
				" FROM copy WHERE copy.seq = 7 - audit_events.seq) WHERE seq IN (3, 4);"
		}, 3, "prev_hash does not match the hash of seq 2", 6},
		{"inserted row renumbering the rest", func(t *testing.T, _ string, hashes []string) string {
			return dropUpdate + dropInsert +
				"UPDATE audit_events SET seq = -seq WHERE seq >= 3;\n" +
				"UPDATE audit_events SET seq = 1 - seq WHERE seq < 0;\n" +
				forgedInsert(t, 3, hashes[1])
		}, 4, "prev_hash does not match the hash of seq 3", 7},
		{"time rewritten in another form", func(*testing.T, string, []string) string {
			return dropUpdate + "UPDATE audit_events SET time = '2026-11-23 11:31:09.620' WHERE seq = 2;"
		}, 2, "not in canonical form", 6},
		{"detail padded", func(*testing.T, string, []string) string {
			return dropUpdate + "UPDATE audit_events SET detail = detail || ' ' WHERE seq = 5;"
		}, 5, "detail is not one JSON object", 6},
		{"subjects reformatted", func(*testing.T, string, []string) string {
			return dropUpdate + `UPDATE audit_events SET subjects = '[ "S-1", "S-2" ]' WHERE seq = 4;`
		}, 4, "subjects", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, path := TestDB(t)
			events := appendSamples(t, db, 6)
			db.Close()
			hashes := make([]string, len(events))
			for i, e := range events {
				hashes[i] = e.Hash
			}
			sqlite3(t, path, tt.script(t, path, hashes))

			rep := verifyAllWays(t, openDB(t, path))
			ce := chainError(t, rep.Err())
			if ce.Seq != tt.seq || !strings.Contains(ce.Reason, tt.reason) {
				t.Fatalf("break %v, want seq %d %q", ce, tt.seq, tt.reason)
			}
			if rep.HeadSeq != tt.headSeq {
				t.Fatalf("head seq %d, want %d", rep.HeadSeq, tt.headSeq)
			}
		})
	}
}

// verifyAllWays verifies db with Verify, in one pass, and in ranges of
// every size, and fails unless all give the same Report.
func verifyAllWays(t *testing.T, db *sql.DB) Report {
	t.Helper()
	ctx := context.Background()
	rep, err := Verify(ctx, db, testGenesis)
	if err != nil {
		t.Fatal(err)
	}
	one, err := VerifyEvents(testGenesis, Events(ctx, db, Filter{}))
	if err != nil || !reflect.DeepEqual(one, rep) {
		t.Fatalf("one pass %+v (%v) differs from Verify %+v", one, err, rep)
	}
	for n := 2; n <= 7; n++ {
		ranged, err := verifyRanges(ctx, db, testGenesis, n, 1)
		if err != nil || !reflect.DeepEqual(ranged, rep) {
			t.Fatalf("%d ranges %+v (%v) differ from Verify %+v", n, ranged, err, rep)
		}
	}
	return rep
}

// TestVerifyCannotSeeTruncation records the known limit: removing events
// from the end leaves a valid, shorter chain. Checkpoints will catch it.
func TestVerifyCannotSeeTruncation(t *testing.T) {
	db, path := TestDB(t)
	events := appendSamples(t, db, 6)
	db.Close()
	sqlite3(t, path, dropDelete+"DELETE FROM audit_events WHERE seq > 4;")

	rep := verifyAllWays(t, openDB(t, path))
	if !rep.OK() || rep.HeadSeq != 4 || rep.HeadHash != events[3].Hash {
		t.Fatalf("report %+v, want a valid chain ending at seq 4", rep)
	}
}

func TestVerifyWrongGenesis(t *testing.T) {
	db, _ := TestDB(t)
	appendSamples(t, db, 2)
	other := strings.Repeat("0", 64)
	rep, err := Verify(context.Background(), db, other)
	if err != nil {
		t.Fatal(err)
	}
	ce := chainError(t, rep.Err())
	if ce.Seq != 1 || ce.Reason != "prev_hash does not match the genesis" {
		t.Fatalf("break %v", ce)
	}
	if _, err := Verify(context.Background(), db, "not hex"); err == nil {
		t.Fatal("Verify accepted a malformed genesis")
	}
}
