package ripa

import (
	"fmt"
	"strconv"
	"time"
)

// reasons gives the banner's sentences for one subject's assessment.
func reasons(p Policy, a Assessment) []string {
	name := a.Subject.label()
	count := fmt.Sprintf("%s viewing episode of '%s' in %s", ordinal(a.EpisodeNumber), name, span(p.Window))
	switch {
	case a.Authorisation != nil:
		if a.EpisodeNumber < p.WarnAtEpisode {
			return []string{fmt.Sprintf("Authorisation %s covers '%s' until %s.", a.Authorisation.Ref, name, stamp(a.Authorisation.To))}
		}
		return []string{fmt.Sprintf("%s; authorisation %s covers them until %s.", upper(count), a.Authorisation.Ref, stamp(a.Authorisation.To))}
	case a.Action == Ask:
		s := upper(count) + "; no authorisation covers them."
		if !a.NewEpisode {
			s = "Still in the " + count + "; no authorisation covers them and no justification has been recorded."
		}
		out := []string{s}
		if a.Lapsed != nil {
			out = append(out, fmt.Sprintf("Authorisation %s expired at %s.", a.Lapsed.Ref, stamp(a.Lapsed.To)))
		}
		return out
	case a.Action == Warn && a.EpisodeNumber >= p.AskAtEpisode:
		return []string{upper(count) + ", continuing after the justification recorded for it; no authorisation covers them."}
	case a.Action == Warn:
		return []string{fmt.Sprintf("%s; from the %s an authorisation or a justification is needed.", upper(count), ordinal(p.AskAtEpisode))}
	}
	return nil
}

// ordinal writes 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ...
func ordinal(n int) string {
	suffix := "th"
	switch n % 100 {
	case 11, 12, 13:
	default:
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// span writes a window for sentences: "28 days", "1 day", else as in the
// policy file.
func span(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d == day:
		return "1 day"
	case d > 0 && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + " days"
	}
	return formatDuration(d)
}

// upper capitalises the first byte of a sentence that starts with ASCII.
func upper(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
