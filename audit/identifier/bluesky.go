package identifier

import "strings"

// Bluesky (bsky.app). Keys: "bluesky:@<handle>" or "bluesky:<did>" for a
// profile, and the same followed by "/post/<rkey>" for a post (a record key
// counts only within its author's repository). A handle and the DID it
// resolves to are the same account, but only the network can say so.

func parseBluesky(p *parts) Identity {
	s := p.segs
	if len(s) < 2 || !strings.EqualFold(s[0], "profile") {
		return newPage(PlatformBluesky, p)
	}
	actor, ok := blueskyActor(s[1])
	if !ok {
		return newPage(PlatformBluesky, p)
	}
	key := "bluesky:@" + actor
	if strings.HasPrefix(actor, "did:") {
		key = "bluesky:" + actor
	}
	if len(s) >= 4 && strings.EqualFold(s[2], "post") && validASCII(s[3], 1, 512, "._:~-") {
		return newPost(PlatformBluesky, actor, s[3], key+"/post/"+s[3])
	}
	return newProfile(PlatformBluesky, actor, key)
}

// blueskyActor reads a handle (a domain name) or a did:plc: or did:web:
// DID, lower-cased.
func blueskyActor(seg string) (string, bool) {
	a := lower(strings.TrimPrefix(seg, "@"))
	if id, ok := strings.CutPrefix(a, "did:plc:"); ok {
		return a, validASCII(id, 24, 24, "")
	}
	if d, ok := strings.CutPrefix(a, "did:web:"); ok {
		return a, validDomain(d)
	}
	return a, validDomain(a)
}

// validDomain accepts an ASCII domain name with at least two labels.
func validDomain(d string) bool {
	return validASCII(d, 3, 253, ".-") && strings.Contains(d, ".") &&
		!strings.HasPrefix(d, ".") && !strings.HasSuffix(d, ".") && !strings.Contains(d, "..")
}

func blueskyKeyURL(rest string) (string, bool) {
	return pathURL("bsky.app", "profile/"+strings.TrimPrefix(rest, "@")), true
}
