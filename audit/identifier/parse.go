package identifier

import (
	"fmt"
	"strings"
)

// hints maps what a researcher may type before the first ':' to a
// platform: "x:@jack", "twitter:jack", "ig:name", "reddit:u/name".
var hints = map[string]string{
	"x": PlatformX, "twitter": PlatformX,
	"facebook": PlatformFacebook, "fb": PlatformFacebook,
	"instagram": PlatformInstagram, "ig": PlatformInstagram,
	"tiktok":  PlatformTikTok,
	"youtube": PlatformYouTube, "yt": PlatformYouTube,
	"reddit":   PlatformReddit,
	"telegram": PlatformTelegram, "tg": PlatformTelegram,
	"linkedin": PlatformLinkedIn,
	"threads":  PlatformThreads,
	"bluesky":  PlatformBluesky, "bsky": PlatformBluesky,
	"snapchat": PlatformSnapchat, "snap": PlatformSnapchat,
	"harbourline": PlatformHarbourline,
	"web":         PlatformWeb,
	"email":       PlatformEmail, "mailto": PlatformEmail,
	"phone": PlatformPhone, "tel": PlatformPhone,
}

// Parse reads a subject identifier as a researcher types it: an http(s)
// URL; a URL without its scheme ("x.com/jack"); a handle with a platform
// hint ("x:@jack", "instagram:name", "reddit:u/name", "youtube:@name") or
// any Key this package makes; "u/name" or "r/name" for Reddit; an email
// address; or a phone number, normalised to E.164 (a UK number written
// with a leading 0 becomes +44). A bare "@handle" gives an error wrapping
// ErrNeedsPlatform; anything else it cannot read, ErrUnrecognised.
func Parse(s string) (Identity, error) {
	in := strings.TrimSpace(s)
	id, err := parse(in)
	if err != nil {
		return Identity{}, fmt.Errorf("parse identifier %q: %w", clip(in), err)
	}
	return id, nil
}

func parse(in string) (Identity, error) {
	if in == "" {
		return Identity{}, ErrUnrecognised
	}
	if hasScheme(in) {
		return FromURL(in)
	}
	if name, rest, ok := strings.Cut(in, ":"); ok {
		if pl, known := hints[lower(name)]; known {
			return parseHinted(pl, strings.TrimSpace(rest))
		}
	}
	switch {
	case strings.HasPrefix(in, "@"):
		return Identity{}, ErrNeedsPlatform
	case strings.Contains(in, "@") && !strings.Contains(in, "/"):
		return parseEmail(in)
	case looksLikePhone(in):
		return parsePhone(in)
	case isRedditShorthand(in):
		return parseHinted(PlatformReddit, in)
	case looksLikeHost(in):
		return FromURL("https://" + in)
	}
	return Identity{}, ErrUnrecognised
}

func hasScheme(s string) bool {
	l := lower(s[:min(len(s), 8)])
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// parseHinted reads rest as an identifier on platform pl.
func parseHinted(pl, rest string) (Identity, error) {
	switch pl {
	case PlatformEmail:
		return parseEmail(rest)
	case PlatformPhone:
		return parsePhone(rest)
	case PlatformWeb:
		if hasScheme(rest) {
			return FromURL(rest)
		}
		return FromURL("https://" + rest)
	}
	u, ok := hintedURL(pl, rest)
	if !ok {
		return Identity{}, ErrUnrecognised
	}
	id, err := FromURL(u)
	if err != nil {
		return Identity{}, err
	}
	if id.Platform != pl {
		return Identity{}, fmt.Errorf("%w: %s is not on %s", ErrUnrecognised, u, pl)
	}
	// A hinted handle must name an account or a post; "x:@explore" names
	// only a page. A page key ("x:page:/explore") or a URL may name a page.
	if id.Kind == KindPage && !hasScheme(rest) && !strings.HasPrefix(rest, "page:") && !strings.HasPrefix(rest, "share:") {
		return Identity{}, fmt.Errorf("%w: %s names no %s account", ErrUnrecognised, rest, pl)
	}
	return id, nil
}

// hintedURL is the URL for what follows a platform hint: a URL, with or
// without its scheme ("instagram:instagram.com/natgeo"), or a key, account
// or handle the platform's rules turn into one.
func hintedURL(pl, rest string) (string, bool) {
	if hasScheme(rest) {
		return rest, true
	}
	if host, _, ok := strings.Cut(rest, "/"); ok && knownHost(lower(host)) {
		return "https://" + rest, true
	}
	return urlFor(platforms[pl], rest)
}

func isRedditShorthand(s string) bool {
	s = strings.TrimPrefix(s, "/")
	return (strings.HasPrefix(s, "u/") || strings.HasPrefix(s, "r/")) && !strings.ContainsAny(s, " .")
}

// commonTLDs are top-level domains accepted for a schemeless URL that is a
// bare host ("example.org"); a host with a path ("example.museum/x") or a
// known platform host needs none of them.
var commonTLDs = set(
	"com", "org", "net", "uk", "io", "co", "me", "info", "biz", "app", "dev", "gov", "edu",
	"eu", "de", "fr", "es", "it", "nl", "ru", "ua", "ie", "us", "ca", "au", "in", "tv", "be",
	"ch", "pl", "se", "no", "dk", "fi", "pt", "cz", "xyz", "online", "site", "ly", "gg", "to",
	"is", "cc", "ai", "so", "blog", "news", "page", "social",
)

// looksLikeHost reports whether s reads as a URL without its scheme: a
// host name with a dot, followed by a path or query, or a known platform
// host, a www. host or a common top-level domain.
func looksLikeHost(s string) bool {
	if strings.ContainsAny(s, " \t") {
		return false
	}
	host, rest := s, ""
	if end := strings.IndexAny(s, "/?#"); end >= 0 {
		host, rest = s[:end], s[end:]
	}
	host, _, _ = strings.Cut(lower(host), ":")
	i := strings.LastIndexByte(host, '.')
	if i <= 0 || strings.Contains(host, "@") || !validHostName(host) {
		return false
	}
	tld := host[i+1:]
	if len(tld) < 2 || !isLowerLetters(tld) {
		return false
	}
	return len(strings.Trim(rest, "/")) > 0 || commonTLDs[tld] || strings.HasPrefix(host, "www.") || knownHost(host)
}

// knownHost reports whether host, or host without "www."/"m."/"mobile.",
// belongs to a platform.
func knownHost(host string) bool {
	for h := host; ; {
		if _, ok := lookupHost(h); ok {
			return true
		}
		next, ok := stripHostPrefix(h)
		if !ok {
			return false
		}
		h = next
	}
}

// parseEmail reads an address, "mailto:addr" or "Name <addr>", and
// lower-cases it whole.
func parseEmail(s string) (Identity, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		s = s[i+1 : len(s)-1]
	}
	if rest, ok := strings.CutPrefix(lower(s), "mailto:"); ok {
		s = rest
	}
	s, _, _ = strings.Cut(s, "?")
	local, domain, ok := strings.Cut(s, "@")
	if !ok || !validLocalPart(local) || !validDomain(lower(domain)) {
		return Identity{}, fmt.Errorf("%w: not an email address", ErrUnrecognised)
	}
	addr := lower(local) + "@" + lower(domain)
	return Identity{Platform: PlatformEmail, Kind: KindEmail, Account: addr, Key: PlatformEmail + ":" + addr}, nil
}

func validLocalPart(s string) bool {
	return validASCII(s, 1, 64, ".!#$%&'*+/=?^_`{|}~-") && !strings.HasPrefix(s, ".") &&
		!strings.HasSuffix(s, ".") && !strings.Contains(s, "..")
}

// phoneSeparators may appear between the digits of a written number.
const phoneSeparators = " -().\u00a0/"

func looksLikePhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case strings.ContainsRune(phoneSeparators, r):
		default:
			return false
		}
	}
	return digits >= 6
}

// parsePhone normalises a phone number to E.164: "+" and 7 to 15 digits.
// "00" is the international prefix; a UK national number (0 then 1, 2, 3,
// 5, 7, 8 or 9, ten or eleven digits in all) gets +44 for its 0; "(0)"
// after a country code and a 0 written after +44 are dropped.
func parsePhone(s string) (Identity, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(lower(s), "tel:"); ok {
		s = rest
	}
	plus := strings.HasPrefix(s, "+")
	if plus {
		s = strings.ReplaceAll(s[1:], "(0)", "")
	}
	d, ok := phoneDigits(s)
	if !ok {
		return Identity{}, fmt.Errorf("%w: not a phone number", ErrUnrecognised)
	}
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case len(d) >= 10 && len(d) <= 11 && d[0] == '0' && strings.IndexByte("1235789", d[1]) >= 0:
		d = "44" + d[1:]
	default:
		return Identity{}, fmt.Errorf("%w: phone number needs a country code (+44…) or a leading 0", ErrUnrecognised)
	}
	if rest, ok := strings.CutPrefix(d, "440"); ok {
		d = "44" + rest
	}
	if len(d) < 7 || len(d) > 15 || d[0] == '0' {
		return Identity{}, fmt.Errorf("%w: not a phone number", ErrUnrecognised)
	}
	e164 := "+" + d
	return Identity{Platform: PlatformPhone, Kind: KindPhone, Account: e164, Key: PlatformPhone + ":" + e164}, nil
}

// phoneDigits returns the digits of s, and false if s has anything but
// digits and separators.
func phoneDigits(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(phoneSeparators, r):
		default:
			return "", false
		}
	}
	return b.String(), true
}
