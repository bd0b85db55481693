package identifier

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// param is one decoded query parameter.
type param struct{ k, v string }

// parts is a URL taken apart into canonical pieces: the host lower-cased
// without a trailing dot, the port only when not 80 or 443, the path
// decoded with dot segments, empty segments and trailing slashes removed,
// and the query decoded. Scheme, user information and fragment are gone.
type parts struct {
	host  string   // lower-case host name, IPv6 literal in brackets; no port
	port  string   // "" or a port other than 80 and 443
	path  string   // decoded and cleaned: "" for the root, else "/a/b"
	segs  []string // the path's segments, none empty
	query []param  // in the order given
}

// get returns the first value of the query parameter k, or "".
func (p *parts) get(k string) string {
	for _, q := range p.query {
		if q.k == k {
			return q.v
		}
	}
	return ""
}

// split parses raw and canonicalises its pieces.
func split(raw string) (*parts, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrNotHTTP
	}
	if u.Opaque != "" {
		return nil, errors.New("no host")
	}
	host, port, err := canonicalHost(u)
	if err != nil {
		return nil, err
	}
	p, rawQuery := u.Path, u.RawQuery
	// Old single-page sites put the route in the fragment: twitter.com/#!/jack.
	if (p == "" || p == "/") && strings.HasPrefix(u.Fragment, "!/") {
		fp, fq, _ := strings.Cut(u.Fragment[1:], "?")
		p = fp
		rawQuery = strings.Trim(rawQuery+"&"+fq, "&")
	}
	clean := cleanPath(p)
	var segs []string
	if clean != "" {
		segs = strings.Split(clean[1:], "/")
	}
	return &parts{host: host, port: port, path: clean, segs: segs, query: parseQuery(rawQuery)}, nil
}

// canonicalHost returns u's host lower-cased, without a trailing dot, an
// IPv6 literal in its canonical form, and the port unless it is 80 or 443
// (the key does not record the scheme, so neither default port is kept).
func canonicalHost(u *url.URL) (host, port string, err error) {
	h := u.Hostname()
	if strings.Contains(h, ":") {
		a, err := netip.ParseAddr(h)
		if err != nil || a.Zone() != "" {
			return "", "", fmt.Errorf("invalid host %q", h)
		}
		h = "[" + a.String() + "]"
	} else {
		h = strings.TrimRight(strings.ToLower(h), ".")
		if !validHostName(h) {
			return "", "", fmt.Errorf("invalid host %q", h)
		}
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n > 65535 {
			return "", "", fmt.Errorf("invalid port %q", p)
		}
		if n != 80 && n != 443 {
			port = strconv.Itoa(n)
		}
	}
	return h, port, nil
}

// validHostName accepts letters (any script), digits, '-', '.' and '_'.
func validHostName(h string) bool {
	if h == "" || len(h) > 255 || !utf8.ValidString(h) {
		return false
	}
	for _, r := range h {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '-' && r != '.' && r != '_' {
			return false
		}
	}
	return true
}

// stripHostPrefix removes one leading "www.", "m." or "mobile." from h,
// as long as what remains still has a dot.
func stripHostPrefix(h string) (string, bool) {
	for _, prefix := range []string{"www.", "m.", "mobile."} {
		if rest, ok := strings.CutPrefix(h, prefix); ok && strings.Contains(rest, ".") {
			return rest, true
		}
	}
	return h, false
}

// cleanPath removes dot segments, empty segments and trailing slashes from
// a decoded path; the root is "".
func cleanPath(p string) string {
	c := path.Clean("/" + p)
	if c == "/" {
		return ""
	}
	return c
}

// escapePath percent-encodes a decoded path the one way this package does:
// unreserved characters, sub-delimiters, ':', '@' and '/' stay; every other
// byte becomes %XX in upper case.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if keepInPath(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func keepInPath(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0
}

// parseQuery splits a raw query on '&' and decodes each key and value
// leniently: '+' is a space, a valid %XX is its byte, anything else is
// kept as it is; a key's "amp;" prefixes (from "&amp;" left in a URL copied
// out of HTML) are dropped. Parameters with an empty key are dropped.
func parseQuery(raw string) []param {
	var out []param
	for piece := range strings.SplitSeq(raw, "&") {
		k, v, _ := strings.Cut(piece, "=")
		k = unescapeLenient(k)
		// A URL copied out of HTML source may keep "&amp;" for "&".
		for strings.HasPrefix(k, "amp;") {
			k = k[len("amp;"):]
		}
		if k == "" {
			continue
		}
		out = append(out, param{k, unescapeLenient(v)})
	}
	return out
}

func unescapeLenient(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// canonicalQuery drops tracking parameters (those of platform too, when it
// is not ""), sorts what is left by key then value, drops repeats and
// encodes it; "" when nothing is left, else "?k=v&…". A parameter without a
// value is written as its key alone.
func canonicalQuery(ps []param, platform string) string {
	kept := make([]param, 0, len(ps))
	for _, q := range ps {
		if !isTracking(q.k, platform) {
			kept = append(kept, q)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	slices.SortFunc(kept, func(a, b param) int {
		return cmp.Or(strings.Compare(a.k, b.k), strings.Compare(a.v, b.v))
	})
	kept = slices.Compact(kept)
	var b strings.Builder
	for i, q := range kept {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(q.k))
		if q.v != "" {
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(q.v))
		}
	}
	return b.String()
}

// webPage is the identity of a page on a site that is no known platform.
func webPage(p *parts) Identity {
	host := p.host
	if p.port != "" {
		host += ":" + p.port
	}
	key := PlatformWeb + ":" + host + escapePath(p.path) + canonicalQuery(p.query, "")
	return Identity{Platform: PlatformWeb, Kind: KindPage, Key: key}
}
