package identifier

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// platform is one platform's rules.
type platform struct {
	// host is the host of the URLs this package writes for the platform.
	host string
	// parse names what a URL on one of the platform's hosts shows.
	parse func(p *parts) Identity
	// keyURL gives a URL for what follows "<platform>:" in a Key, for an
	// Account, or for a shorthand a researcher types ("@jack", "u/name").
	// "page:" and "share:" keys are handled by urlFor for every platform.
	keyURL func(rest string) (string, bool)
	// postURL, when not nil, gives a URL for a post that names its
	// author, or "" to fall back on keyURL.
	postURL func(id Identity) string
}

// platforms is the rule table, keyed by Platform.
var platforms = map[string]platform{
	PlatformX:         {host: "x.com", parse: parseX, keyURL: xKeyURL, postURL: xPostURL},
	PlatformFacebook:  {host: "www.facebook.com", parse: parseFacebook, keyURL: facebookKeyURL, postURL: facebookPostURL},
	PlatformInstagram: {host: "www.instagram.com", parse: parseInstagram, keyURL: instagramKeyURL, postURL: instagramPostURL},
	PlatformTikTok:    {host: "www.tiktok.com", parse: parseTikTok, keyURL: tiktokKeyURL, postURL: tiktokPostURL},
	PlatformYouTube:   {host: "www.youtube.com", parse: parseYouTube, keyURL: youtubeKeyURL},
	PlatformReddit:    {host: "www.reddit.com", parse: parseReddit, keyURL: redditKeyURL, postURL: redditPostURL},
	PlatformTelegram:  {host: "t.me", parse: parseTelegram, keyURL: telegramKeyURL},
	PlatformLinkedIn:  {host: "www.linkedin.com", parse: parseLinkedIn, keyURL: linkedinKeyURL},
	PlatformThreads:   {host: "www.threads.com", parse: parseThreads, keyURL: threadsKeyURL, postURL: threadsPostURL},
	PlatformBluesky:   {host: "bsky.app", parse: parseBluesky, keyURL: blueskyKeyURL},
	PlatformSnapchat:  {host: "www.snapchat.com", parse: parseSnapchat, keyURL: snapchatKeyURL},
	PlatformHarbourline: {host: harbourlineHost, parse: parseHarbourline, keyURL: harbourlineKeyURL,
		postURL: harbourlinePostURL},
}

// urlFor gives a URL for rest, what follows "<platform>:" in a Key or in a
// researcher's hinted identifier.
func urlFor(pl platform, rest string) (string, bool) {
	if rest == "" {
		return "", false
	}
	if p, ok := strings.CutPrefix(rest, "page:"); ok {
		if host, ok := strings.CutPrefix(p, "//"); ok {
			// a page on another of the platform's hosts (youtube.go)
			return "https://" + host, host != ""
		}
		if !strings.HasPrefix(p, "/") {
			return "", false
		}
		return "https://" + pl.host + p, true
	}
	if p, ok := strings.CutPrefix(rest, "share:"); ok {
		return "https://" + p, true
	}
	return pl.keyURL(rest)
}

func newProfile(platform, account, key string) Identity {
	return Identity{Platform: platform, Kind: KindProfile, Account: account, Key: key}
}

func newGroup(platform, account, key string) Identity {
	return Identity{Platform: platform, Kind: KindGroup, Account: account, Key: key}
}

func newPost(platform, account, post, key string) Identity {
	return Identity{Platform: platform, Kind: KindPost, Account: account, Post: post, Key: key}
}

// newPage is a page on a platform that names no account: a feed, a search,
// a settings page. Its Key is "<platform>:page:" and the path and the
// query without tracking parameters.
func newPage(platform string, p *parts) Identity {
	path := escapePath(p.path)
	if path == "" {
		path = "/"
	}
	key := platform + ":page:" + path + canonicalQuery(p.query, platform)
	return Identity{Platform: platform, Kind: KindPage, Key: key}
}

// newShare is a share link (vm.tiktok.com/<code>, facebook.com/share/…)
// whose target is known only to the platform's server. Its Key is
// "<platform>:share:" and host and path; the query is dropped. account is
// set when the link's path names one (a subreddit's share link).
func newShare(platform, host string, p *parts, account string) Identity {
	return Identity{Platform: platform, Kind: KindPage, Account: account,
		Key: platform + ":share:" + host + escapePath(p.path)}
}

// validASCII reports whether s has min to max bytes, each an ASCII letter,
// digit or one of extra.
func validASCII(s string, min, max int, extra string) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

// validUnicode reports whether s is valid UTF-8 of min to max runes, each a
// letter or digit of any script, a combining mark, or one of extra.
func validUnicode(s string, min, max int, extra string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	if n := utf8.RuneCountInString(s); n < min || n > max {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && !strings.ContainsRune(extra, r) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isDigits reports whether s is 1 to 30 ASCII digits.
func isDigits(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lastDigits returns the last segment of segs that is all digits, or "".
func lastDigits(segs []string) string {
	for i := len(segs) - 1; i >= 0; i-- {
		if isDigits(segs[i]) {
			return segs[i]
		}
	}
	return ""
}

func lower(s string) string { return strings.ToLower(s) }

// pathURL joins host and the escaped path.
func pathURL(host, path string) string {
	return "https://" + host + "/" + escapePath(path)
}
