package identifier

import "strings"

// TikTok. Keys: "tiktok:@<handle>", "tiktok:secuid:<secUid>" for an account
// written by its secUid (case kept; Account "secuid:<secUid>"; only the
// network knows its handle), "tiktok:video:<id>" for a video or photo post
// (one id space: /@<handle>/video/<id>, /@/video/<id>, /share/video/<id>,
// tiktokv.com/share/video/<id>, /embed/v2/<id>). Share links
// (vm.tiktok.com/<code>, vt.tiktok.com/<code>, tiktok.com/t/<code>)
// redirect on TikTok's server:
// offline they are a page, "tiktok:share:<host>/<code>".

func validTikTokHandle(s string) bool { return validASCII(s, 2, 24, "._") }

// secUIDPrefix starts every secUid, the long case-sensitive account id
// TikTok writes in place of a handle (tiktok.com/@MS4wLjABAAAA…).
const secUIDPrefix = "MS4wLjABAAAA"

func validSecUID(s string) bool {
	return strings.HasPrefix(s, secUIDPrefix) && validASCII(s, 30, 128, "_-")
}

func tiktokPost(h, id string) Identity {
	return newPost(PlatformTikTok, h, id, "tiktok:video:"+id)
}

func parseTikTok(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformTikTok, p)
	}
	if h, ok := strings.CutPrefix(s[0], "@"); ok {
		switch {
		case validSecUID(h):
			return tiktokUnder("secuid:"+h, s[1:])
		case h == "" && len(s) >= 3:
			// /@/video/<id>: a post whose author the URL leaves out.
			if id := tiktokPostID(s[1:]); id != "" {
				return tiktokPost("", id)
			}
		case validTikTokHandle(h):
			return tiktokUnder(lower(h), s[1:])
		}
		return newPage(PlatformTikTok, p)
	}
	switch lower(s[0]) {
	case "share":
		// tiktok.com/share/video/<id>, tiktokv.com/share/video/<id>
		if id := tiktokPostID(s[1:]); id != "" {
			return tiktokPost("", id)
		}
	case "t":
		if len(s) >= 2 {
			return newShare(PlatformTikTok, "tiktok.com", p, "")
		}
	case "embed":
		// /embed/<id>, /embed/v2/<id>
		if id := s[len(s)-1]; len(s) >= 2 && isDigits(id) {
			return tiktokPost("", id)
		}
	case "v":
		// m.tiktok.com/v/<id>.html
		if id := strings.TrimSuffix(s[len(s)-1], ".html"); len(s) == 2 && isDigits(id) {
			return tiktokPost("", id)
		}
	}
	return newPage(PlatformTikTok, p)
}

// tiktokUnder reads the path after /@<handle>: /video/<id> and /photo/<id>
// are posts, anything else the profile.
func tiktokUnder(h string, rest []string) Identity {
	if id := tiktokPostID(rest); id != "" {
		return tiktokPost(h, id)
	}
	if sec, ok := strings.CutPrefix(h, "secuid:"); ok {
		return newProfile(PlatformTikTok, h, "tiktok:secuid:"+sec)
	}
	return newProfile(PlatformTikTok, h, "tiktok:@"+h)
}

// tiktokPostID reads video/<id> or photo/<id>, or "".
func tiktokPostID(rest []string) string {
	if len(rest) >= 2 && (strings.EqualFold(rest[0], "video") || strings.EqualFold(rest[0], "photo")) && isDigits(rest[1]) {
		return rest[1]
	}
	return ""
}

func tiktokKeyURL(rest string) (string, bool) {
	if id, ok := strings.CutPrefix(rest, "video:"); ok {
		return pathURL("www.tiktok.com", "embed/v2/"+id), true
	}
	if sec, ok := strings.CutPrefix(rest, "secuid:"); ok {
		return pathURL("www.tiktok.com", "@"+sec), true
	}
	return pathURL("www.tiktok.com", "@"+strings.TrimPrefix(rest, "@")), true
}

func tiktokPostURL(id Identity) string {
	return pathURL("www.tiktok.com", "@"+strings.TrimPrefix(id.Account, "secuid:")+"/video/"+id.Post)
}
