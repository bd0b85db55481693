package identifier

import "strings"

// Harbourline is Sightline's own training network (package training), a
// fictional platform served on this machine at harbourline.training, so
// that practice meets the same matching and repeated-viewing rules as
// real platforms. Keys: "harbourline:@<handle>", "harbourline:post:<id>"
// (/@<handle>/post/<id>). Its URLs are http: it runs on loopback.

const harbourlineHost = "harbourline.training"

func parseHarbourline(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformHarbourline, p)
	}
	if h, ok := strings.CutPrefix(s[0], "@"); ok && validInstagramHandle(h) {
		h = lower(h)
		if len(s) >= 3 && strings.EqualFold(s[1], "post") && validShortcode(s[2]) {
			return newPost(PlatformHarbourline, h, s[2], "harbourline:post:"+s[2])
		}
		return newProfile(PlatformHarbourline, h, "harbourline:@"+h)
	}
	return newPage(PlatformHarbourline, p)
}

func harbourlineKeyURL(rest string) (string, bool) {
	if strings.HasPrefix(rest, "post:") {
		return "", false // a post's URL needs its author (harbourlinePostURL)
	}
	return "http://" + harbourlineHost + "/" + escapePath("@"+strings.TrimPrefix(rest, "@")), true
}

func harbourlinePostURL(id Identity) string {
	if id.Account == "" {
		return ""
	}
	return "http://" + harbourlineHost + "/" + escapePath("@"+id.Account+"/post/"+id.Post)
}
