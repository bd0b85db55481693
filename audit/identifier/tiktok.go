package identifier

import "strings"

// TikTok. Keys: "tiktok:@<handle>", "tiktok:video:<id>" for a video or
// photo post (one id space). Share links (vm.tiktok.com/<code>,
// vt.tiktok.com/<code>, tiktok.com/t/<code>) redirect on TikTok's server:
// offline they are a page, "tiktok:share:<host>/<code>".

func validTikTokHandle(s string) bool { return validASCII(s, 2, 24, "._") }

func tiktokPost(h, id string) Identity {
	return newPost(PlatformTikTok, h, id, "tiktok:video:"+id)
}

func parseTikTok(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformTikTok, p)
	}
	if h, ok := strings.CutPrefix(s[0], "@"); ok {
		if !validTikTokHandle(h) {
			return newPage(PlatformTikTok, p)
		}
		return tiktokUnder(lower(h), s[1:])
	}
	switch lower(s[0]) {
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
	if len(rest) >= 2 && (strings.EqualFold(rest[0], "video") || strings.EqualFold(rest[0], "photo")) && isDigits(rest[1]) {
		return tiktokPost(h, rest[1])
	}
	return newProfile(PlatformTikTok, h, "tiktok:@"+h)
}

func tiktokKeyURL(rest string) (string, bool) {
	if id, ok := strings.CutPrefix(rest, "video:"); ok {
		return pathURL("www.tiktok.com", "embed/v2/"+id), true
	}
	return pathURL("www.tiktok.com", "@"+strings.TrimPrefix(rest, "@")), true
}

func tiktokPostURL(id Identity) string {
	return pathURL("www.tiktok.com", "@"+id.Account+"/video/"+id.Post)
}
