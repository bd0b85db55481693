package social

// Structured data: schema.org nodes from JSON-LD and microdata, and the
// OpenGraph and Twitter-card meta of a post page.

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

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
			if q.Permalink != "" && m.link(q.Permalink) == m.link(permalink) {
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
