package social

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
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
		if p.Permalink != "" && canonicalURL(p.Permalink) == canonicalURL(m.base) && p.ID != "" {
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
	items []*Post // the post of each DOM item, by index
}

// find returns the post with the id or permalink, or adds one.
func (m *merger) find(id, permalink string) *Post {
	permalink = canonicalURL(permalink)
	for _, p := range m.posts {
		if (id != "" && p.ID == id) || (permalink != "" && canonicalURL(p.Permalink) == permalink) {
			return p
		}
	}
	p := &Post{Sources: map[string]string{}}
	m.posts = append(m.posts, p)
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

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)

// mediaURL is raw, or the URL in a CSS background-image, if absolute.
func mediaURL(raw string) string {
	if m := cssURL.FindStringSubmatch(raw); m != nil {
		raw = m[1]
	}
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return raw
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

// abs reads a URL a rule gave against the page's.
func (m *merger) abs(raw string) string {
	if raw == "" {
		return ""
	}
	base, err := url.Parse(m.base)
	if err != nil {
		return raw
	}
	u, err := base.Parse(raw)
	if err != nil {
		return raw
	}
	return u.String()
}

// ref is how another post refers to p: its id, else its permalink.
func (p *Post) ref() string {
	if p.ID != "" {
		return p.ID
	}
	return p.Permalink
}

// postID is the post id that a post's URL names, if any; for a comment's
// URL, which names its post too, the comment's id (commentID).
func (m *merger) postID(permalink string) string {
	if permalink == "" {
		return ""
	}
	if c, ok := commentID(permalink); ok {
		return c
	}
	return m.urls(permalink).Post
}

// commentQuery are the query parameters that name a comment of the post a
// URL names (Facebook's comment_id and reply_comment_id, YouTube's lc), the
// innermost first.
var commentQuery = []string{"reply_comment_id", "comment_id", "lc"}

// commentID is the id of the comment a URL names: one of commentQuery, or
// Instagram's /p/<code>/c/<id>/; ok is false for a URL of no comment.
func commentID(raw string) (id string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	q := u.Query()
	for _, k := range commentQuery {
		if v := q.Get(k); v != "" {
			return v, true
		}
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+3 < len(segs); i++ {
		if (segs[i] == "p" || segs[i] == "reel") && segs[i+2] == "c" && segs[i+3] != "" {
			return segs[i+3], true
		}
	}
	return "", false
}

// keptQuery are the query parameters that tell posts apart: the others are
// tracking and display options.
var keptQuery = append([]string{"v", "story_fbid", "fbid", "id"}, commentQuery...)

// canonicalURL compares permalinks: host without "www." and path without
// its trailing slash, in lower case; of the query only keptQuery; the
// fragment as it is (a forum names a reply "…/thread#reply-12"). (A
// comment's URL names its post too, so identifier's keys would not tell
// them apart.)
func canonicalURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	out := strings.ToLower(strings.TrimPrefix(u.Hostname(), "www.") + strings.TrimSuffix(u.Path, "/"))
	q := u.Query()
	var kept []string
	for _, k := range keptQuery {
		if v := q.Get(k); v != "" {
			kept = append(kept, k+"="+v)
		}
	}
	slices.Sort(kept)
	if len(kept) > 0 {
		out += "?" + strings.Join(kept, "&")
	}
	if u.Fragment != "" {
		out += "#" + u.Fragment
	}
	return out
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

// meta completes the page's own post from OpenGraph and Twitter-card
// meta: only fields no richer source gave.
func (m *merger) meta(meta map[string]string, page URLInfo) {
	if len(meta) == 0 {
		return
	}
	permalink := meta["og:url"]
	if permalink == "" {
		permalink = meta["canonical"]
	}
	var p *Post
	for _, q := range m.posts {
		if q.ID == page.Post {
			p = q
		}
	}
	if p == nil && permalink != "" {
		for _, q := range m.posts {
			if q.Permalink != "" && canonicalURL(q.Permalink) == canonicalURL(permalink) {
				p = q
			}
		}
	}
	if p == nil && len(m.posts) > 0 && m.posts[0].ID == "" && m.posts[0].Permalink == "" {
		// A post page need not link to its own post (Bluesky's): when
		// nothing gave the page's post, the first post on the page is it
		// if no source gave it an id or a permalink.
		p = m.posts[0]
	}
	if p == nil {
		p = m.find(page.Post, permalink)
	}
	p.set("id", "url", page.Post)
	p.set("permalink", "opengraph", permalink)
	p.set("text", "opengraph", meta["og:description"])
	p.set("text", "twitter-card", meta["twitter:description"])
	p.set("time", "opengraph", utc(meta["article:published_time"]))
	p.set("handle", "twitter-card", meta["twitter:creator"])
	p.set("author", "opengraph", meta["article:author"])
	for _, k := range []string{"og:image", "og:image:url", "og:image:secure_url"} {
		p.addMedia("image", "opengraph", meta[k])
	}
	for _, k := range []string{"og:video", "og:video:url", "og:video:secure_url"} {
		p.addMedia("video", "opengraph", meta[k])
	}
	p.addMedia("image", "twitter-card", meta["twitter:image"])
}

// jsonLDNodes returns the objects of a JSON-LD script: itself, the
// elements of an array, the members of an @graph.
func jsonLDNodes(text string) []map[string]any {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	var out []map[string]any
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, x := range t {
				walk(x)
			}
		case map[string]any:
			if g, ok := t["@graph"]; ok {
				walk(g)
				return
			}
			out = append(out, t)
		}
	}
	walk(v)
	return out
}

// schema.org types read as posts, and as profiles.
var (
	postTypes    = []string{"SocialMediaPosting", "DiscussionForumPosting", "BlogPosting", "Comment", "VideoObject", "ImageObject", "Article", "NewsArticle"}
	profileTypes = []string{"ProfilePage"}
)

func types(node map[string]any) []string {
	var out []string
	for _, t := range strings1([]any{node["@type"]}) {
		out = append(out, strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/"))
	}
	return out
}

func isType(node map[string]any, want []string) bool {
	return slices.ContainsFunc(types(node), func(t string) bool { return slices.Contains(want, t) })
}

// structured adds a schema.org node: a profile page's account, or a post
// with its comments and shared content (which it returns); parent is the
// id or URL of the post it replies to.
func (m *merger) structured(node map[string]any, source, parent string, out *Posts) *Post {
	if isType(node, profileTypes) {
		if e, ok := node["mainEntity"].(map[string]any); ok {
			a := person(e)
			out.Account = &a
		}
		return nil
	}
	if !isType(node, postTypes) {
		return nil
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			if s := first1(strings1([]any{node[k]})); s != "" {
				return s
			}
		}
		return ""
	}
	id, permalink := str("identifier"), str("url", "@id")
	if id == "" {
		id = m.postID(permalink)
	}
	p := m.find(id, permalink)
	p.set("id", source, id)
	p.set("permalink", source, permalink)
	p.set("text", source, str("articleBody", "text", "description", "headline", "name", "caption"))
	p.set("time", source, utc(str("datePublished", "dateCreated", "uploadDate")))
	p.set("language", source, str("inLanguage"))
	p.set("reply_to", source, parent)
	if a, ok := firstObject(node["author"], node["creator"]); ok {
		acct := person(a)
		p.set("author", source, acct.Name)
		p.set("handle", source, acct.Handle)
		p.set("account_url", source, acct.URL)
		p.set("account_id", source, acct.ID)
	} else if name := str("author"); name != "" {
		p.set("author", source, name)
	}
	for _, img := range objectsOrStrings(node["image"]) {
		p.addMedia("image", source, img)
	}
	for _, v := range objectsOrStrings(node["video"]) {
		p.addMedia("video", source, v)
	}
	if isType(node, []string{"VideoObject"}) {
		p.addMedia("video", source, str("contentUrl"))
		p.addMedia("image", source, str("thumbnailUrl"))
	}
	for _, stat := range objects(node["interactionStatistic"]) {
		kind := first1(strings1([]any{stat["interactionType"]}))
		if o, ok := stat["interactionType"].(map[string]any); ok {
			kind = first1(strings1([]any{o["@type"]}))
		}
		n := first1(strings1([]any{stat["userInteractionCount"]}))
		switch {
		case strings.Contains(kind, "Comment"):
			p.count("replies", source, n)
		case strings.Contains(kind, "Like"):
			p.count("likes", source, n)
		case strings.Contains(kind, "Share"):
			p.count("shares", source, n)
		case strings.Contains(kind, "Watch") || strings.Contains(kind, "View"):
			p.count("views", source, n)
		}
	}
	if n := str("commentCount"); n != "" {
		p.count("replies", source, n)
	}
	if shared, ok := firstObject(node["sharedContent"]); ok {
		if q := m.structured(shared, source, "", out); q != nil {
			p.set("quoted", source, q.ref())
		}
	}
	for _, c := range objects(node["comment"]) {
		m.structured(c, source, p.ref(), out)
	}
	return p
}

// person reads a schema.org Person or Organization.
func person(n map[string]any) Account {
	s := func(k string) string { return first1(strings1([]any{n[k]})) }
	a := Account{Name: s("name"), Handle: strings.TrimPrefix(s("alternateName"), "@"), URL: s("url"), ID: s("identifier")}
	if a.URL == "" {
		a.URL = first1(strings1([]any{n["sameAs"]}))
	}
	return a
}

func objects(v any) []map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return []map[string]any{t}
	case []any:
		var out []map[string]any
		for _, x := range t {
			if o, ok := x.(map[string]any); ok {
				out = append(out, o)
			}
		}
		return out
	}
	return nil
}

func firstObject(vs ...any) (map[string]any, bool) {
	for _, v := range vs {
		if o := objects(v); len(o) > 0 {
			return o[0], true
		}
	}
	return nil, false
}

// objectsOrStrings reads image and video values: URLs, or objects with
// contentUrl or url.
func objectsOrStrings(v any) []string {
	var out []string
	switch t := v.(type) {
	case string:
		out = append(out, t)
	case []any:
		for _, x := range t {
			out = append(out, objectsOrStrings(x)...)
		}
	case map[string]any:
		for _, k := range []string{"contentUrl", "url"} {
			if s := first1(strings1([]any{t[k]})); s != "" {
				return append(out, s)
			}
		}
	}
	return out
}
