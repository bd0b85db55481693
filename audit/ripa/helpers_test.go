package ripa

import (
	"testing"
	"time"
)

// t0 is the fixed start of every test clock: Monday 4 March 2024, 00:00 UTC.
var t0 = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

// at returns the time on day (1-based) at hh:mm.
func at(day, hh, mm int) time.Time {
	return t0.Add(time.Duration(day-1)*24*time.Hour + time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// mins returns t0 plus m minutes.
func mins(m float64) time.Time {
	return t0.Add(time.Duration(m * float64(time.Minute)))
}

const day = 24 * time.Hour

// seen builds a view of subjects at t.
func seen(t time.Time, subjects ...string) View {
	return View{Time: t, Subjects: subjects}
}

// viewsAt builds views of subject at each time.
func viewsAt(subject string, ts ...time.Time) []View {
	vs := make([]View, len(ts))
	for i, t := range ts {
		vs[i] = View{ID: int64(i + 1), Time: t, Subjects: []string{subject}}
	}
	return vs
}

func policy(f func(*Policy)) Policy {
	p := DefaultPolicy()
	if f != nil {
		f(&p)
	}
	return p
}

func mustValid(tb testing.TB, p Policy) {
	tb.Helper()
	if err := p.Validate(); err != nil {
		tb.Fatalf("policy: %v", err)
	}
}
