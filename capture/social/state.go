package social

// Embedded application state: the JSON a platform ships in its page, read
// by the state and map rules.

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// state adds the posts of an embedded application state: the JSON in the
// element, the objects at the rule's path, their fields by the map rules.
func (m *merger) state(st StateText, p *Platform) {
	i := slices.IndexFunc(p.State, func(r Rule) bool { return r.ID(p.Name) == st.Rule })
	if i < 0 {
		return
	}
	v, ok := parseState(st.Text)
	if !ok {
		return
	}
	for _, obj := range at(v, p.State[i].Path) {
		get := func(field string) []string {
			for _, r := range p.Map {
				if r.Field == field {
					return strings1(at(obj, r.Path))
				}
			}
			return nil
		}
		id, permalink := m.clean("id", first1(get("id"))), first1(get("permalink"))
		post := m.find(id, permalink)
		for _, r := range p.Map {
			values := strings1(at(obj, r.Path))
			for i := range values {
				values[i] = m.clean(r.Field, values[i])
			}
			post.fill(r.Field, "state:"+r.ID(p.Name), values...)
		}
	}
}

// parseState reads JSON, or the first object of a script assigning one
// ("var ytInitialData = {…};").
func parseState(text string) (any, bool) {
	var v any
	if json.Unmarshal([]byte(text), &v) == nil {
		return v, true
	}
	i := strings.Index(text, "{")
	if i < 0 {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(text[i:]))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil, false
	}
	return v, true
}

// at returns the values at a "/"-separated path: object keys, array
// indexes, "*" for every element of an array.
func at(v any, path string) []any {
	vals := []any{v}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			continue
		}
		var next []any
		for _, x := range vals {
			switch t := x.(type) {
			case map[string]any:
				if c, ok := t[seg]; ok {
					next = append(next, c)
				}
			case []any:
				if seg == "*" {
					next = append(next, t...)
				} else if k, err := strconv.Atoi(seg); err == nil && k >= 0 && k < len(t) {
					next = append(next, t[k])
				}
			}
		}
		vals = next
	}
	return vals
}

// strings1 turns JSON scalars into strings; arrays give their elements.
func strings1(vals []any) []string {
	var out []string
	for _, v := range vals {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case json.Number:
			out = append(out, t.String())
		case float64:
			out = append(out, strconv.FormatFloat(t, 'f', -1, 64))
		case bool:
			out = append(out, strconv.FormatBool(t))
		case []any:
			out = append(out, strings1(t)...)
		}
	}
	return out
}

func first1(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
