package identifier

import "strings"

// X (Twitter). Keys: "x:@<handle>" (x.com/<handle>, x.com/@<handle>, and
// x.com/<handle>/<tab> for a tab in xProfileTabs; any other second segment,
// as in x.com/en/tos, makes a page), "x:id:<user id>" (x.com/i/user/<id>),
// "x:status:<id>" for a post (x.com/<handle>/status/<id>, /i/web/status/<id>,
// /web/status/<id>, /i/videos/tweet/<id>). A status id names the post
// whatever handle its URL carries, so the key leaves the handle out;
// Account keeps it, unless it is a reserved word (x.com/home/status/<id>).

func validXHandle(s string) bool { return validASCII(s, 1, 15, "_") }

func xProfile(h string) Identity { return newProfile(PlatformX, h, "x:@"+h) }

func xIDProfile(id string) Identity { return newProfile(PlatformX, "id:"+id, "x:id:"+id) }

func xPost(h, id string) Identity { return newPost(PlatformX, h, id, "x:status:"+id) }

func parseX(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformX, p)
	}
	// x.com/@jack is x.com/jack.
	handle := strings.TrimPrefix(s[0], "@")
	first := lower(handle)
	if id, ok := parseXSpecial(p, first); ok {
		return id
	}
	if !validXHandle(handle) {
		return newPage(PlatformX, p)
	}
	if len(s) >= 2 && (strings.EqualFold(s[1], "status") || strings.EqualFold(s[1], "statuses")) {
		// x.com/<anyone>/status/<id> is the post whoever the handle
		// names; a reserved word there is no author.
		if len(s) < 3 || !isDigits(s[2]) {
			return newPage(PlatformX, p)
		}
		if xReserved[first] {
			first = ""
		}
		return xPost(first, s[2])
	}
	if xReserved[first] || (len(s) >= 2 && !xProfileTabs[lower(s[1])]) {
		return newPage(PlatformX, p)
	}
	return xProfile(first)
}

// parseXSpecial reads the paths whose first segment is not a handle:
// /i/…, /statuses/<id>, /web/status/<id>, /intent/user?screen_name=.
func parseXSpecial(p *parts, first string) (Identity, bool) {
	s := p.segs
	switch first {
	case "i":
		return parseXInternal(p), true
	case "statuses":
		if len(s) >= 2 && isDigits(s[1]) {
			return xPost("", s[1]), true
		}
	case "web":
		if len(s) >= 3 && strings.EqualFold(s[1], "status") && isDigits(s[2]) {
			return xPost("", s[2]), true
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

// parseXInternal reads x.com/i/…: /i/web/status/<id>, /i/status/<id> and
// /i/videos/[tweet/]<id> (a post with no handle), /i/user/<id> (a profile
// by numeric id); every
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
	case len(s) >= 3 && s[1] == "videos" && isDigits(s[len(s)-1]) && (len(s) == 3 || len(s) == 4 && s[2] == "tweet"):
		// /i/videos/<id> and /i/videos/tweet/<id>: the player of a post.
		return xPost("", s[len(s)-1])
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
