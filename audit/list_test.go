package audit

import (
	"context"
	"testing"
	"time"
)

func TestListFilters(t *testing.T) {
	db, _ := TestDB(t)
	c := newClock()
	add := func(officer, ref, action string) Event {
		return appendOne(t, db, Event{Time: c.now(), Officer: officer, Case: ref, Action: action})
	}
	e1 := add("", "", "app.start")
	e2 := add("4471", "", "officer.set")
	e3 := add("4471", "OP-A", "case.create")
	e4 := add("4471", "OP-A", "view")
	e5 := add("5120", "OP-B", "view")
	e6 := add("5120", "OP-A", "capture")
	e7 := appendOne(t, db, Event{Time: c.now(), Officer: "4471", Case: "OP-A", Action: "view", Subjects: []string{"S1", "S12"}})
	e8 := appendOne(t, db, Event{Time: c.now(), Officer: "4471", Case: "OP-A", Action: "view", Subjects: []string{"S2"}})

	ms := time.Millisecond
	tests := []struct {
		name string
		f    Filter
		want []Event
	}{
		{"all", Filter{}, []Event{e1, e2, e3, e4, e5, e6, e7, e8}},
		{"officer", Filter{Officer: "5120"}, []Event{e5, e6}},
		{"case", Filter{Case: "OP-A"}, []Event{e3, e4, e6, e7, e8}},
		{"action", Filter{Action: "view"}, []Event{e4, e5, e7, e8}},
		{"subject", Filter{Subject: "S1"}, []Event{e7}},
		{"subject not a prefix", Filter{Subject: "S"}, nil},
		{"combined", Filter{Officer: "4471", Case: "OP-A", Action: "view", Subject: "S2"}, []Event{e8}},
		{"from is inclusive", Filter{From: e3.Time}, []Event{e3, e4, e5, e6, e7, e8}},
		{"to is exclusive", Filter{To: e3.Time}, []Event{e1, e2}},
		{"sub-millisecond bounds", Filter{From: e2.Time.Add(ms / 2), To: e4.Time.Add(ms / 2)}, []Event{e3, e4}},
		{"bounds in another zone", Filter{From: e5.Time.In(time.FixedZone("X", -5*3600))}, []Event{e5, e6, e7, e8}},
		{"limit keeps the first", Filter{Case: "OP-A", Limit: 2}, []Event{e3, e4}},
		{"nothing", Filter{Officer: "nobody"}, nil},
		{"after a seq", Filter{Case: "OP-A", After: e4.Seq}, []Event{e6, e7, e8}},
		{"newest first, a page", Filter{Case: "OP-A", Newest: true, Limit: 2}, []Event{e8, e7}},
		{"newest first, next page", Filter{Case: "OP-A", Newest: true, Before: e7.Seq, Limit: 2}, []Event{e6, e4}},
		{"between seqs", Filter{After: e2.Seq, Before: e5.Seq}, []Event{e3, e4}},
		{"newest first, a page of a period", Filter{From: e3.Time, To: e7.Time, Newest: true, Limit: 2}, []Event{e6, e5}},
		{"newest first, a page of a subject", Filter{Subject: "S2", Newest: true, Limit: 1}, []Event{e8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := List(context.Background(), db, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d events, want %d", len(got), len(tt.want))
			}
			n, err := Count(context.Background(), db, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if tt.f.Limit == 0 && n != int64(len(tt.want)) {
				t.Errorf("Count %d, List %d", n, len(tt.want))
			}
			for i := range got {
				if got[i].Seq != tt.want[i].Seq || got[i].Hash != tt.want[i].Hash {
					t.Fatalf("event %d: seq %d, want %d", i, got[i].Seq, tt.want[i].Seq)
				}
			}
		})
	}
	for _, f := range []Filter{{Limit: -1}, {After: -1}, {Before: -2}} {
		if _, err := List(context.Background(), db, f); err == nil {
			t.Errorf("%+v accepted", f)
		}
	}
}

func TestEventsStopsOnCancel(t *testing.T) {
	db, _ := TestDB(t)
	appendSamples(t, db, 3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Verify(ctx, db, testGenesis); err == nil {
		t.Fatal("Verify ignored a cancelled context")
	}
}
