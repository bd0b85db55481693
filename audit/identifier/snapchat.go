package identifier

import "strings"

// Snapchat. Keys: "snapchat:@<username>" (snapchat.com/add/<name>,
// snapchat.com/@<name>, story.snapchat.com/@<name>), and
// "snapchat:spotlight:<id>" for a Spotlight post, which does not name its
// author.

func validSnapchatName(s string) bool { return validASCII(s, 3, 15, "._-") }

func parseSnapchat(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformSnapchat, p)
	}
	name := ""
	switch first := lower(s[0]); {
	case (first == "add" || first == "s") && len(s) >= 2:
		name = s[1]
	case strings.HasPrefix(s[0], "@"):
		name = s[0][1:]
	case first == "spotlight" && len(s) >= 2 && validASCII(s[1], 1, 128, "_-"):
		return newPost(PlatformSnapchat, "", s[1], "snapchat:spotlight:"+s[1])
	case first == "t" && len(s) >= 2:
		return newShare(PlatformSnapchat, "snapchat.com", p, "")
	}
	if !validSnapchatName(name) {
		return newPage(PlatformSnapchat, p)
	}
	name = lower(name)
	return newProfile(PlatformSnapchat, name, "snapchat:@"+name)
}

func snapchatKeyURL(rest string) (string, bool) {
	if id, ok := strings.CutPrefix(rest, "spotlight:"); ok {
		return pathURL("www.snapchat.com", "spotlight/"+id), true
	}
	return pathURL("www.snapchat.com", "add/"+strings.TrimPrefix(rest, "@")), true
}
