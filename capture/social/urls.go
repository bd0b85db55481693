package social

// URLs in posts: permalinks compared, comment ids read from them, relative
// URLs made absolute, media URLs found in CSS.

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

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
