package identifier

import (
	"errors"
	"fmt"
	"strings"
)

// Platforms an Identity can belong to.
const (
	PlatformX         = "x"
	PlatformFacebook  = "facebook"
	PlatformInstagram = "instagram"
	PlatformTikTok    = "tiktok"
	PlatformYouTube   = "youtube"
	PlatformReddit    = "reddit"
	PlatformTelegram  = "telegram"
	PlatformLinkedIn  = "linkedin"
	PlatformThreads   = "threads"
	PlatformBluesky   = "bluesky"
	PlatformSnapchat  = "snapchat"
	// PlatformHarbourline is Sightline's fictional training network.
	PlatformHarbourline = "harbourline"
	PlatformWeb         = "web"
	PlatformEmail       = "email"
	PlatformPhone       = "phone"
)

// Kinds of thing an Identity names.
const (
	KindProfile = "profile"
	KindPost    = "post"
	KindGroup   = "group"
	KindPage    = "page"
	KindEmail   = "email"
	KindPhone   = "phone"
)

var (
	// ErrNotHTTP is returned by FromURL for a URL whose scheme is not http
	// or https.
	ErrNotHTTP = errors.New("not an http or https url")
	// ErrUnrecognised is returned by Parse for text that is no URL, handle,
	// email address or phone number it knows.
	ErrUnrecognised = errors.New("unrecognised identifier")
	// ErrNeedsPlatform is returned by Parse for a bare "@handle": the same
	// handle can name different people on different platforms.
	ErrNeedsPlatform = errors.New("handle needs a platform, e.g. x:@name")
)

// Identity is what a URL or an identifier names.
type Identity struct {
	Platform string // PlatformX, …, PlatformWeb, PlatformEmail, PlatformPhone
	Kind     string // KindProfile, KindPost, KindGroup, KindPage, KindEmail, KindPhone
	Account  string // canonical account key on the platform; "" when the URL names none
	Post     string // post, photo or video id when Kind is KindPost
	Key      string // canonical string used for matching, e.g. "x:@jack"
}

// WithAuthor is id with the account of a post whose URL names none
// (instagram.com/p/…, youtube.com/watch?v=…) set to handle, the author
// as the page shows it; any other id, or a handle the platform would not
// have, is returned as it is.
func (id Identity) WithAuthor(handle string) Identity {
	if id.Kind != KindPost || id.Account != "" || handle == "" {
		return id
	}
	a, err := Parse(id.Platform + ":@" + strings.TrimPrefix(handle, "@"))
	if err != nil || a.Platform != id.Platform || a.Account == "" {
		return id
	}
	id.Account = a.Account
	return id
}

// FromURL canonicalises an http or https URL into the identity it names.
// It returns an error wrapping ErrNotHTTP for other schemes, and an error
// for input that is not a URL with a host.
func FromURL(raw string) (Identity, error) {
	p, err := split(raw)
	if err != nil {
		return Identity{}, fmt.Errorf("canonicalise url %q: %w", clip(raw), err)
	}
	return identify(p), nil
}

// identify walks the host from the most to the least specific form
// (www.m.example.org, m.example.org, example.org) and gives the first rule
// that knows it the URL; a URL no rule knows is a generic web page.
func identify(p *parts) Identity {
	h := p.host
	for {
		if target := unwrapTarget(h, p); target != "" {
			if id, err := FromURL(target); err == nil {
				return id
			}
		}
		if r, ok := lookupHost(h); ok {
			p.host = h
			if r.share {
				return newShare(r.platform, h, p, "")
			}
			return platforms[r.platform].parse(p)
		}
		next, ok := stripHostPrefix(h)
		if !ok {
			break
		}
		h = next
	}
	p.host = h
	return webPage(p)
}

// URL returns a canonical https URL for the identity, one that FromURL
// turns back into the same Key. Email addresses give a mailto: URL and
// phone numbers a tel: URL. It returns "" for an Identity that this
// package did not make.
func (id Identity) URL() string {
	switch id.Platform {
	case PlatformWeb:
		rest, ok := strings.CutPrefix(id.Key, PlatformWeb+":")
		if !ok || rest == "" {
			return ""
		}
		return "https://" + rest
	case PlatformEmail:
		return "mailto:" + id.Account
	case PlatformPhone:
		return "tel:" + id.Account
	}
	pl, ok := platforms[id.Platform]
	if !ok {
		return ""
	}
	if id.Kind == KindPost && id.Account != "" && pl.postURL != nil {
		if u := pl.postURL(id); u != "" {
			return u
		}
	}
	rest, ok := strings.CutPrefix(id.Key, id.Platform+":")
	if !ok {
		return ""
	}
	u, _ := urlFor(pl, rest)
	return u
}

// AccountIdentity returns the identity of the account that owns id: a
// post's author (or the group or channel it was posted in), or id itself
// when id is a profile, group, email address or phone number. It reports
// false when the URL names no owner: a generic page, instagram.com/p/<id>,
// youtube.com/watch?v=<id>.
func (id Identity) AccountIdentity() (Identity, bool) {
	switch id.Kind {
	case KindProfile, KindGroup, KindEmail, KindPhone:
		return id, id.Key != ""
	}
	pl, ok := platforms[id.Platform]
	if !ok || id.Account == "" {
		return Identity{}, false
	}
	u, ok := pl.keyURL(id.Account)
	if !ok {
		return Identity{}, false
	}
	a, err := FromURL(u)
	if err != nil || a.Account != id.Account || (a.Kind != KindProfile && a.Kind != KindGroup) {
		return Identity{}, false
	}
	return a, true
}

// Matches reports whether viewing v counts as viewing the subject
// identifier s: they have the same Key; or s is a profile or group and v
// is on the same platform under the same account (a post, photo or video
// by it or in it); or s is the root of a generic web site and v is a page
// of that site.
func Matches(s, v Identity) bool {
	if s.Key == "" || v.Key == "" {
		return false
	}
	if s.Key == v.Key {
		return true
	}
	if s.Platform != v.Platform {
		return false
	}
	switch s.Kind {
	case KindProfile, KindGroup:
		return s.Account != "" && v.Account == s.Account
	case KindPage:
		if s.Platform != PlatformWeb || strings.ContainsAny(s.Key, "/?") {
			return false
		}
		return strings.HasPrefix(v.Key, s.Key+"/") || strings.HasPrefix(v.Key, s.Key+"?")
	}
	return false
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
