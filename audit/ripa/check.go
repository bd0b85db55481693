package ripa

import (
	"slices"
	"time"
)

// Action is what the research browser does before opening a view.
type Action string

// Actions, from the least to the most strict.
const (
	// Allow: open the page.
	Allow Action = "allow"
	// Warn: open it under a banner with the count and history.
	Warn Action = "warn"
	// Ask: stop; the researcher links an authorisation, records a
	// justification or goes back.
	Ask Action = "ask"
)

// rank orders actions by strictness; an unknown action ranks as Ask.
func (a Action) rank() int {
	switch a {
	case Allow:
		return 0
	case Warn:
		return 1
	}
	return 2
}

// Assessment is the answer of the rules for one subject of a view.
type Assessment struct {
	Subject Subject
	Action  Action
	// NewEpisode reports whether the view would begin a new episode
	// rather than continue the last one.
	NewEpisode bool
	// EpisodeNumber is the episode the view would be in, counted within
	// the window (1-based).
	EpisodeNumber int
	// Episodes are the subject's earlier episodes within the window, in
	// order: Episodes[i] is episode i+1. Their Views index the history
	// given to Check; a view later than now counts as at now.
	Episodes []Episode
	// Justified reports whether the view continues an episode in which a
	// justification was already recorded for the subject.
	Justified bool
	// Authorisation is the active authorisation covering the subject (the
	// one running longest when several are), or nil.
	Authorisation *Authorisation
	// Lapsed is, when none is active, the authorisation covering the
	// subject that expired most recently within the window, or nil.
	Lapsed *Authorisation
}

// Verdict is the answer of the rules for a view: the strictest subject's
// Assessment, every subject's, and sentences for the banner.
type Verdict struct {
	Assessment              // the deciding (strictest) subject's
	Subjects   []Assessment // every matched subject, strictest first
	Reasons    []string     // plain sentences, strictest subject first; none for a plain Allow
}

// Check answers "what happens if I open this now?" for a view at now that
// matches subjects, given their earlier views and the authorisations
// (RULES.md). history needs only the views of these subjects with time >=
// p.Since(now); others are ignored, as are mentions. For each subject:
// Allow when an active authorisation covers it; otherwise Ask at episode
// p.AskAtEpisode or later (Warn instead when the view continues an episode
// whose justification is recorded), Warn at p.WarnAtEpisode or later, else
// Allow. The strictest subject decides (then the higher episode number,
// then the order given). With no subjects the verdict is Allow, with
// EpisodeNumber 0. Check
// runs in O(n) for n views of the subjects in the window (O(n log n) if
// history is not in time order); it does not validate p.
func Check(p Policy, now time.Time, subjects []Subject, history []View, auths []Authorisation) Verdict {
	var as []Assessment
	for i, s := range subjects {
		if slices.ContainsFunc(subjects[:i], func(o Subject) bool { return o.ID == s.ID }) {
			continue
		}
		as = append(as, assess(p, now, s, history, auths))
	}
	if len(as) == 0 {
		return Verdict{Assessment: Assessment{Action: Allow, NewEpisode: true}}
	}
	slices.SortStableFunc(as, func(a, b Assessment) int {
		if d := b.Action.rank() - a.Action.rank(); d != 0 {
			return d
		}
		return b.EpisodeNumber - a.EpisodeNumber
	})
	v := Verdict{Assessment: as[0], Subjects: as}
	for _, a := range as {
		v.Reasons = append(v.Reasons, reasons(p, a)...)
	}
	return v
}

func assess(p Policy, now time.Time, s Subject, history []View, auths []Authorisation) Assessment {
	eps := split(s.ID, p.EpisodeGap, timeline(s.ID, history, now, p.Window, true))
	a := Assessment{Subject: s, Episodes: eps, NewEpisode: true, EpisodeNumber: len(eps) + 1}
	if n := len(eps); n > 0 && now.Sub(eps[n-1].End) <= p.EpisodeGap {
		a.NewEpisode = false
		a.EpisodeNumber = n
		a.Justified = eps[n-1].Justified
	}
	if auth := activeFor(auths, s.ID, now); auth != nil {
		c := *auth
		a.Authorisation = &c
	} else if l := lapsedFor(auths, s.ID, now, p.Window); l != nil {
		c := *l
		a.Lapsed = &c
	}
	a.Action = decide(p, a)
	return a
}

func decide(p Policy, a Assessment) Action {
	switch {
	case a.Authorisation != nil:
		return Allow
	case a.EpisodeNumber >= p.AskAtEpisode:
		if !a.NewEpisode && a.Justified {
			return Warn
		}
		return Ask
	case a.EpisodeNumber >= p.WarnAtEpisode:
		return Warn
	}
	return Allow
}
