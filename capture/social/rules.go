package social

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// BuiltIn is the rules file built into Sightline (platforms.rules); a
// workspace may override it with a newer one (LoadRules).
//
//go:embed platforms.rules
var builtIn []byte

// Rules are the DOM rules of every platform, as a rules file gives them
// (FORMAT.md, "Rules file").
type Rules struct {
	Version   int        `json:"version"`
	Source    string     `json:"source"` // "built-in", or the file's path
	SHA256    string     `json:"sha256,omitempty"`
	Platforms []Platform `json:"-"`
	// URLs reads what a URL names; nil knows no platform's URLs, and
	// posts.json then has what the markup gives (ids, accounts and the
	// page's kind from its posts alone).
	URLs URLs `json:"-"`
}

// URLs says what a URL names, for posts.json. The workspace gives the
// reading audit/identifier makes (the capture package knows no
// platform's URL forms of its own).
type URLs func(raw string) URLInfo

// URLInfo is what a URL names.
type URLInfo struct {
	Kind       string // PagePost, PageProfile (a profile or group), or "" for anything else
	Post       string // a post's id
	Handle     string // the account it is of, without "@"
	AccountURL string // that account's URL
}

// Platform is one platform's rules.
type Platform struct {
	Name    string   // "x", "facebook", …, "generic"
	Hosts   []string // hosts and their subdomains; "*" for any
	Detect  *Rule    // a selector that, when it matches, makes a page this platform's whatever its host
	Post    *Rule    // each post on the page (the boundary of a feed item)
	Fields  []Rule   // what to read inside each post, by Field
	Expand  []Rule   // controls to click, up to Limit each: "see more", collapsed replies
	Dismiss []Rule   // overlays' close controls to click: cookie and log-in walls
	State   []Rule   // the page's embedded application state: JSON in a script, and where its posts are (Path)
	Map     []Rule   // for State: which key of a post object holds each field (Path)
	// Nested is what a post inside another post is to it: "reply_to" (a
	// reply, the default) or "quoted" (the outer post quotes it).
	Nested string
	// Strip are prefixes the platform puts before post ids in its markup
	// (Reddit's "t3_"), taken off ids, reply_to and quoted.
	Strip []string
	Line  int // the line of its "platform" line
}

// Rule is one line of a platform's rules: a CSS selector, and for a field
// the attribute to read (else the element's visible text).
type Rule struct {
	Kind     string // "post", a field name, "expand", "dismiss", "detect", "state" or "map"
	Selector string
	Text     string // after ~"…": only elements whose text contains it
	Attr     string // after "@": read this attribute instead of the text
	Limit    int    // for "expand": the most clicks (default DefaultExpandLimit)
	Path     string // for "state" and "map": keys and array indexes or "*", "/"-separated
	Field    string // for "map": the field it fills
	Line     int
}

// ID names the rule in posts.json and in `sightline rules check`:
// "x.text@12" is the text rule of platform x on line 12.
func (r Rule) ID(platform string) string {
	return platform + "." + r.Kind + "@" + strconv.Itoa(r.Line)
}

// Fields a rule can read from a post.
var fieldNames = []string{"author", "handle", "account_url", "account_id", "id", "permalink", "time", "time_shown",
	"text", "language", "media", "video", "replies", "likes", "shares", "views", "reply_to", "quoted"}

// DefaultExpandLimit bounds the clicks of an expand rule without a limit;
// dismissLimit those of a dismiss rule (an overlay that comes back).
const (
	DefaultExpandLimit = 20
	dismissLimit       = 3
)

// BuiltInRules returns the rules built into Sightline.
func BuiltInRules() *Rules {
	r, err := ParseRules(builtIn)
	if err != nil {
		panic("social: built-in rules: " + err.Error()) // TestBuiltInRules keeps this from happening
	}
	r.Source = "built-in"
	return r
}

// LoadRules reads the rules file at path, when it exists and is newer than
// the built-in rules; else the built-in rules. A file that does not parse
// is an error naming its line, and the caller keeps the rules it had.
func LoadRules(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return BuiltInRules(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	r, err := ParseRules(data)
	if err != nil {
		return nil, fmt.Errorf("load rules %s: %w", path, err)
	}
	if b := BuiltInRules(); r.Version < b.Version {
		return nil, fmt.Errorf("load rules %s: version %d is older than the built-in rules' %d: remove the file or update it", path, r.Version, b.Version)
	}
	r.Source, r.SHA256 = path, sha256Hex(data)
	return r, nil
}

// LineError is a rules file's error on one line.
type LineError struct {
	Line   int
	Reason string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// ParseRules reads a rules file (FORMAT.md, "Rules file").
func ParseRules(data []byte) (*Rules, error) {
	r := &Rules{}
	var p *Platform
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue // a comment is a whole line: "#" also starts CSS ids
		}
		key, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		bad := func(format string, args ...any) error {
			return &LineError{Line: n, Reason: fmt.Sprintf(format, args...)}
		}
		switch {
		case key == "version":
			v, err := strconv.Atoi(rest)
			if err != nil || v < 1 || r.Version != 0 {
				return nil, bad("want one \"version N\", N at least 1")
			}
			r.Version = v
		case r.Version == 0:
			return nil, bad("the file must start with \"version N\"")
		case key == "platform":
			if !validName(rest) || slices.ContainsFunc(r.Platforms, func(q Platform) bool { return q.Name == rest }) {
				return nil, bad("platform %q: want a new lowercase name", rest)
			}
			r.Platforms = append(r.Platforms, Platform{Name: rest, Nested: "reply_to", Line: n})
			p = &r.Platforms[len(r.Platforms)-1]
		case p == nil:
			return nil, bad("%q before the first \"platform\" line", key)
		case key == "nested":
			if rest != "reply_to" && rest != "quoted" {
				return nil, bad("nested: want reply_to or quoted")
			}
			p.Nested = rest
		case key == "strip":
			p.Strip = strings.Fields(rest)
		case key == "hosts":
			if rest == "" {
				return nil, bad("hosts: want one or more hosts")
			}
			p.Hosts = append(p.Hosts, strings.Fields(strings.ToLower(rest))...)
		default:
			rule, err := parseRule(key, rest, n)
			if err != nil {
				return nil, err
			}
			switch rule.Kind {
			case "post":
				p.Post = &rule
			case "detect":
				p.Detect = &rule
			case "expand":
				p.Expand = append(p.Expand, rule)
			case "dismiss":
				p.Dismiss = append(p.Dismiss, rule)
			case "state":
				p.State = append(p.State, rule)
			case "map":
				p.Map = append(p.Map, rule)
			default:
				p.Fields = append(p.Fields, rule)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &LineError{Line: n + 1, Reason: err.Error()}
	}
	if r.Version == 0 {
		return nil, &LineError{Line: 1, Reason: "the file must start with \"version N\""}
	}
	for _, p := range r.Platforms {
		if len(p.Hosts) == 0 && p.Detect == nil {
			return nil, &LineError{Line: p.Line, Reason: fmt.Sprintf("platform %s has neither hosts nor detect", p.Name)}
		}
	}
	return r, nil
}

// parseRule reads a rule line after its key (FORMAT.md, "Rules file"):
// "SELECTOR[@ATTR] [~"TEXT"] [limit N]", the attribute for a field and the
// limit for expand; "PATH SELECTOR [~"TEXT"]" for state; "FIELD PATH" for
// map.
func parseRule(kind, rest string, line int) (Rule, error) {
	bad := func(format string, args ...any) error {
		return &LineError{Line: line, Reason: kind + ": " + fmt.Sprintf(format, args...)}
	}
	field := slices.Contains(fieldNames, kind)
	switch kind {
	case "post", "detect", "expand", "dismiss", "state", "map":
	default:
		if !field {
			return Rule{}, &LineError{Line: line, Reason: fmt.Sprintf("unknown key %q", kind)}
		}
	}
	r := Rule{Kind: kind, Line: line}
	if kind == "map" || kind == "state" {
		first, after, _ := strings.Cut(rest, " ")
		if first == "" || strings.TrimSpace(after) == "" {
			return Rule{}, bad("want two parts")
		}
		if kind == "map" {
			if !slices.Contains(fieldNames, first) {
				return Rule{}, bad("unknown field %q", first)
			}
			r.Field, r.Path = first, strings.TrimSpace(after)
			return r, nil
		}
		r.Path, rest = first, strings.TrimSpace(after)
	}
	if kind == "dismiss" {
		r.Limit = dismissLimit
	}
	if kind == "expand" {
		r.Limit = DefaultExpandLimit
		if sel, limit, ok := cutLast(rest, " limit "); ok {
			n, err := strconv.Atoi(strings.TrimSpace(limit))
			if err != nil || n < 1 {
				return Rule{}, bad("limit %q is not a positive number", limit)
			}
			rest, r.Limit = strings.TrimSpace(sel), n
		}
	}
	if sel, text, ok := cutLast(rest, ` ~"`); ok {
		if !strings.HasSuffix(text, `"`) || len(text) < 2 {
			return Rule{}, bad(`want ~"TEXT" with the closing quote last`)
		}
		rest, r.Text = strings.TrimSpace(sel), strings.TrimSuffix(text, `"`)
	}
	if field {
		if sel, attr, ok := cutLast(rest, "@"); ok && validAttr(attr) {
			rest, r.Attr = strings.TrimSpace(sel), attr
		}
	}
	if rest == "" {
		return Rule{}, bad("want a CSS selector")
	}
	if err := balanced(rest); err != nil {
		return Rule{}, bad("selector %q: %v", rest, err)
	}
	r.Selector = rest
	return r, nil
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

func validAttr(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' && c != ':' {
			return false
		}
	}
	return true
}

// balanced checks a selector's brackets and quotes; Chromium checks the
// rest when it runs it (`sightline rules check` reports a selector it
// refuses).
func balanced(sel string) error {
	var stack []rune
	var quote rune
	for _, c := range sel {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '(':
			stack = append(stack, c)
		case c == ']' || c == ')':
			want := '['
			if c == ')' {
				want = '('
			}
			if len(stack) == 0 || stack[len(stack)-1] != want {
				return fmt.Errorf("unbalanced %q", c)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if quote != 0 {
		return errors.New("unclosed quote")
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed %q", stack[len(stack)-1])
	}
	return nil
}

// PlatformFor returns the platform of a page at host whose detect rules
// matched (by name), else by host, else "generic" (nil if the rules have
// none).
func (r *Rules) PlatformFor(host string, detected []string) *Platform {
	for i := range r.Platforms {
		if slices.Contains(detected, r.Platforms[i].Name) {
			return &r.Platforms[i]
		}
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for i := range r.Platforms {
		for _, h := range r.Platforms[i].Hosts {
			if h != "*" && (host == h || strings.HasSuffix(host, "."+h)) {
				return &r.Platforms[i]
			}
		}
	}
	for i := range r.Platforms {
		if slices.Contains(r.Platforms[i].Hosts, "*") {
			return &r.Platforms[i]
		}
	}
	return nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
