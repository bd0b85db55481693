package social

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Extract builds posts.json from what the page gave (GatherJS) under the
// platform's rules, with the actions taken on the page. Each field comes
// from the first source that has it: structured data (JSON-LD, then
// microdata, then OpenGraph and Twitter-card meta for the page's own
// post), then embedded state, then the DOM rules.
func Extract(g Gathered, rules *Rules, p *Platform, actions []Action) Posts {
	out := Posts{Format: Format, URL: g.URL, Platform: p.Name, Page: PageOther, Posts: []Post{},
		Rules: RulesUsed{Version: rules.Version, Source: rules.Source, SHA256: rules.SHA256}, Actions: actions}
	if out.Actions == nil {
		out.Actions = []Action{}
	}
	urls := rules.URLs
	if urls == nil {
		urls = func(string) URLInfo { return URLInfo{} }
	}
	page := urls(g.URL)
	m := merger{base: g.URL, strip: p.Strip, urls: urls}
	for _, text := range g.JSONLD {
		for _, node := range jsonLDNodes(text) {
			m.structured(node, "json-ld", "", &out)
		}
	}
	for _, raw := range g.Microdata {
		var node map[string]any
		if json.Unmarshal(raw, &node) == nil {
			m.structured(node, "microdata", "", &out)
		}
	}
	for _, st := range g.States {
		m.state(st, p)
	}
	for _, it := range g.Items {
		m.item(it, p.Nested)
	}
	switch {
	case page.Kind == PagePost:
		out.Page, out.Post = PagePost, page.Post
		m.meta(g.Meta, page)
	case page.Kind == PageProfile || out.Account != nil: // a ProfilePage says so, whatever the URL
		out.Page = PageProfile
	case m.self() != nil: // a post whose permalink is the page's
		out.Page, out.Post = PagePost, m.self().ID
	case len(m.posts) > 1:
		out.Page = PageFeed
	}
	for _, post := range m.posts {
		out.Posts = append(out.Posts, post.finish(g.Lang, &m))
	}
	if out.Page == PagePost && out.Post == "" && len(out.Posts) > 0 {
		out.Post = out.Posts[0].ID
	}
	if out.Account == nil {
		out.Account = pageAccount(page, out)
	}
	return out
}

// self is the post whose permalink is the page's own URL, if any.
func (m *merger) self() *Post {
	for _, p := range m.posts {
		if p.Permalink != "" && m.link(p.Permalink) == m.link(m.base) && p.ID != "" {
			return p
		}
	}
	return nil
}

// merger gathers posts from every source, one per post id or permalink.
type merger struct {
	base  string   // the page's URL, which relative URLs are read against
	strip []string // Platform.Strip
	urls  URLs
	posts []*Post
	seen  []seenLink        // beside posts: each one\'s permalink as find last compared it
	items []*Post           // the post of each DOM item, by index
	links map[string]string // canonicalURL of each permalink met, computed once
}

// seenLink is a post's permalink and its canonicalURL.
type seenLink struct{ raw, canonical string }

// link is canonicalURL(raw), remembered: find compares every post's
// permalink each time it is called.
func (m *merger) link(raw string) string {
	if c, ok := m.links[raw]; ok {
		return c
	}
	if m.links == nil {
		m.links = map[string]string{}
	}
	c := canonicalURL(raw)
	m.links[raw] = c
	return c
}

// find returns the post with the id or permalink, or adds one.
func (m *merger) find(id, permalink string) *Post {
	permalink = m.link(permalink)
	for i, p := range m.posts {
		if id != "" && p.ID == id {
			return p
		}
		if permalink == "" {
			continue
		}
		if s := &m.seen[i]; s.raw != p.Permalink || s.canonical == "" {
			s.raw, s.canonical = p.Permalink, m.link(p.Permalink)
		}
		if m.seen[i].canonical == permalink {
			return p
		}
	}
	p := &Post{Sources: map[string]string{}}
	m.posts = append(m.posts, p)
	m.seen = append(m.seen, seenLink{})
	return p
}

// set fills field from source when it is still empty.
func (p *Post) set(field, source, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	target := p.field(field)
	if target == nil || (*target != "" && !(field == "text" && truncates(*target, value))) {
		return
	}
	*target = value
	p.Sources[field] = source
}

// truncates says whether short is long cut off, as meta descriptions and
// schema.org descriptions cut a post's text ("…" or "..." at the end, line
// breaks as spaces): the fuller text is what the post says.
func truncates(short, long string) bool {
	s, l := strings.Join(strings.Fields(short), " "), strings.Join(strings.Fields(long), " ")
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(s, "…"), "..."), " "))
	return len(l) > len(s) && s != "" && strings.HasPrefix(l, s)
}

func (p *Post) field(name string) *string {
	switch name {
	case "id":
		return &p.ID
	case "permalink":
		return &p.Permalink
	case "author":
		return &p.Author.Name
	case "handle":
		return &p.Author.Handle
	case "account_url":
		return &p.Author.URL
	case "account_id":
		return &p.Author.ID
	case "time":
		return &p.Time
	case "time_shown":
		return &p.TimeShown
	case "text":
		return &p.Text
	case "language":
		return &p.Language
	case "reply_to":
		return &p.ReplyTo
	case "quoted":
		return &p.Quoted
	}
	return nil
}

// count fills a count as shown.
func (p *Post) count(name, source, value string) {
	value = strings.TrimSpace(value)
	if value == "" || p.Counts[name] != "" {
		return
	}
	if p.Counts == nil {
		p.Counts = map[string]string{}
	}
	p.Counts[name] = value
	p.Sources[name] = source
}

// addMedia adds a media URL once; the first source to give media is kept
// (a source as its kind: a state's or the DOM rules' video and image
// rules are one source, a cover and its video).
func (p *Post) addMedia(kind, source, raw string) {
	u := mediaURL(raw)
	if u == "" || slices.ContainsFunc(p.Media, func(m Media) bool { return m.URL == u }) {
		return
	}
	key := "media"
	if src, ok := p.Sources[key]; ok && family(src) != family(source) {
		return
	}
	p.Media = append(p.Media, Media{URL: u, Type: kind})
	if _, ok := p.Sources[key]; !ok {
		p.Sources[key] = source
	}
}

// family is the kind of extractor a source names: "state" of
// "state:tiktok.map@18", "rule" of "rule:x.media@21".
func family(source string) string {
	f, _, _ := strings.Cut(source, ":")
	return f
}

// fill sets a field of a post from a value of any source, counts and
// media included.
func (p *Post) fill(field, source string, values ...string) {
	switch field {
	case "media":
		for _, v := range values {
			p.addMedia("image", source, v)
		}
	case "video":
		for _, v := range values {
			p.addMedia("video", source, v)
		}
	case "replies", "likes", "shares", "views":
		if len(values) > 0 {
			p.count(field, source, values[0])
		}
	case "time":
		if len(values) > 0 {
			if t := utc(values[0]); t != "" {
				p.set("time", source, t)
			} else {
				p.set("time_shown", source, values[0])
			}
		}
	default:
		if len(values) > 0 {
			p.set(field, source, values[0])
		}
	}
}

// item adds what the DOM rules read in the next post element; one nested
// in another is a reply to it or quoted by it (Platform.Nested).
func (m *merger) item(it Item, nested string) {
	value := func(f string) string {
		if v, ok := it.Fields[f]; ok && len(v.Values) > 0 {
			return v.Values[0]
		}
		return ""
	}
	permalink, id := m.abs(value("permalink")), m.clean("id", value("id"))
	if id == "" {
		id = m.postID(permalink)
	}
	p := m.find(id, permalink)
	for _, f := range sortedKeys(it.Fields) {
		v := it.Fields[f]
		values := v.Values
		switch f {
		case "permalink", "account_url":
			values = []string{m.abs(values[0])}
		case "id", "reply_to", "quoted":
			values = []string{m.clean(f, values[0])}
		}
		p.fill(f, "rule:"+v.Rule, values...)
	}
	if it.Parent != "" {
		if k, err := strconv.Atoi(it.Parent); err == nil && k < len(m.items) {
			if parent := m.items[k]; nested == "quoted" {
				parent.set("quoted", "rule:nesting", p.ref())
			} else {
				p.set("reply_to", "rule:nesting", parent.ref())
			}
		}
	}
	m.items = append(m.items, p)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// clean takes the platform's prefixes off the ids of a post, its parent
// and the post it quotes (Platform.Strip).
func (m *merger) clean(field, value string) string {
	if field != "id" && field != "reply_to" && field != "quoted" {
		return value
	}
	for _, prefix := range m.strip {
		value = strings.TrimPrefix(value, prefix)
	}
	return value
}

// ref is how another post refers to p: its id, else its permalink.
func (p *Post) ref() string {
	if p.ID != "" {
		return p.ID
	}
	return p.Permalink
}

// pageAccount is the account the page is of: a post's author, a
// profile's owner; what the URL names when the page shows no more.
func pageAccount(page URLInfo, out Posts) *Account {
	var a Account
	if out.Page == PagePost {
		for _, p := range out.Posts {
			if p.ID == out.Post {
				a = p.Author
				break
			}
		}
	}
	ok := page.Handle != ""
	if ok && a.URL == "" && a.Handle != "" && strings.EqualFold(page.Handle, a.Handle) {
		a.URL = page.AccountURL
	}
	if ok && a.Handle == "" && a.Name == "" {
		a = Account{Handle: page.Handle, URL: page.AccountURL}
		for _, p := range out.Posts {
			if strings.EqualFold(p.Author.Handle, a.Handle) {
				a.Name, a.ID = p.Author.Name, p.Author.ID
				break
			}
		}
	}
	if a == (Account{}) {
		return nil
	}
	return &a
}

// finish tidies a post: the handle without "@", the id from the permalink,
// the language of the page when it declares none.
func (p *Post) finish(pageLang string, m *merger) Post {
	p.Author.Handle = strings.TrimPrefix(strings.TrimSpace(p.Author.Handle), "@")
	if p.ID == "" && p.Permalink != "" {
		if id := m.postID(p.Permalink); id != "" {
			p.ID = id
			p.Sources["id"] = p.Sources["permalink"]
		}
	}
	if p.Author.Handle == "" && p.Author.URL != "" {
		if h := m.urls(p.Author.URL).Handle; h != "" {
			p.Author.Handle = h
			p.Sources["handle"] = p.Sources["account_url"]
		}
	}
	if p.Language == "" && pageLang != "" {
		p.Language = pageLang
		p.Sources["language"] = "page"
	}
	return *p
}
