package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestSplitLogCoversEverySeqOnce(t *testing.T) {
	db, _ := TestDB(t)
	ctx := context.Background()
	if got, err := splitLog(ctx, db, 4, 1); err != nil || got != nil {
		t.Fatalf("empty log: %v, %v", got, err)
	}
	appendSamples(t, db, 10)
	tests := []struct {
		n    int
		size int64
		want int
	}{{1, 1, 1}, {3, 1, 3}, {4, 3, 3}, {8, 5, 2}, {8, 11, 1}, {20, 1, 10}}
	for _, tt := range tests {
		ranges, err := splitLog(ctx, db, tt.n, tt.size)
		if err != nil {
			t.Fatal(err)
		}
		if len(ranges) != tt.want {
			t.Errorf("n %d size %d: %d ranges, want %d", tt.n, tt.size, len(ranges), tt.want)
		}
		next := int64(1)
		for _, r := range ranges {
			if r.lo != next || r.hi < r.lo {
				t.Fatalf("n %d size %d: ranges %v do not tile 1..10", tt.n, tt.size, ranges)
			}
			next = r.hi + 1
		}
		if next != 11 {
			t.Fatalf("n %d size %d: ranges %v end at %d", tt.n, tt.size, ranges, next-1)
		}
	}
}

// TestVerifyRangesAcrossBoundaries breaks the chain at each seq in turn,
// by an edit and by a deletion, and checks that every way of splitting the
// log finds the break at that seq.
func TestVerifyRangesAcrossBoundaries(t *testing.T) {
	const n = 9
	for seq := 1; seq <= n; seq++ {
		for _, edit := range []string{
			fmt.Sprintf(dropUpdate+"UPDATE audit_events SET action = 'x' WHERE seq = %d;", seq),
			fmt.Sprintf(dropDelete+"DELETE FROM audit_events WHERE seq = %d;", seq),
		} {
			db, path := TestDB(t)
			appendSamples(t, db, n)
			db.Close()
			sqlite3(t, path, edit)
			rep := verifyAllWays(t, openDB(t, path))
			if seq == n && strings.Contains(edit, "DELETE") {
				if !rep.OK() || rep.HeadSeq != n-1 {
					t.Fatalf("last event deleted: %+v, want a valid chain to seq %d", rep, n-1)
				}
				continue
			}
			if ce := chainError(t, rep.Err()); ce.Seq != int64(seq) {
				t.Fatalf("%s: break %v, want seq %d", edit, ce, seq)
			}
		}
	}
}
