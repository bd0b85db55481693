package warc

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// SURT returns the searchable key of a URL for a CDXJ line, computed as
// warcio.js's getSurt does (the function ReplayWeb.page uses to look keys
// up): for http and https URLs, a leading "www", "www2"... label is
// removed, the URL is lower-cased, the host's labels are reversed and
// joined by commas, a port other than the scheme's default follows
// ":", then ")" and the path ("/" when empty, dot segments resolved), then
// "?" and the query's &-separated parts sorted in byte order when the
// query is not empty. The fragment and any user info are dropped.
//
// Other URLs (urn:, data:) are their own key. An http or https URL that
// cannot be parsed is its own key too (after the www removal, as warcio.js
// does), returned with an error saying why. FORMAT.md §5 has examples.
//
// This is warcio.js's form, which differs from Python surt (pywb,
// cdxj-indexer) in keeping trailing slashes and session ids; pywb finds
// lines by binary search on its own key form, so a pywb collection should
// be reindexed by pywb.
func SURT(rawURL string) (string, error) {
	if !strings.HasPrefix(rawURL, "https:") && !strings.HasPrefix(rawURL, "http:") {
		return rawURL, nil
	}
	u := stripWWW(rawURL)
	key, err := surtHTTP(strings.ToLower(u))
	if err != nil {
		return u, fmt.Errorf("surt %q: %w", rawURL, err)
	}
	return key, nil
}

// stripWWW removes "www" DIGIT* "." after the scheme, case-sensitively as
// warcio.js's regular expression does.
func stripWWW(u string) string {
	for _, scheme := range []string{"https://", "http://"} {
		rest, ok := strings.CutPrefix(u, scheme)
		if !ok {
			continue
		}
		label, _, ok := strings.Cut(rest, ".")
		if !ok || !strings.HasPrefix(label, "www") || strings.Trim(label[3:], "0123456789") != "" {
			return u
		}
		return scheme + rest[len(label)+1:]
	}
	return u
}

var errNoHost = errors.New("no host")

// surtHTTP computes the key of a lower-cased http(s) URL.
func surtHTTP(u string) (string, error) {
	scheme, rest, _ := strings.Cut(u, ":")
	rest = strings.ReplaceAll(rest, `\`, "/")
	rest = strings.TrimLeft(rest, "/")
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	authority, pathQuery := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority, pathQuery = rest[:i], rest[i:]
	}
	host, port, err := splitAuthority(scheme, authority)
	if err != nil {
		return "", err
	}
	p, query, hasQuery := strings.Cut(pathQuery, "?")
	var b strings.Builder
	labels := strings.Split(host, ".")
	if !strings.HasPrefix(host, "[") {
		slices.Reverse(labels)
	}
	b.WriteString(strings.Join(labels, ","))
	if port != "" {
		b.WriteString(":" + port)
	}
	b.WriteString(")")
	b.WriteString(escape(resolveDots(p), pathEscapes))
	if hasQuery && query != "" {
		args := strings.Split(escape(query, queryEscapes), "&")
		slices.Sort(args)
		b.WriteString("?" + strings.Join(args, "&"))
	}
	return b.String(), nil
}

// splitAuthority returns the host and the port, the port empty when it is
// the scheme's default.
func splitAuthority(scheme, authority string) (host, port string, err error) {
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	host = authority
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return "", "", errors.New("unclosed IPv6 address")
		}
		host, port = authority[:end+1], strings.TrimPrefix(authority[end+1:], ":")
		if port == "" && len(authority) > end+1 && authority[end+1] != ':' {
			return "", "", errors.New("junk after IPv6 address")
		}
	} else if h, p, ok := strings.Cut(authority, ":"); ok {
		host, port = h, p
	}
	if host == "" {
		return "", "", errNoHost
	}
	if strings.ContainsAny(host, " %<>^|") {
		return "", "", fmt.Errorf("forbidden character in host %q", host)
	}
	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil {
			return "", "", fmt.Errorf("bad port %q", port)
		}
		port = strconv.FormatUint(n, 10)
		if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
			port = ""
		}
	}
	return host, port, nil
}

// resolveDots removes "." and ".." segments as a URL parser does, and
// makes an empty path "/".
func resolveDots(p string) string {
	if p == "" {
		return "/"
	}
	segs := strings.Split(p[1:], "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

// Bytes a URL parser percent-encodes (WHATWG URL path and special-query
// percent-encode sets); controls, space and non-ASCII always.
const (
	pathEscapes  = "\"#<>?`{}"
	queryEscapes = "\"#<>'"
)

func escape(s, set string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(set, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
