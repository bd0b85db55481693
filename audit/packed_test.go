package audit

import (
	"context"
	"errors"
	"testing"
)

// TestVerifyEventWithUnitSeparator stores an event whose URL holds the byte
// packedSelect joins columns with: verification reads that row column by
// column and neither misses nor invents a break; a tampered row is still
// named.
func TestVerifyEventWithUnitSeparator(t *testing.T) {
	db, path := TestDB(t)
	c := newClock()
	appendOne(t, db, Event{Time: c.now(), Action: "view", URL: "https://example.org/a\x1fb"})
	appendOne(t, db, Event{Time: c.now(), Action: "view", URL: "https://example.org/c"})
	rep, err := Verify(context.Background(), db, testGenesis)
	if err != nil || !rep.OK() || rep.Events != 2 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	sqlite3(t, path, "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET url = 'https://example.org/x'||char(31) WHERE seq = 1;")
	rep, _ = Verify(context.Background(), db, testGenesis)
	var ce *ChainError
	if !errors.As(rep.Err(), &ce) || ce.Seq != 1 {
		t.Fatalf("tampered row with a separator: %+v", rep)
	}
}
