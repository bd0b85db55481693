package ripa

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Episode is one viewing episode of a subject: views of it each at most
// Policy.EpisodeGap after the previous one.
type Episode struct {
	Subject    string
	Start, End time.Time // times of its first and last view
	// Views are indices into the slice of views given, in time order
	// (ties in the order given).
	Views []int
	// Justified reports whether a view in it recorded a justification for
	// Subject.
	Justified bool
	// Authorisations are the references linked by its views, first seen
	// first, without repeats.
	Authorisations []string
}

// Episodes splits the views of subject (those whose Subjects include it;
// mentions do not count) into episodes, in time order, whatever the order
// of views. Every such view is in exactly one episode. A view starts a new
// episode when it comes more than p.EpisodeGap after the previous view of
// the subject; exactly EpisodeGap continues the episode.
func Episodes(p Policy, subject string, views []View) []Episode {
	return split(subject, p.EpisodeGap, timeline(subject, views, time.Time{}, 0, false))
}

// line is one subject's timeline: indices into views, in time order
// (ties in the order given). With clamp set, views later than now count as
// at now (a clock set back cannot hide them).
type line struct {
	views []View
	idx   []int
	now   time.Time
	clamp bool
}

// at returns the (clamped) time of the k-th view on the line.
func (l *line) at(k int) time.Time {
	t := l.views[l.idx[k]].Time
	if l.clamp && t.After(l.now) {
		return l.now
	}
	return t
}

// timeline returns the views of subject in time order; when bounded,
// only those at most window before now, views after now counting as at
// now. When bounded, views holds the caller's window for a few subjects,
// so its length is the capacity to reserve; without one (Flags, Episodes)
// the views of subject are counted first.
func timeline(subject string, views []View, now time.Time, window time.Duration, bounded bool) *line {
	l := &line{views: views, now: now, clamp: bounded}
	n := len(views)
	if !bounded {
		n = 0
		for i := range views {
			if slices.Contains(views[i].Subjects, subject) {
				n++
			}
		}
	}
	l.idx = make([]int, 0, n)
	for i := range views {
		v := &views[i]
		if !slices.Contains(v.Subjects, subject) {
			continue
		}
		if bounded {
			t := v.Time
			if t.After(now) {
				t = now
			}
			if now.Sub(t) > window {
				continue
			}
		}
		l.idx = append(l.idx, i)
	}
	sortByTime(views, l.idx)
	return l
}

// sortByTime orders indices into views by time, then by index: a stable
// sort by time, since indices are distinct. Clamping keeps this order
// (it maps later times to one time), so it sorts on the recorded times.
// Input in time order (as the caller's indexed query returns it) is only
// checked; otherwise it sorts compact keys rather than chasing views.
func sortByTime(views []View, idx []int) {
	if slices.IsSortedFunc(idx, func(a, b int) int { return views[a].Time.Compare(views[b].Time) }) {
		return
	}
	lo, hi := views[idx[0]].Time, views[idx[0]].Time
	for _, i := range idx {
		if t := views[i].Time; t.Before(lo) {
			lo = t
		} else if t.After(hi) {
			hi = t
		}
	}
	if hi.Sub(lo) == math.MaxInt64 { // a span over 292 years: no int64 key
		slices.SortFunc(idx, func(a, b int) int {
			if c := views[a].Time.Compare(views[b].Time); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		return
	}
	sortByOffset(views, idx, lo)
}

// sortByOffset sorts idx on (nanoseconds after lo, index) pairs.
func sortByOffset(views []View, idx []int, lo time.Time) {
	type key struct {
		ns int64
		i  int
	}
	keys := make([]key, len(idx))
	for k, i := range idx {
		keys[k] = key{int64(views[i].Time.Sub(lo)), i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.ns != b.ns {
			return cmp.Compare(a.ns, b.ns)
		}
		return cmp.Compare(a.i, b.i)
	})
	for k := range keys {
		idx[k] = keys[k].i
	}
}

// split cuts a timeline into episodes. The episodes' Views are subslices
// of l.idx.
func split(subject string, gap time.Duration, l *line) []Episode {
	var eps []Episode
	first := 0 // position on the line of the current episode's first view
	for k, i := range l.idx {
		t := l.at(k)
		if n := len(eps); n == 0 || t.Sub(eps[n-1].End) > gap {
			if n > 0 {
				eps[n-1].Views = l.idx[first:k:k]
			}
			eps = append(eps, Episode{Subject: subject, Start: t})
			first = k
		}
		ep := &eps[len(eps)-1]
		ep.End = t
		v := &l.views[i]
		if !ep.Justified && len(v.Justified) > 0 && slices.Contains(v.Justified, subject) {
			ep.Justified = true
		}
		if v.Authorisation != "" && !slices.Contains(ep.Authorisations, v.Authorisation) {
			ep.Authorisations = append(ep.Authorisations, v.Authorisation)
		}
	}
	if n := len(eps); n > 0 {
		eps[n-1].Views = l.idx[first:len(l.idx):len(l.idx)]
	}
	return eps
}
