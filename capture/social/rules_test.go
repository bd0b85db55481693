package social

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltInRules(t *testing.T) {
	r := BuiltInRules()
	want := []string{"x", "facebook", "instagram", "reddit", "tiktok", "youtube", "telegram", "linkedin", "bluesky",
		"threads", "mastodon", "harbourline", "generic"}
	var got []string
	for _, p := range r.Platforms {
		got = append(got, p.Name)
		if p.Name != "generic" && p.Post == nil && len(p.State) == 0 {
			t.Errorf("platform %s has neither post nor state rules", p.Name)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("platforms %v, want %v", got, want)
	}
	for host, want := range map[string]string{"x.com": "x", "mobile.twitter.com": "x", "www.reddit.com": "reddit",
		"old.reddit.com": "reddit", "t.me": "telegram", "example.org": "generic", "notx.com": "generic"} {
		if p := r.PlatformFor(host, nil); p == nil || p.Name != want {
			t.Errorf("PlatformFor(%s) = %v, want %s", host, p, want)
		}
	}
	if p := r.PlatformFor("social.example", []string{"mastodon"}); p.Name != "mastodon" {
		t.Errorf("a detected platform is %s", p.Name)
	}
}

func TestParseRules(t *testing.T) {
	r, err := ParseRules([]byte(`version 4
# a comment
platform demo
hosts demo.example
nested quoted
strip t3_
post article.post
handle a.author@href
text div#body p ~"Posted"
expand button.more ~"See more" limit 5
dismiss div[role="dialog"] button
state items/* script#state
map text body
`))
	if err != nil {
		t.Fatal(err)
	}
	p := r.Platforms[0]
	if r.Version != 4 || p.Name != "demo" || p.Nested != "quoted" || p.Strip[0] != "t3_" || p.Post.Selector != "article.post" {
		t.Fatalf("parsed %+v %+v", r, p)
	}
	if h := p.Fields[0]; h.Kind != "handle" || h.Selector != "a.author" || h.Attr != "href" || h.Line != 8 {
		t.Errorf("handle rule %+v", h)
	}
	if x := p.Fields[1]; x.Selector != "div#body p" || x.Text != "Posted" {
		t.Errorf("text rule %+v (a # inside a selector is no comment)", x)
	}
	if e := p.Expand[0]; e.Selector != "button.more" || e.Text != "See more" || e.Limit != 5 || e.ID("demo") != "demo.expand@10" {
		t.Errorf("expand rule %+v", e)
	}
	if d := p.Dismiss[0]; d.Limit != dismissLimit {
		t.Errorf("dismiss limit %d", d.Limit)
	}
	if s, m := p.State[0], p.Map[0]; s.Path != "items/*" || s.Selector != "script#state" || m.Field != "text" || m.Path != "body" {
		t.Errorf("state %+v map %+v", s, m)
	}
}

// A bad rules file is refused with the line that is wrong.
func TestParseRulesNamesTheLine(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
		want string
	}{
		{"platform x\n", 1, `start with "version N"`},
		{"version 1\nversion 2\n", 2, "one \"version N\""},
		{"version 1\nhosts x.com\n", 2, "before the first"},
		{"version 1\nplatform X\n", 2, "lowercase"},
		{"version 1\nplatform a\nhosts a.example\nplatform a\n", 4, "new lowercase name"},
		{"version 1\nplatform a\nhosts a.example\n\ntitle h1\n", 5, `unknown key "title"`},
		{"version 1\nplatform a\nhosts a.example\ntext div[data-x=\"1\"\n", 4, "unclosed"},
		{"version 1\nplatform a\nhosts a.example\ntext a)b\n", 4, "unbalanced"},
		{"version 1\nplatform a\nhosts a.example\nexpand button limit 0\n", 4, "not a positive number"},
		{"version 1\nplatform a\nhosts a.example\nmap colour x\n", 4, `unknown field "colour"`},
		{"version 1\nplatform a\nhosts a.example\nnested sideways\n", 4, "reply_to or quoted"},
		{"version 1\nplatform a\npost article\n", 2, "neither hosts nor detect"},
		{"version 1\nplatform a\nhosts a.example\ntext p ~\"open\n", 4, "closing quote"},
	} {
		_, err := ParseRules([]byte(tc.file))
		var le *LineError
		if !errors.As(err, &le) || le.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want line %d with %q", tc.file, err, tc.line, tc.want)
		}
	}
}

// A workspace's rules file replaces the built-in rules when it is at least
// as new; an older or bad one is refused, with its path and line.
func TestLoadRules(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rules.txt")
	r, err := LoadRules(path)
	if err != nil || r.Source != "built-in" {
		t.Fatalf("no file: %v, %v", r, err)
	}
	newer := strings.Replace(string(builtIn), "\nversion 1\n", "\nversion 2\n", 1)
	if err := os.WriteFile(path, []byte(newer), 0o600); err != nil {
		t.Fatal(err)
	}
	if r, err = LoadRules(path); err != nil || r.Version != 2 || r.Source != path || len(r.SHA256) != 64 {
		t.Fatalf("newer file: %+v, %v", r, err)
	}
	saved := builtIn
	builtIn = []byte(strings.Replace(string(builtIn), "\nversion 1\n", "\nversion 3\n", 1)) // a later build
	_, err = LoadRules(path)
	builtIn = saved
	if err == nil || !strings.Contains(err.Error(), "older than the built-in") {
		t.Errorf("an older file: %v", err)
	}
	if err := os.WriteFile(path, []byte(newer+"\nplatform late\nhosts late.example\nsubtitle h2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRules(path); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line ") {
		t.Errorf("a bad file: %v", err)
	}
}
