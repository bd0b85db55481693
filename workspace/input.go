package workspace

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// What the app and the command line read from a person, read the same way
// by both.

// DefaultClassification is the marking of a case when none is chosen.
const DefaultClassification = "OFFICIAL"

// ErrBadTime is returned for text that is not a time ParseTime reads.
var ErrBadTime = errors.New("not a time: use a date such as 2026-11-23 or an RFC 3339 time such as 2026-11-23T10:00:00Z (UTC)")

// ParseTime reads a time typed as a date (2026-11-23, midnight UTC) or in
// RFC 3339; "" is the zero time.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: %w", s, ErrBadTime)
}

// ParseEnd reads when something ends, as ParseTime does, except that a
// date alone means the end of that day: an authorisation "to 2026-11-30"
// is in force all that day.
func ParseEnd(s string) (time.Time, error) {
	t, err := ParseTime(s)
	if err == nil && !t.IsZero() && len(strings.TrimSpace(s)) == len(time.DateOnly) {
		t = t.Add(24 * time.Hour)
	}
	return t, err
}

// FilterText is an audit filter as typed: a case, an officer, a subject
// ("s3", "3" or "S3"), an action, and a time range (ParseTime) from From
// until just before To.
type FilterText struct {
	Case, Officer, Subject, Action, From, To string
}

// Filter reads t; an error names the field that is wrong.
func (t FilterText) Filter() (audit.Filter, error) {
	f := audit.Filter{Case: strings.TrimSpace(t.Case), Officer: strings.TrimSpace(t.Officer),
		Action: strings.TrimSpace(t.Action)}
	if s := strings.TrimSpace(t.Subject); s != "" {
		id, err := viewing.NormaliseID(s)
		if err != nil {
			return audit.Filter{}, fmt.Errorf("subject: %w", err)
		}
		f.Subject = id
	}
	var err error
	if f.From, err = ParseTime(t.From); err != nil {
		return audit.Filter{}, fmt.Errorf("from: %w", err)
	}
	if f.To, err = ParseTime(t.To); err != nil {
		return audit.Filter{}, fmt.Errorf("to: %w", err)
	}
	return f, nil
}
