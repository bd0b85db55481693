package ripa

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Subject is a person or group of interest in a case, as far as the rules
// need it: its id, and its name for the sentences of a Verdict.
type Subject struct {
	ID   string
	Name string // shown in Reasons; the ID when empty
}

func (s Subject) label() string {
	if s.Name != "" {
		return s.Name
	}
	return s.ID
}

// View is one page load or in-page navigation the researcher saw, as
// recorded by the workspace.
type View struct {
	ID      int64     // the caller's id for the view (e.g. its audit seq); copied into flags
	Time    time.Time // when it was seen
	URL     string
	Profile string // the profile-like identity it shows (ProfileKey), "" if none; used by Collateral
	Persona string
	Officer string
	Case    string
	// Subjects are the ids of the subjects the view matched; only these
	// views count toward episodes.
	Subjects []string
	// Mentions are subjects only named in the page text: shown to the
	// researcher, never counted.
	Mentions []string
	// Authorisation is the reference of the authorisation the researcher
	// linked to the view, "" if none.
	Authorisation string
	// Justified are the subjects for which the researcher recorded a
	// justification before this view.
	Justified []string
}

// Authorisation is a recorded directed surveillance authorisation.
type Authorisation struct {
	Ref       string
	Subjects  []string  // ids of the subjects it covers
	From, To  time.Time // in force when From <= t < To
	GrantedBy string
	Notes     string
}

// Active reports whether a is in force at t: From <= t < To.
func (a Authorisation) Active(t time.Time) bool {
	return !t.Before(a.From) && t.Before(a.To)
}

// Covers reports whether a names the subject.
func (a Authorisation) Covers(subject string) bool {
	return slices.Contains(a.Subjects, subject)
}

// Validate checks that a has a reference, at least one subject and a
// period that ends after it starts.
func (a Authorisation) Validate() error {
	var problems []string
	if strings.TrimSpace(a.Ref) == "" {
		problems = append(problems, "no reference")
	}
	if len(a.Subjects) == 0 {
		problems = append(problems, "no subjects")
	}
	for _, s := range a.Subjects {
		if strings.TrimSpace(s) == "" {
			problems = append(problems, "an empty subject id")
			break
		}
	}
	if a.From.IsZero() || a.To.IsZero() {
		problems = append(problems, "no start or no expiry")
	} else if !a.To.After(a.From) {
		problems = append(problems, fmt.Sprintf("expiry %s is not after start %s", stamp(a.To), stamp(a.From)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid authorisation %q: %s", a.Ref, strings.Join(problems, "; "))
	}
	return nil
}

// activeFor returns the authorisation covering subject that is in force at
// t and runs longest, or nil.
func activeFor(auths []Authorisation, subject string, t time.Time) *Authorisation {
	var best *Authorisation
	for i := range auths {
		a := &auths[i]
		if a.Active(t) && a.Covers(subject) && (best == nil || a.To.After(best.To)) {
			best = a
		}
	}
	return best
}

// lapsedFor returns the authorisation covering subject that expired most
// recently within the window before t (t-window <= To <= t), or nil.
func lapsedFor(auths []Authorisation, subject string, t time.Time, window time.Duration) *Authorisation {
	var best *Authorisation
	for i := range auths {
		a := &auths[i]
		if a.To.After(t) || t.Sub(a.To) > window || !a.Covers(subject) {
			continue
		}
		if best == nil || a.To.After(best.To) {
			best = a
		}
	}
	return best
}

// stamp formats t for sentences: UTC to the minute.
func stamp(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
