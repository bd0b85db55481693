package identifier

import "strings"

// Instagram. Keys: "instagram:@<handle>", "instagram:p:<shortcode>" for a
// post, reel or IGTV video (one shortcode space, so instagram.com/p/<c>,
// /reel/<c> and /<handle>/p/<c> share a key), and
// "instagram:stories/<handle>/<id>" for a story. /_u/<handle> is the
// profile, /dm/p/<c> the post. A handle has no '.' at either end and no
// two together. instagram.com/p/<c> does
// not name its author: Account is "" unless the caller fills it in from
// the page.

// validInstagramHandle accepts 1 to 30 letters, digits, '_' and '.', with
// no '.' at either end and no two together ("disco..dude" is no handle).
func validInstagramHandle(s string) bool {
	return validASCII(s, 1, 30, "._") && s[0] != '.' && s[len(s)-1] != '.' && !strings.Contains(s, "..")
}

func validShortcode(s string) bool { return validASCII(s, 1, 64, "_-") }

func instagramPost(h, code string) Identity {
	return newPost(PlatformInstagram, h, code, "instagram:p:"+code)
}

func parseInstagram(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformInstagram, p)
	}
	first := lower(s[0])
	switch first {
	case "p", "reel", "reels", "tv":
		if len(s) >= 2 && validShortcode(s[1]) && !(first == "reels" && strings.EqualFold(s[1], "audio")) {
			return instagramPost("", s[1])
		}
	case "dm":
		// /dm/p/<code>: a post opened from a direct message.
		if len(s) >= 3 && strings.EqualFold(s[1], "p") && validShortcode(s[2]) {
			return instagramPost("", s[2])
		}
	case "_u":
		// /_u/<handle>: the app's deep link to a profile.
		if len(s) >= 2 {
			return instagramUnder(p, s[1:])
		}
	case "stories":
		return parseInstagramStory(p)
	case "share":
		return newShare(PlatformInstagram, "instagram.com", p, "")
	}
	if instagramReserved[first] {
		return newPage(PlatformInstagram, p)
	}
	return instagramUnder(p, s)
}

// instagramUnder reads /<handle>[/p|reel|tv/<code>|/<tab>].
func instagramUnder(p *parts, s []string) Identity {
	first := lower(s[0])
	if !validInstagramHandle(s[0]) || instagramReserved[first] {
		return newPage(PlatformInstagram, p)
	}
	if len(s) >= 3 {
		switch lower(s[1]) {
		case "p", "reel", "tv":
			if validShortcode(s[2]) {
				return instagramPost(first, s[2])
			}
		}
	}
	return newProfile(PlatformInstagram, first, "instagram:@"+first)
}

// parseInstagramStory reads /stories/<handle>[/<id>]; highlights
// (/stories/highlights/<id>) and the viewer's own (/stories/me/) name no
// account in the URL.
func parseInstagramStory(p *parts) Identity {
	s := p.segs
	if len(s) < 2 || !validInstagramHandle(s[1]) {
		return newPage(PlatformInstagram, p)
	}
	h := lower(s[1])
	if instagramStoryReserved[h] || instagramReserved[h] {
		return newPage(PlatformInstagram, p)
	}
	if len(s) >= 3 && isDigits(s[2]) {
		return newPost(PlatformInstagram, h, s[2], "instagram:stories/"+h+"/"+s[2])
	}
	return newProfile(PlatformInstagram, h, "instagram:@"+h)
}

func instagramKeyURL(rest string) (string, bool) {
	if code, ok := strings.CutPrefix(rest, "p:"); ok {
		return pathURL("www.instagram.com", "p/"+code), true
	}
	return pathURL("www.instagram.com", strings.TrimPrefix(rest, "@")), true
}

func instagramPostURL(id Identity) string {
	if strings.HasPrefix(id.Key, "instagram:p:") {
		return pathURL("www.instagram.com", id.Account+"/p/"+id.Post)
	}
	return ""
}
