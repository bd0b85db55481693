package ripa

import (
	"math/rand/v2"
	"testing"
	"time"
)

// windowHistory returns n views of s1, all within the default window
// before now: bursts of 20 views a minute apart, the bursts spread evenly
// over 28 days, every tenth view also matching s2, in time order.
func windowHistory(n int, now time.Time) []View {
	views := make([]View, n)
	bursts := (n + 19) / 20
	spacing := (DefaultWindow - time.Hour) / time.Duration(bursts)
	start := now.Add(-DefaultWindow + time.Minute)
	for i := range views {
		t := start.Add(time.Duration(i/20)*spacing + time.Duration(i%20)*time.Minute)
		subjects := []string{"s1"}
		if i%10 == 0 {
			subjects = append(subjects, "s2")
		}
		views[i] = View{ID: int64(i + 1), Time: t, Subjects: subjects, URL: "https://x.com/jsmith/status/1"}
	}
	return views
}

func benchmarkCheck(b *testing.B, shuffled bool) {
	now := at(60, 12, 0)
	history := windowHistory(10_000, now)
	if shuffled {
		r := rand.New(rand.NewPCG(1, 2))
		r.Shuffle(len(history), func(i, j int) { history[i], history[j] = history[j], history[i] })
	}
	auths := []Authorisation{{Ref: "DSA-1", Subjects: []string{"s2"}, From: at(1, 0, 0), To: at(90, 0, 0)}}
	p := DefaultPolicy()
	subjects := []Subject{smith}
	v := Check(p, now, subjects, history, auths)
	if v.Action != Ask || v.EpisodeNumber != 501 {
		b.Fatalf("verdict %s at episode %d, want ask at 501", v.Action, v.EpisodeNumber)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Check(p, now, subjects, history, auths)
	}
}

// BenchmarkCheck10k: Check for one subject with 10,000 views in the
// window, given in time order as the caller's indexed query returns them.
func BenchmarkCheck10k(b *testing.B) { benchmarkCheck(b, false) }

// BenchmarkCheck10kUnsorted: the same history in random order.
func BenchmarkCheck10kUnsorted(b *testing.B) { benchmarkCheck(b, true) }

// BenchmarkFlags10k: the auditor's findings over the same history.
func BenchmarkFlags10k(b *testing.B) {
	now := at(60, 12, 0)
	history := windowHistory(10_000, now)
	p := DefaultPolicy()
	b.ReportAllocs()
	for b.Loop() {
		Flags(p, history, nil)
	}
}
