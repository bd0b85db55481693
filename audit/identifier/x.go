package identifier

import "strings"

// X (Twitter). Keys: "x:@<handle>", "x:id:<user id>" (x.com/i/user/<id>),
// "x:status:<id>" for a post. A status id names the post whatever handle
// its URL carries, so the key leaves the handle out; Account keeps it.

// xReserved are first path segments on x.com that are not handles.
var xReserved = set(
	"home", "explore", "search", "settings", "i", "notifications", "messages", "compose",
	"login", "logout", "signup", "tos", "privacy", "hashtag", "intent", "share", "account",
	"about", "download", "jobs", "lists", "bookmarks", "communities", "premium", "verified",
	"help", "who_to_follow", "following", "followers", "rules", "oauth", "oauth2", "session",
	"sessions", "signin", "welcome", "show", "personalization", "safety", "media", "topics",
	"moments", "places", "tweetdeck", "grok", "analytics", "ads", "business", "developer",
	"developers", "support", "statuses", "status", "twitter", "x", "user", "web", "people",
	"flow", "onboarding", "embed", "widgets", "video", "pro", "spaces", "teams", "trends",
	"connect", "activity", "jobs", "tweet", "post", "home.php", "notifications",
)

func validXHandle(s string) bool { return validASCII(s, 1, 15, "_") }

func xProfile(h string) Identity { return newProfile(PlatformX, h, "x:@"+h) }

func xIDProfile(id string) Identity { return newProfile(PlatformX, "id:"+id, "x:id:"+id) }

func xPost(h, id string) Identity { return newPost(PlatformX, h, id, "x:status:"+id) }

func parseX(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformX, p)
	}
	first := lower(s[0])
	if id, ok := parseXSpecial(p, first); ok {
		return id
	}
	if xReserved[first] || !validXHandle(s[0]) {
		return newPage(PlatformX, p)
	}
	if len(s) >= 3 && (strings.EqualFold(s[1], "status") || strings.EqualFold(s[1], "statuses")) {
		if isDigits(s[2]) {
			return xPost(first, s[2])
		}
		return newPage(PlatformX, p)
	}
	return xProfile(first)
}

// parseXSpecial reads the paths whose first segment is not a handle:
// /i/…, /statuses/<id>, /intent/user?screen_name=.
func parseXSpecial(p *parts, first string) (Identity, bool) {
	s := p.segs
	switch first {
	case "i":
		return parseXInternal(p), true
	case "statuses":
		if len(s) >= 2 && isDigits(s[1]) {
			return xPost("", s[1]), true
		}
	case "intent":
		if len(s) >= 2 && (strings.EqualFold(s[1], "user") || strings.EqualFold(s[1], "follow")) {
			return parseXIntent(p)
		}
	}
	return Identity{}, false
}

// parseXIntent reads intent/user?screen_name=<handle> or ?user_id=<id>.
func parseXIntent(p *parts) (Identity, bool) {
	if h := p.get("screen_name"); validXHandle(h) && !xReserved[lower(h)] {
		return xProfile(lower(h)), true
	}
	if id := p.get("user_id"); isDigits(id) {
		return xIDProfile(id), true
	}
	return Identity{}, false
}

// parseXInternal reads x.com/i/…: /i/web/status/<id> and /i/status/<id>
// (a post with no handle), /i/user/<id> (a profile by numeric id); every
// other /i/ page is a page.
func parseXInternal(p *parts) Identity {
	s := p.segs
	switch {
	case len(s) >= 4 && s[1] == "web" && s[2] == "status" && isDigits(s[3]):
		return xPost("", s[3])
	case len(s) >= 3 && s[1] == "status" && isDigits(s[2]):
		return xPost("", s[2])
	case len(s) >= 3 && s[1] == "user" && isDigits(s[2]):
		return xIDProfile(s[2])
	}
	return newPage(PlatformX, p)
}

func xKeyURL(rest string) (string, bool) {
	if id, ok := strings.CutPrefix(rest, "id:"); ok {
		return pathURL("x.com", "i/user/"+id), true
	}
	if id, ok := strings.CutPrefix(rest, "status:"); ok {
		return pathURL("x.com", "i/web/status/"+id), true
	}
	return pathURL("x.com", strings.TrimPrefix(rest, "@")), true
}

func xPostURL(id Identity) string {
	if strings.HasPrefix(id.Account, "id:") {
		return ""
	}
	return pathURL("x.com", id.Account+"/status/"+id.Post)
}
