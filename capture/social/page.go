package social

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

//go:embed page.js
var pageJS string

// jsRule is a Rule as page.js takes it.
type jsRule struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Field    string `json:"field,omitempty"`
	Selector string `json:"selector"`
	Text     string `json:"text,omitempty"`
	Attr     string `json:"attr,omitempty"`
	Limit    int    `json:"limit,omitempty"`
	Name     string `json:"name,omitempty"` // for detect: the platform
}

func (p *Platform) js(r Rule) jsRule {
	return jsRule{ID: r.ID(p.Name), Kind: r.Kind, Field: r.Kind, Selector: r.Selector, Text: r.Text, Attr: r.Attr, Limit: r.Limit, Name: p.Name}
}

func call(op string, arg any) string {
	b, err := json.Marshal(arg)
	if err != nil {
		panic(err) // rules are strings and numbers
	}
	return fmt.Sprintf("(%s)(%q, %s)", pageJS, op, b)
}

// DetectJS is the expression that tells which platforms' detect rules
// match the page (Detected).
func (r *Rules) DetectJS() string {
	rules := []jsRule{}
	for i := range r.Platforms {
		if p := &r.Platforms[i]; p.Detect != nil {
			rules = append(rules, p.js(*p.Detect))
		}
	}
	return call("detect", rules)
}

// Detected is what DetectJS returns.
type Detected struct {
	Detected []string          `json:"detected"`
	Errors   map[string]string `json:"errors"`
}

// ActJS is the expression that dismisses the platform's overlays, then
// opens its expanders, each rule up to its limit less the clicks done
// already, by rule id (Acted).
func (p *Platform) ActJS(done map[string]int) string {
	rules := make([]jsRule, 0, len(p.Dismiss)+len(p.Expand))
	for _, rs := range [][]Rule{p.Dismiss, p.Expand} {
		for _, r := range rs {
			j := p.js(r)
			j.Limit -= done[j.ID]
			if j.Limit > 0 {
				rules = append(rules, j)
			}
		}
	}
	return call("act", rules)
}

// KindOf is the kind of the platform's rule with the id ("" for none).
func (p *Platform) KindOf(id string) string {
	for _, rs := range [][]Rule{p.Dismiss, p.Expand, p.Fields, p.State, p.Map} {
		for _, r := range rs {
			if r.ID(p.Name) == id {
				return r.Kind
			}
		}
	}
	return ""
}

// Acted is what ActJS returns.
type Acted struct {
	Actions []Action          `json:"actions"`
	Errors  map[string]string `json:"errors"`
}

// Clicks counts the clicks of the actions.
func (a Acted) Clicks() int {
	n := 0
	for _, x := range a.Actions {
		n += x.Clicks
	}
	return n
}

// GatherJS is the expression that reads what posts.json is made from
// (Gathered).
func (p *Platform) GatherJS() string {
	arg := struct {
		Post   *jsRule  `json:"post,omitempty"`
		Fields []jsRule `json:"fields"`
		State  []jsRule `json:"state"`
		Count  []jsRule `json:"count"`
	}{Fields: []jsRule{}, State: []jsRule{}, Count: []jsRule{}}
	if p.Post != nil {
		r := p.js(*p.Post)
		arg.Post = &r
	}
	for _, r := range p.Fields {
		arg.Fields = append(arg.Fields, p.js(r))
	}
	for _, r := range p.State {
		arg.State = append(arg.State, p.js(r))
	}
	for _, rs := range [][]Rule{p.Expand, p.Dismiss} {
		for _, r := range rs {
			arg.Count = append(arg.Count, p.js(r))
		}
	}
	if p.Detect != nil {
		arg.Count = append(arg.Count, p.js(*p.Detect))
	}
	return call("gather", arg)
}

// Gathered is what GatherJS returns: the page's structured data and what
// each DOM rule read.
type Gathered struct {
	URL       string            `json:"url"`
	Lang      string            `json:"lang"`
	JSONLD    []string          `json:"jsonld"`
	Meta      map[string]string `json:"meta"`
	Microdata []json.RawMessage `json:"microdata"`
	States    []StateText       `json:"states"`
	Items     []Item            `json:"items"`
	Matches   map[string]int    `json:"matches"` // rule id -> posts (fields) or elements (the rest) it matched
	Errors    map[string]string `json:"errors"`  // rule id -> why Chromium refused its selector
}

// StateText is the text of an element a state rule matched.
type StateText struct {
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// Item is one post element and what the field rules read in it.
type Item struct {
	Fields map[string]FieldValues `json:"fields"`
	Parent string                 `json:"parent"` // index of the post element it is nested in, "" for none
}

// FieldValues is what one field rule read in a post element.
type FieldValues struct {
	Rule   string   `json:"rule"`
	Values []string `json:"values"`
}

// Check is what `sightline rules check` reports of a page: every rule of
// its platform, in the file's order, with what it matched.
type Check struct {
	URL      string      `json:"url"`
	Platform string      `json:"platform"`
	Rules    RulesUsed   `json:"rules"`
	Results  []RuleCheck `json:"results"`
	Posts    int         `json:"posts"`
}

// RuleCheck is one rule's result. Matched counts the posts a field rule
// read something in, and the elements any other rule found; a rule that
// matched nothing has stopped working, or the page has nothing for it.
type RuleCheck struct {
	Rule     string `json:"rule"` // Rule.ID
	Kind     string `json:"kind"`
	Selector string `json:"selector"`
	Matched  int    `json:"matched"`
	Error    string `json:"error,omitempty"` // Chromium refused the selector
}

// CheckOf builds the report from what GatherJS returned and posts.json;
// an expand or dismiss rule counts what it clicked too, as its controls
// may be gone once clicked.
func CheckOf(g Gathered, rules *Rules, p *Platform, posts Posts) Check {
	c := Check{URL: g.URL, Platform: p.Name, Rules: RulesUsed{Version: rules.Version, Source: rules.Source, SHA256: rules.SHA256},
		Posts: len(posts.Posts), Results: []RuleCheck{}}
	var all []Rule
	for _, r := range []*Rule{p.Detect, p.Post} {
		if r != nil {
			all = append(all, *r)
		}
	}
	for _, rs := range [][]Rule{p.State, p.Fields, p.Expand, p.Dismiss} {
		all = append(all, rs...)
	}
	slices.SortStableFunc(all, func(a, b Rule) int { return a.Line - b.Line })
	for _, r := range all {
		id := r.ID(p.Name)
		rc := RuleCheck{Rule: id, Kind: r.Kind, Selector: r.Selector, Matched: g.Matches[id], Error: g.Errors[id]}
		for _, a := range posts.Actions {
			if a.Rule == id {
				rc.Matched = max(rc.Matched, a.Clicks)
			}
		}
		c.Results = append(c.Results, rc)
	}
	return c
}

// Failing lists the rules that matched nothing or whose selector was
// refused.
func (c Check) Failing() []RuleCheck {
	var out []RuleCheck
	for _, r := range c.Results {
		if r.Matched == 0 || r.Error != "" {
			out = append(out, r)
		}
	}
	return out
}
