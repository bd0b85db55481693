package ripa

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/sightline-osint/sightline/internal/atomicfile"
)

// PolicyVersion is the version of the policy file this package reads and
// writes. A file with another version is refused.
const PolicyVersion = 1

// Keys of the policy file.
const (
	keyVersion    = "version"
	keyEpisodeGap = "episode_gap"
	keyWindow     = "window"
	keyWarnAt     = "warn_at_episode"
	keyAskAt      = "ask_at_episode"
)

// ErrUnknownKey is wrapped by ParsePolicy and LoadPolicy for a key the
// policy file does not define (a typo would otherwise be silently
// ignored).
var ErrUnknownKey = errors.New("unknown key")

// LoadPolicy reads and validates the policy file at path (RULES.md,
// "Policy file").
func LoadPolicy(path string) (Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Policy{}, fmt.Errorf("load policy: %w", err)
	}
	p, err := ParsePolicy(data)
	if err != nil {
		return Policy{}, fmt.Errorf("load policy %s: %w", path, err)
	}
	return p, nil
}

// ParsePolicy decodes and validates a policy file. The version key is
// required; other keys that are absent take their defaults; unknown keys,
// values of the wrong type and invalid values are errors.
func ParsePolicy(data []byte) (Policy, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return Policy{}, fmt.Errorf("parse policy: %w", err)
	}
	if err := checkVersion(raw); err != nil {
		return Policy{}, err
	}
	p := DefaultPolicy()
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := setKey(&p, k, raw[k]); err != nil {
			return Policy{}, err
		}
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

func checkVersion(raw map[string]any) error {
	v, ok := raw[keyVersion]
	if !ok {
		return fmt.Errorf("parse policy: missing %s (want %d)", keyVersion, PolicyVersion)
	}
	n, ok := v.(int64)
	if !ok || n != PolicyVersion {
		return fmt.Errorf("parse policy: unsupported %s %v (want %d)", keyVersion, v, PolicyVersion)
	}
	return nil
}

func setKey(p *Policy, key string, v any) error {
	var err error
	switch key {
	case keyVersion:
	case keyEpisodeGap:
		p.EpisodeGap, err = durationValue(key, v)
	case keyWindow:
		p.Window, err = durationValue(key, v)
	case keyWarnAt:
		p.WarnAtEpisode, err = intValue(key, v)
	case keyAskAt:
		p.AskAtEpisode, err = intValue(key, v)
	default:
		err = fmt.Errorf("parse policy: %w %q", ErrUnknownKey, key)
	}
	return err
}

func durationValue(key string, v any) (time.Duration, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("parse policy: %s: want a duration string such as \"30m\" or \"28d\", got %v", key, v)
	}
	d, err := parseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("parse policy: %s: %w", key, err)
	}
	return d, nil
}

func intValue(key string, v any) (int, error) {
	n, ok := v.(int64)
	if !ok {
		return 0, fmt.Errorf("parse policy: %s: want an integer, got %v", key, v)
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, fmt.Errorf("parse policy: %s: %d is out of range", key, n)
	}
	return int(n), nil
}

// Format returns p as a policy file, with a comment for each key. It
// does not validate p; ParsePolicy(p.Format()) gives p back when p is
// valid.
func (p Policy) Format() []byte {
	var b strings.Builder
	b.WriteString("# Sightline repeated-viewing policy (audit/ripa/RULES.md).\n")
	b.WriteString("# Durations: a number of days (\"28d\") and/or Go units (\"30m\", \"1h30m\").\n\n")
	fmt.Fprintf(&b, "%s = %d\n\n", keyVersion, PolicyVersion)
	b.WriteString("# Views of one subject at most this far apart (from the previous view) form one episode.\n")
	fmt.Fprintf(&b, "%s = %q\n\n", keyEpisodeGap, formatDuration(p.EpisodeGap))
	b.WriteString("# Episodes are counted over this period before each view.\n")
	fmt.Fprintf(&b, "%s = %q\n\n", keyWindow, formatDuration(p.Window))
	b.WriteString("# Warn before this episode within the window.\n")
	fmt.Fprintf(&b, "%s = %d\n\n", keyWarnAt, p.WarnAtEpisode)
	b.WriteString("# Stop and ask before this episode within the window unless an authorisation is in force.\n")
	fmt.Fprintf(&b, "%s = %d\n", keyAskAt, p.AskAtEpisode)
	return []byte(b.String())
}

// Save validates p and writes it to path atomically (package atomicfile):
// a temporary file in the same directory, synced, then renamed over path.
func (p Policy) Save(path string) error {
	if err := p.Validate(); err != nil {
		return fmt.Errorf("save policy %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, p.Format(), 0o600, true); err != nil {
		return fmt.Errorf("save policy %s: %w", path, err)
	}
	return nil
}

// maxDays keeps a day count within time.Duration.
const maxDays = math.MaxInt64 / int64(24*time.Hour)

// parseDuration accepts an optional sign, an optional whole number of
// days ("28d") and then any time.ParseDuration text ("30m", "1h30m"):
// "28d", "1d12h", "-30m", "90s".
func parseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	rest, neg := strings.CutPrefix(in, "-")
	if !neg {
		rest = strings.TrimPrefix(rest, "+")
	}
	var d time.Duration
	if days, after, ok := strings.Cut(rest, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || !digits(days) || n > maxDays {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		d = time.Duration(n) * 24 * time.Hour
		rest = after
	} else if rest == "" {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r < 0 || r > math.MaxInt64-d {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		d += r
	}
	if neg {
		d = -d
	}
	return d, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// formatDuration writes d the way parseDuration reads it, in whole days
// where it can: 28d, 30m, 1d12h, -30m.
func formatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	sign := ""
	if d < 0 {
		if d == math.MinInt64 {
			return d.String()
		}
		sign, d = "-", -d
	}
	day := 24 * time.Hour
	days, rest := d/day, d%day
	out := sign
	if days > 0 {
		out += strconv.FormatInt(int64(days), 10) + "d"
	}
	if rest > 0 {
		r := rest.String()
		r = strings.Replace(r, "m0s", "m", 1)
		r = strings.Replace(r, "h0m", "h", 1)
		out += r
	}
	return out
}
