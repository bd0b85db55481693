package identifier

import (
	"net/url"
	"strings"
)

// Facebook. Keys: "facebook:<username>" (lower case, dots removed: Facebook
// ignores both in usernames), "facebook:id:<numeric id>" (profile.php?id=,
// facebook.com/<id>, /people/<name>/<id>), "facebook:groups/<slug-or-id>",
// and for posts "facebook:post:<id>", "facebook:photo:<fbid>",
// "facebook:video:<id>" (a post's id is the first numeric or pfbid id after
// /posts/, or the last numeric one: /groups/<g>/posts/<hash>/<id>). The
// link-warning page /flx/warn/?u= and the embedded players
// /plugins/video.php?href= and /plugins/post.php?href= are read as their
// target (hosts.go). Account is the username, the numeric id, or
// "groups/<slug-or-id>" for a post in a group.

func parseFacebook(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformFacebook, p)
	}
	first := lower(s[0])
	if id, ok := parseFacebookSpecial(p, first); ok {
		return id
	}
	if facebookReserved[first] || facebookAPIVersion(first) {
		return newPage(PlatformFacebook, p)
	}
	acct, key, ok := facebookAccount(s[0])
	if !ok {
		return newPage(PlatformFacebook, p)
	}
	return facebookUnder(p, acct, key, s[1:])
}

// facebookAccount reads a username, a numeric id, or an old page URL
// ending in its id (Some-Page-Name-123456789012345).
func facebookAccount(seg string) (acct, key string, ok bool) {
	if isDigits(seg) {
		return seg, "facebook:id:" + seg, true
	}
	if i := strings.LastIndexByte(seg, '-'); i > 0 && len(seg)-i-1 >= 10 && isDigits(seg[i+1:]) &&
		validASCII(seg[:i], 1, 200, "-.") {
		return seg[i+1:], "facebook:id:" + seg[i+1:], true
	}
	if !validASCII(seg, 3, 100, ".") {
		return "", "", false
	}
	name := lower(strings.ReplaceAll(seg, ".", ""))
	if len(name) < 3 || isDigits(name) || facebookReserved[name] {
		return "", "", false
	}
	return name, "facebook:" + name, true
}

// facebookAPIVersion reports whether seg is a Graph API version prefix
// ("v19.0" in /v19.0/dialog/oauth): the platform's plumbing, not a name.
func facebookAPIVersion(seg string) bool {
	major, minor, ok := strings.Cut(seg, ".")
	return ok && len(major) >= 2 && major[0] == 'v' && isDigits(major[1:]) && isDigits(minor)
}

func facebookIDProfile(id string) Identity {
	return newProfile(PlatformFacebook, id, "facebook:id:"+id)
}

// facebookUnder reads the path after an account: /posts/<id>,
// /photos/…/<fbid>, /videos/…/<id>; any other tab is the profile.
func facebookUnder(p *parts, acct, key string, rest []string) Identity {
	if len(rest) > 0 {
		switch lower(rest[0]) {
		case "posts", "permalink", "activity":
			if len(rest) >= 2 && validFacebookPostID(rest[1]) {
				return newPost(PlatformFacebook, acct, rest[1], "facebook:post:"+rest[1])
			}
		case "photos", "photo":
			if id := lastDigits(rest[1:]); id != "" {
				return newPost(PlatformFacebook, acct, id, "facebook:photo:"+id)
			}
		case "videos":
			if id := lastDigits(rest[1:]); id != "" {
				return newPost(PlatformFacebook, acct, id, "facebook:video:"+id)
			}
		}
	}
	return newProfile(PlatformFacebook, acct, key)
}

// validFacebookPostID accepts numeric story ids and pfbid… ids.
func validFacebookPostID(s string) bool { return validASCII(s, 1, 128, "") }

// facebookPaths read the paths whose first segment is not an account:
// profile.php, permalink.php, photo.php, watch, reel, groups, … Each
// reports false when the path does not name what it should, and the path
// is then a page.
var facebookPaths = map[string]func(p *parts) (Identity, bool){
	"profile.php":   facebookProfilePHP,
	"permalink.php": facebookStory,
	"story.php":     facebookStory,
	"photo.php":     facebookPhoto,
	"photo":         facebookPhoto,
	"video.php":     facebookVideo,
	"watch":         facebookVideo,
	"reel":          facebookReel,
	"reels":         facebookReel,
	"groups":        func(p *parts) (Identity, bool) { return parseFacebookGroup(p), true },
	"pages":         facebookNamedID,
	"people":        facebookNamedID,
	"pg":            facebookPg,
	"stories":       facebookStories,
	"share": func(p *parts) (Identity, bool) {
		return newShare(PlatformFacebook, "facebook.com", p, ""), true
	},
}

func parseFacebookSpecial(p *parts, first string) (Identity, bool) {
	if read, ok := facebookPaths[first]; ok {
		return read(p)
	}
	return Identity{}, false
}

// facebookProfilePHP reads profile.php?id=<id>.
// A tab written after the id (profile.php?id=<id>/photos) is dropped.
func facebookProfilePHP(p *parts) (Identity, bool) {
	id, _, _ := strings.Cut(p.get("id"), "/")
	return facebookIDProfile(id), isDigits(id)
}

// facebookStory reads permalink.php and story.php?story_fbid=<id>&id=<owner>.
func facebookStory(p *parts) (Identity, bool) {
	sid := p.get("story_fbid")
	return newPost(PlatformFacebook, digitsOrEmpty(p.get("id")), sid, "facebook:post:"+sid), validFacebookPostID(sid)
}

// facebookPhoto reads photo.php?fbid=<id>[&id=<owner>] and /photo/?fbid=.
func facebookPhoto(p *parts) (Identity, bool) {
	fbid := p.get("fbid")
	return newPost(PlatformFacebook, digitsOrEmpty(p.get("id")), fbid, "facebook:photo:"+fbid), isDigits(fbid)
}

// facebookVideo reads video.php?v=<id> and watch/?v=<id>.
func facebookVideo(p *parts) (Identity, bool) {
	v := p.get("v")
	return newPost(PlatformFacebook, "", v, "facebook:video:"+v), isDigits(v)
}

// facebookReel reads /reel/<id>.
func facebookReel(p *parts) (Identity, bool) {
	if len(p.segs) < 2 || !isDigits(p.segs[1]) {
		return Identity{}, false
	}
	return newPost(PlatformFacebook, "", p.segs[1], "facebook:video:"+p.segs[1]), true
}

// facebookNamedID reads /pages/<name>/<id> and /people/<name>/<id>.
func facebookNamedID(p *parts) (Identity, bool) {
	if len(p.segs) < 3 || !isDigits(p.segs[2]) {
		return Identity{}, false
	}
	return facebookIDProfile(p.segs[2]), true
}

// facebookPg reads the old page paths /pg/<name>/….
func facebookPg(p *parts) (Identity, bool) {
	if len(p.segs) < 2 {
		return Identity{}, false
	}
	acct, key, ok := facebookAccount(p.segs[1])
	if !ok {
		return Identity{}, false
	}
	return facebookUnder(p, acct, key, p.segs[2:]), true
}

// facebookStories reads /stories/<owner id>/…: viewing a story is viewing
// its owner.
func facebookStories(p *parts) (Identity, bool) {
	if len(p.segs) < 2 || !isDigits(p.segs[1]) {
		return Identity{}, false
	}
	return facebookIDProfile(p.segs[1]), true
}

func digitsOrEmpty(s string) string {
	if isDigits(s) {
		return s
	}
	return ""
}

// parseFacebookGroup reads /groups/<slug-or-id>[/posts/<id>|/permalink/<id>|/user/<id>].
func parseFacebookGroup(p *parts) Identity {
	s := p.segs
	if len(s) < 2 {
		return newPage(PlatformFacebook, p)
	}
	g := lower(s[1])
	if facebookGroupReserved[g] || !validASCII(g, 1, 100, "._-") {
		return newPage(PlatformFacebook, p)
	}
	acct := "groups/" + g
	if len(s) >= 4 {
		switch lower(s[2]) {
		case "posts", "permalink":
			if id := facebookGroupPostID(s[3:]); id != "" {
				return newPost(PlatformFacebook, acct, id, "facebook:post:"+id)
			}
		case "user":
			if isDigits(s[3]) {
				return facebookIDProfile(s[3])
			}
		}
	}
	return newGroup(PlatformFacebook, acct, "facebook:"+acct)
}

// facebookGroupPostID reads the post id after /groups/<g>/posts/: the
// first segment when it is a numeric or pfbid id, else (a share hash then
// the id: /posts/d41d8cd9/2013209885760000/) the last numeric segment.
func facebookGroupPostID(rest []string) string {
	if first := rest[0]; isDigits(first) || strings.HasPrefix(first, "pfbid") && validFacebookPostID(first) {
		return first
	}
	if id := lastDigits(rest[1:]); id != "" {
		return id
	}
	if validFacebookPostID(rest[0]) {
		return rest[0]
	}
	return ""
}

const facebookBase = "https://www.facebook.com/"

func facebookKeyURL(rest string) (string, bool) {
	q := url.QueryEscape
	if v, ok := strings.CutPrefix(rest, "id:"); ok {
		return facebookBase + "profile.php?id=" + q(v), true
	}
	if v, ok := strings.CutPrefix(rest, "post:"); ok {
		return facebookBase + "permalink.php?story_fbid=" + q(v), true
	}
	if v, ok := strings.CutPrefix(rest, "photo:"); ok {
		return facebookBase + "photo.php?fbid=" + q(v), true
	}
	if v, ok := strings.CutPrefix(rest, "video:"); ok {
		return facebookBase + "watch/?v=" + q(v), true
	}
	if isDigits(rest) {
		return facebookBase + "profile.php?id=" + rest, true
	}
	return pathURL("www.facebook.com", strings.TrimPrefix(rest, "@")), true
}

func facebookPostURL(id Identity) string {
	kind, _, _ := strings.Cut(strings.TrimPrefix(id.Key, "facebook:"), ":")
	acct, q := id.Account, url.QueryEscape
	switch {
	case strings.HasPrefix(acct, "groups/"):
		if kind == "post" {
			return pathURL("www.facebook.com", acct+"/posts/"+id.Post)
		}
		return ""
	case isDigits(acct):
		switch kind {
		case "post":
			return facebookBase + "permalink.php?story_fbid=" + q(id.Post) + "&id=" + acct
		case "photo":
			return facebookBase + "photo.php?fbid=" + q(id.Post) + "&id=" + acct
		}
	}
	if tab, ok := facebookPostTabs[kind]; ok {
		return pathURL("www.facebook.com", acct+tab+id.Post)
	}
	return ""
}

// facebookPostTabs maps a post key's kind to its path under an account.
var facebookPostTabs = map[string]string{"post": "/posts/", "photo": "/photos/", "video": "/videos/"}
