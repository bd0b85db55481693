// Package social reads the posts, profiles and feeds of social-media pages
// into evidence/posts.json (FORMAT.md): from the page's structured data
// first (JSON-LD, microdata, OpenGraph and Twitter-card meta, <time
// datetime>), then its embedded application state, then per-platform DOM
// rules kept as data (platforms.rules) that a workspace can replace with a
// newer file when a platform changes its markup.
package social

import (
	"strconv"
	"strings"
	"time"
)

// Format is the value of Posts.Format.
const Format = "sightline-posts/1"

// Page kinds.
const (
	PagePost    = "post"    // one post, with its thread
	PageProfile = "profile" // an account's page and its posts
	PageFeed    = "feed"    // a list of posts of several accounts
	PageOther   = "other"
)

// Posts is evidence/posts.json: what the page showed, post by post.
type Posts struct {
	Format   string    `json:"format"`
	URL      string    `json:"url"`      // the page's final URL
	Platform string    `json:"platform"` // the rules' platform name; "generic" for any other page with posts
	Page     string    `json:"page"`     // PagePost, PageProfile, PageFeed or PageOther
	Account  *Account  `json:"account,omitempty"`
	Post     string    `json:"post,omitempty"` // for a post page: the post's id
	Rules    RulesUsed `json:"rules"`
	Posts    []Post    `json:"posts"`
	Actions  []Action  `json:"actions"` // what the capture clicked, in order
}

// RulesUsed names the rules file the DOM rules came from.
type RulesUsed struct {
	Version int    `json:"version"`
	Source  string `json:"source"` // "built-in" or the workspace file
	SHA256  string `json:"sha256,omitempty"`
}

// Account is who posted, or whose profile the page is.
type Account struct {
	Handle string `json:"handle,omitempty"` // without "@"
	Name   string `json:"name,omitempty"`   // display name as shown
	URL    string `json:"url,omitempty"`
	ID     string `json:"id,omitempty"` // the platform's own id, when the page gives it
}

// Post is one post, reply or comment as the page showed it.
type Post struct {
	ID        string  `json:"id,omitempty"`
	Permalink string  `json:"permalink,omitempty"`
	Author    Account `json:"author"`
	// TimeShown is the time as the page shows it ("2h", "3 Mar"); Time is
	// the machine-readable time the page gives, in UTC (RFC 3339).
	TimeShown string  `json:"time_shown,omitempty"`
	Time      string  `json:"time,omitempty"`
	Text      string  `json:"text,omitempty"`
	Language  string  `json:"language,omitempty"`
	Media     []Media `json:"media,omitempty"`
	// Counts as shown ("1.2K"), by "replies", "likes", "shares", "views".
	Counts  map[string]string `json:"counts,omitempty"`
	ReplyTo string            `json:"reply_to,omitempty"` // the parent post's id or permalink
	Quoted  string            `json:"quoted,omitempty"`   // the quoted post's id or permalink
	// Sources says, per field, which extractor gave it: "json-ld",
	// "microdata", "opengraph", "twitter-card", "state:<rule id>" or
	// "rule:<rule id>" (Rule.ID, with the rules' version in Posts.Rules).
	Sources map[string]string `json:"sources"`
}

// Media is an image or video a post shows.
type Media struct {
	URL  string `json:"url"`
	Type string `json:"type"` // "image" or "video"
	// WARCRecord is the WARC-Record-ID of the response that holds it in
	// the bundle, "" when the page session did not load it.
	WARCRecord string `json:"warc_record,omitempty"`
}

// Action is something the capture did to the page before preserving it,
// so that what the screenshot shows is accounted for: an overlay
// dismissed (not hidden), a "see more" or replies control opened.
type Action struct {
	Kind   string `json:"kind"` // "dismiss" or "expand"
	Rule   string `json:"rule"` // Rule.ID
	Clicks int    `json:"clicks"`
}

// utc turns a machine-readable time into UTC RFC 3339 with milliseconds,
// or "" when it is none of the forms pages use.
func utc(s string) string {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) >= 9 && len(s) <= 13 {
		t := time.Unix(n, 0) // seconds since 1970, as embedded state gives them
		if len(s) >= 12 {
			t = time.UnixMilli(n)
		}
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format("2006-01-02T15:04:05.000Z")
		}
	}
	return ""
}

// Summary is what a capture's metadata says of its posts.
type Summary struct {
	Platform string   `json:"platform"`
	Page     string   `json:"page"`
	Account  *Account `json:"account,omitempty"`
	Post     string   `json:"post,omitempty"`
	Posts    int      `json:"posts"`
}

// Summary sums p up; nil gives nil.
func (p *Posts) Summary() *Summary {
	if p == nil {
		return nil
	}
	return &Summary{Platform: p.Platform, Page: p.Page, Account: p.Account, Post: p.Post, Posts: len(p.Posts)}
}
