package ripa

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// FlagKind names a finding for auditors.
type FlagKind string

// Kinds of flag, in the order Flags lists flags of the same view.
const (
	// FlagUnauthorisedRepeat: an episode at or past Policy.AskAtEpisode
	// with a view no active authorisation covered; one per episode, at
	// its first such view.
	FlagUnauthorisedRepeat FlagKind = "unauthorised-repeat"
	// FlagExpiredAuthorisation: a view under an authorisation that was not
	// in force: linked to one whose period does not contain it, or, at or
	// past Policy.AskAtEpisode with none active, after one covering the
	// subject expired within the window. One per view.
	FlagExpiredAuthorisation FlagKind = "expired-authorisation"
	// FlagUnknownAuthorisation: a view linked to a reference that is not
	// among the authorisations given. One per view.
	FlagUnknownAuthorisation FlagKind = "unknown-authorisation"
	// FlagJustification: a justification was recorded, for review. One
	// per view.
	FlagJustification FlagKind = "justification"
)

func (k FlagKind) rank() int {
	switch k {
	case FlagUnauthorisedRepeat:
		return 0
	case FlagExpiredAuthorisation:
		return 1
	case FlagUnknownAuthorisation:
		return 2
	}
	return 3
}

// Flag is a finding for review by an auditor, about one subject and one
// view.
type Flag struct {
	Kind    FlagKind
	Subject string    // subject id
	Time    time.Time // the view's time
	View    int64     // the view's ID
	Episode int       // the view's episode within the window; 0 when it did not count for Subject
	Ref     string    // the authorisation concerned, if any
	Detail  string    // one plain sentence
}

// Flags derives the auditor's findings (RULES.md, "Flags") from history,
// the views of any number of subjects, and the authorisations (every
// authorisation linked by a view or covering one of its subjects). It
// replays Check for every view of every subject, in time order, at the
// view's time with the views before it, so a flag is raised exactly where
// Check would have answered at or past the Ask threshold. To review a
// period, pass the views from its start minus p.Window and keep the flags
// within it. Flags are sorted by time, subject, kind and view; Flags runs
// in O(n log n) for n views times the subject's authorisations.
func Flags(p Policy, history []View, auths []Authorisation) []Flag {
	var out []Flag
	for _, l := range timelines(history) {
		out = replay(p, l.subject, &l.line, auths, out)
	}
	for i := range history {
		v := &history[i]
		for _, s := range v.Justified {
			if !slices.Contains(v.Subjects, s) {
				out = append(out, Flag{Kind: FlagJustification, Subject: s, Time: v.Time, View: v.ID,
					Detail: "Justification recorded for a subject the view did not match."})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Flag) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		if c := strings.Compare(a.Subject, b.Subject); c != 0 {
			return c
		}
		if d := a.Kind.rank() - b.Kind.rank(); d != 0 {
			return d
		}
		return cmp.Compare(a.View, b.View)
	})
	return out
}

// subjectLine is one subject's timeline.
type subjectLine struct {
	subject string
	line
}

// timelines returns the timeline of every subject views matched, by
// subject id, from one pass over views: what timeline gives for each
// subject, without a pass per subject.
func timelines(views []View) []subjectLine {
	at := map[string]int{}
	var out []subjectLine
	for i := range views {
		for _, s := range views[i].Subjects {
			k, ok := at[s]
			if !ok {
				k = len(out)
				at[s] = k
				out = append(out, subjectLine{subject: s, line: line{views: views}})
			}
			if idx := out[k].idx; len(idx) == 0 || idx[len(idx)-1] != i {
				out[k].idx = append(idx, i)
			}
		}
	}
	slices.SortFunc(out, func(a, b subjectLine) int { return strings.Compare(a.subject, b.subject) })
	for k := range out {
		sortByTime(views, out[k].idx)
	}
	return out
}

// replay walks one subject's sorted timeline, keeping the ends of its
// episodes so far and the first of them still within the window.
func replay(p Policy, s string, l *line, auths []Authorisation, out []Flag) []Flag {
	var covering []Authorisation
	for _, a := range auths {
		if a.Covers(s) {
			covering = append(covering, a)
		}
	}
	var ends []time.Time
	lo, flagged := 0, false
	for k, i := range l.idx {
		t, v := l.at(k), &l.views[i]
		if n := len(ends); n == 0 || t.Sub(ends[n-1]) > p.EpisodeGap {
			ends = append(ends, t)
			flagged = false
		} else {
			ends[n-1] = t
		}
		for lo < len(ends)-1 && t.Sub(ends[lo]) > p.Window {
			lo++
		}
		n := len(ends) - lo
		f := Flag{Subject: s, Time: t, View: v.ID, Episode: n}
		active := activeFor(covering, s, t)
		if n >= p.AskAtEpisode && active == nil && !flagged {
			flagged = true
			out = append(out, with(f, FlagUnauthorisedRepeat, "",
				fmt.Sprintf("%s viewing episode in %s with no authorisation in force.", ordinal(n), span(p.Window))))
		}
		out = linkFlags(p, f, v, auths, covering, active, out)
		if slices.Contains(v.Justified, s) {
			out = append(out, with(f, FlagJustification, "",
				fmt.Sprintf("Justification recorded at the %s viewing episode in %s.", ordinal(n), span(p.Window))))
		}
	}
	return out
}

// linkFlags raises the authorisation flags of one view of f.Subject: at
// most one unknown-authorisation and one expired-authorisation.
func linkFlags(p Policy, f Flag, v *View, auths, covering []Authorisation, active *Authorisation, out []Flag) []Flag {
	if ref := v.Authorisation; ref != "" {
		known, inForce, outside := linked(auths, ref, f.Subject, f.Time)
		switch {
		case !known:
			out = append(out, with(f, FlagUnknownAuthorisation, ref,
				fmt.Sprintf("View linked to authorisation %s, which is not recorded.", ref)))
		case outside != nil && !inForce:
			return append(out, with(f, FlagExpiredAuthorisation, ref, outOfForce(outside, f.Time)))
		}
	}
	if active == nil && f.Episode >= p.AskAtEpisode {
		if l := lapsedFor(covering, f.Subject, f.Time, p.Window); l != nil {
			out = append(out, with(f, FlagExpiredAuthorisation, l.Ref,
				fmt.Sprintf("%s viewing episode in %s after authorisation %s expired at %s.",
					ordinal(f.Episode), span(p.Window), l.Ref, stamp(l.To))))
		}
	}
	return out
}

// linked looks up the authorisations with reference ref (a renewal may
// repeat one): whether any is recorded, whether one covering subject is in
// force at t, and otherwise the covering one nearest before t (the latest
// to expire by t), else the first covering one.
func linked(auths []Authorisation, ref, subject string, t time.Time) (known, inForce bool, outside *Authorisation) {
	for i := range auths {
		a := &auths[i]
		if a.Ref != ref {
			continue
		}
		known = true
		if !a.Covers(subject) {
			continue
		}
		if a.Active(t) {
			inForce = true
		}
		expired := !a.To.After(t)
		switch {
		case outside == nil:
			outside = a
		case expired && (outside.To.After(t) || a.To.After(outside.To)):
			outside = a
		}
	}
	return known, inForce, outside
}

func outOfForce(a *Authorisation, t time.Time) string {
	if t.Before(a.From) {
		return fmt.Sprintf("View linked to authorisation %s before it took effect at %s.", a.Ref, stamp(a.From))
	}
	return fmt.Sprintf("View linked to authorisation %s, which expired at %s.", a.Ref, stamp(a.To))
}

func with(f Flag, k FlagKind, ref, detail string) Flag {
	f.Kind, f.Ref, f.Detail = k, ref, detail
	return f
}
