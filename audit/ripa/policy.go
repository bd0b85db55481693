package ripa

import (
	"errors"
	"fmt"
	"time"
)

// Policy holds the thresholds of the repeated-viewing rules (RULES.md).
// The zero Policy is not valid; it errs on the strict side (every view is
// at least at the Ask threshold) rather than the permissive one.
type Policy struct {
	// EpisodeGap: views of one subject at most this far apart (measured
	// from the previous view) form one viewing episode. Default 30m.
	EpisodeGap time.Duration
	// Window: episodes are counted over the Window before the time of the
	// view, both ends included. Default 28 days.
	Window time.Duration
	// WarnAtEpisode: Check warns before the view that would begin this
	// episode within the window, and during it. Default 2.
	WarnAtEpisode int
	// AskAtEpisode: Check stops and asks before this episode within the
	// window when no active authorisation covers the subject, and Flags
	// flags every such episode. Default 3.
	AskAtEpisode int
}

// Default thresholds (DESIGN.md §6).
const (
	DefaultEpisodeGap    = 30 * time.Minute
	DefaultWindow        = 28 * 24 * time.Hour
	DefaultWarnAtEpisode = 2
	DefaultAskAtEpisode  = 3
)

// DefaultPolicy returns the thresholds of DESIGN.md §6.
func DefaultPolicy() Policy {
	return Policy{
		EpisodeGap:    DefaultEpisodeGap,
		Window:        DefaultWindow,
		WarnAtEpisode: DefaultWarnAtEpisode,
		AskAtEpisode:  DefaultAskAtEpisode,
	}
}

// Validate reports every value that breaks a rule of RULES.md ("Policy
// file"), joined into one error; it names values by their keys in the
// policy file.
func (p Policy) Validate() error {
	var errs []error
	if p.EpisodeGap <= 0 {
		errs = append(errs, fmt.Errorf("%s must be positive, got %s", keyEpisodeGap, formatDuration(p.EpisodeGap)))
	}
	if p.Window <= 0 {
		errs = append(errs, fmt.Errorf("%s must be positive, got %s", keyWindow, formatDuration(p.Window)))
	}
	if p.EpisodeGap > 0 && p.Window > 0 && p.Window < p.EpisodeGap {
		errs = append(errs, fmt.Errorf("%s (%s) must not be shorter than %s (%s)",
			keyWindow, formatDuration(p.Window), keyEpisodeGap, formatDuration(p.EpisodeGap)))
	}
	if p.WarnAtEpisode < 1 {
		errs = append(errs, fmt.Errorf("%s must be at least 1, got %d", keyWarnAt, p.WarnAtEpisode))
	}
	if p.AskAtEpisode < 1 {
		errs = append(errs, fmt.Errorf("%s must be at least 1, got %d", keyAskAt, p.AskAtEpisode))
	}
	if p.WarnAtEpisode >= 1 && p.AskAtEpisode >= 1 && p.AskAtEpisode < p.WarnAtEpisode {
		errs = append(errs, fmt.Errorf("%s (%d) must not be below %s (%d)",
			keyAskAt, p.AskAtEpisode, keyWarnAt, p.WarnAtEpisode))
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid policy: %w", errors.Join(errs...))
}

// Since returns the earliest view time that can affect Check at now:
// now minus the window. The caller fetches the views of the matched
// subjects with time >= Since(now) (one query on an index of subject and
// time), and the authorisations covering them that expire at or after it.
func (p Policy) Since(now time.Time) time.Time {
	return now.Add(-p.Window)
}

// Changes lists, one line each, the values that differ between p and
// next, in file order, e.g. `window: 28d -> 14d`. The workspace puts
// them in the audit event of a policy change.
func (p Policy) Changes(next Policy) []string {
	var out []string
	if p.EpisodeGap != next.EpisodeGap {
		out = append(out, fmt.Sprintf("%s: %s -> %s", keyEpisodeGap, formatDuration(p.EpisodeGap), formatDuration(next.EpisodeGap)))
	}
	if p.Window != next.Window {
		out = append(out, fmt.Sprintf("%s: %s -> %s", keyWindow, formatDuration(p.Window), formatDuration(next.Window)))
	}
	if p.WarnAtEpisode != next.WarnAtEpisode {
		out = append(out, fmt.Sprintf("%s: %d -> %d", keyWarnAt, p.WarnAtEpisode, next.WarnAtEpisode))
	}
	if p.AskAtEpisode != next.AskAtEpisode {
		out = append(out, fmt.Sprintf("%s: %d -> %d", keyAskAt, p.AskAtEpisode, next.AskAtEpisode))
	}
	return out
}
