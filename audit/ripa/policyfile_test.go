package ripa

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const defaultPolicyFile = `# Sightline repeated-viewing policy (audit/ripa/RULES.md).
# Durations: a number of days ("28d") and/or Go units ("30m", "1h30m").

version = 1

# Views of one subject at most this far apart (from the previous view) form one episode.
episode_gap = "30m"

# Episodes are counted over this period before each view.
window = "28d"

# Warn before this episode within the window.
warn_at_episode = 2

# Stop and ask before this episode within the window unless an authorisation is in force.
ask_at_episode = 3
`

func TestDefaultPolicyFile(t *testing.T) {
	p := DefaultPolicy()
	mustValid(t, p)
	if got := string(p.Format()); got != defaultPolicyFile {
		t.Errorf("Format() =\n%s\nwant\n%s", got, defaultPolicyFile)
	}
	path := filepath.Join(t.TempDir(), "policy.toml")
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadPolicy(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != p {
		t.Errorf("round trip: got %+v, want %+v", got, p)
	}
}

func TestPolicyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []Policy{
		DefaultPolicy(),
		{EpisodeGap: 90 * time.Second, Window: 36 * time.Hour, WarnAtEpisode: 1, AskAtEpisode: 1},
		{EpisodeGap: time.Hour + 30*time.Minute, Window: 90 * day, WarnAtEpisode: 3, AskAtEpisode: 10},
		{EpisodeGap: 1500 * time.Millisecond, Window: day + time.Second, WarnAtEpisode: 2, AskAtEpisode: 2},
	} {
		path := filepath.Join(dir, "policy.toml")
		if err := p.Save(path); err != nil {
			t.Fatalf("save %+v: %v", p, err)
		}
		got, err := LoadPolicy(path)
		if err != nil {
			t.Fatalf("load %+v: %v\n%s", p, err, p.Format())
		}
		if got != p {
			t.Errorf("round trip: got %+v, want %+v", got, p)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only policy.toml", len(entries))
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		want    Policy
		wantErr string // substring; "" for success
	}{
		{name: "only the version: defaults", file: "version = 1\n", want: DefaultPolicy()},
		{name: "overrides", file: "version = 1\nepisode_gap = \"1h\"\nwindow = \"14d\"\nwarn_at_episode = 3\nask_at_episode = 4\n",
			want: Policy{EpisodeGap: time.Hour, Window: 14 * day, WarnAtEpisode: 3, AskAtEpisode: 4}},
		{name: "days and hours", file: "version = 1\nwindow = \"1d12h\"\n",
			want: policy(func(p *Policy) { p.Window = 36 * time.Hour })},
		{name: "missing version", file: "window = \"28d\"\n", wantErr: "missing version"},
		{name: "future version", file: "version = 2\n", wantErr: "unsupported version 2"},
		{name: "version as text", file: "version = \"1\"\n", wantErr: "unsupported version"},
		{name: "unknown key", file: "version = 1\nwarn_at_episodes = 2\n", wantErr: `unknown key "warn_at_episodes"`},
		{name: "unknown table", file: "version = 1\n[flags]\njustification = false\n", wantErr: `unknown key "flags"`},
		{name: "negative gap", file: "version = 1\nepisode_gap = \"-30m\"\n", wantErr: "episode_gap must be positive, got -30m"},
		{name: "zero window", file: "version = 1\nwindow = \"0s\"\n", wantErr: "window must be positive, got 0s"},
		{name: "negative window in days", file: "version = 1\nwindow = \"-28d\"\n", wantErr: "window must be positive, got -28d"},
		{name: "window shorter than the gap", file: "version = 1\nwindow = \"20m\"\n", wantErr: "window (20m) must not be shorter than episode_gap (30m)"},
		{name: "ask below warn", file: "version = 1\nwarn_at_episode = 3\nask_at_episode = 2\n", wantErr: "ask_at_episode (2) must not be below warn_at_episode (3)"},
		{name: "warn zero", file: "version = 1\nwarn_at_episode = 0\n", wantErr: "warn_at_episode must be at least 1, got 0"},
		{name: "ask negative", file: "version = 1\nask_at_episode = -1\n", wantErr: "ask_at_episode must be at least 1, got -1"},
		{name: "count out of range", file: "version = 1\nask_at_episode = 99999999999\n", wantErr: "ask_at_episode: 99999999999 is out of range"},
		{name: "duration as a number", file: "version = 1\nepisode_gap = 30\n", wantErr: `episode_gap: want a duration string such as "30m" or "28d", got 30`},
		{name: "count as text", file: "version = 1\nwarn_at_episode = \"2\"\n", wantErr: "warn_at_episode: want an integer, got 2"},
		{name: "count as a float", file: "version = 1\nwarn_at_episode = 2.5\n", wantErr: "warn_at_episode: want an integer"},
		{name: "bad duration", file: "version = 1\nwindow = \"four weeks\"\n", wantErr: `window: invalid duration "four weeks"`},
		{name: "days with a sign inside", file: "version = 1\nwindow = \"-+1d\"\n", wantErr: `invalid duration "-+1d"`},
		{name: "negative part after days", file: "version = 1\nwindow = \"1d-1h\"\n", wantErr: `invalid duration "1d-1h"`},
		{name: "not TOML", file: "version = \n", wantErr: "parse policy"},
		{name: "several problems at once", file: "version = 1\nepisode_gap = \"-1m\"\nwarn_at_episode = 4\n",
			wantErr: "episode_gap must be positive, got -1m\nask_at_episode (3) must not be below warn_at_episode (4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePolicy([]byte(tt.file))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if got != tt.want {
					t.Errorf("got %+v, want %+v", got, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestUnknownKeyIsTyped(t *testing.T) {
	_, err := ParsePolicy([]byte("version = 1\nflag_justifications = false\n"))
	if !errors.Is(err, ErrUnknownKey) {
		t.Errorf("error %v, want ErrUnknownKey", err)
	}
}

func TestLoadPolicyErrorsNameTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "policy.toml")
	if _, err := LoadPolicy(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error %v, want one wrapping os.ErrNotExist", err)
	}
	if err := os.WriteFile(path, []byte("version = 1\nwindow = \"-1d\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPolicy(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want one naming %s", err, path)
	}
}

func TestSaveRefusesInvalid(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.toml")
	p := policy(func(p *Policy) { p.AskAtEpisode = 1 })
	err := p.Save(path)
	if err == nil || !strings.Contains(err.Error(), "ask_at_episode (1) must not be below warn_at_episode (2)") {
		t.Errorf("error %v, want the ask/warn problem", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Save left %d files", len(entries))
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		p       Policy
		wantErr string
	}{
		{"default", DefaultPolicy(), ""},
		{"strictest sensible", Policy{EpisodeGap: time.Minute, Window: time.Minute, WarnAtEpisode: 1, AskAtEpisode: 1}, ""},
		{"zero", Policy{}, "episode_gap must be positive, got 0s\nwindow must be positive, got 0s\nwarn_at_episode must be at least 1, got 0\nask_at_episode must be at least 1, got 0"},
		{"ask below warn", policy(func(p *Policy) { p.WarnAtEpisode, p.AskAtEpisode = 5, 4 }), "ask_at_episode (4) must not be below warn_at_episode (5)"},
		{"negative durations", policy(func(p *Policy) { p.EpisodeGap, p.Window = -time.Minute, -day }), "episode_gap must be positive, got -1m\nwindow must be positive, got -1d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.wantErr != "" && (err == nil || err.Error() != "invalid policy: "+tt.wantErr):
				t.Errorf("error %q, want %q", err, "invalid policy: "+tt.wantErr)
			}
		})
	}
}

func TestDurations(t *testing.T) {
	for _, tt := range []struct {
		text string
		d    time.Duration
	}{
		{"30m", 30 * time.Minute}, {"28d", 28 * day}, {"1d", day}, {"1d12h", 36 * time.Hour},
		{"1h30m", 90 * time.Minute}, {"1m30s", 90 * time.Second},
		{"-30m", -30 * time.Minute}, {"0s", 0}, {"10s", 10 * time.Second}, {"1h5s", time.Hour + 5*time.Second},
		{"2d1h1m", 2*day + time.Hour + time.Minute}, {"1.5s", 1500 * time.Millisecond},
	} {
		if got := formatDuration(tt.d); got != tt.text {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.d, got, tt.text)
		}
		if got, err := parseDuration(tt.text); err != nil || got != tt.d {
			t.Errorf("parseDuration(%q) = %v, %v; want %v", tt.text, got, err, tt.d)
		}
	}
	for text, d := range map[string]time.Duration{"90s": 90 * time.Second, "672h": 28 * day, "+1d": day, " 30m ": 30 * time.Minute, "0d30m": 30 * time.Minute} {
		if got, err := parseDuration(text); err != nil || got != d {
			t.Errorf("parseDuration(%q) = %v, %v; want %v", text, got, err, d)
		}
	}
	for _, bad := range []string{"", "d", "-", "1dd", "x1d", "1d2d", "30", "1d 2h", "99999999999999d", "+-1h"} {
		if d, err := parseDuration(bad); err == nil {
			t.Errorf("parseDuration(%q) = %v, want an error", bad, d)
		}
	}
}

func TestChanges(t *testing.T) {
	old := DefaultPolicy()
	next := policy(func(p *Policy) { p.Window, p.AskAtEpisode = 14*day, 4 })
	want := []string{"window: 28d -> 14d", "ask_at_episode: 3 -> 4"}
	if got := old.Changes(next); !reflect.DeepEqual(got, want) {
		t.Errorf("Changes = %q, want %q", got, want)
	}
	if got := old.Changes(old); got != nil {
		t.Errorf("no change: %q", got)
	}
}

func TestSince(t *testing.T) {
	if got := DefaultPolicy().Since(at(29, 12, 0)); !got.Equal(at(1, 12, 0)) {
		t.Errorf("Since = %v, want %v", got, at(1, 12, 0))
	}
}
