package capture

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultSearch is the search the address bar sends text that is not an
// address to; %s is the text, query-escaped.
const DefaultSearch = "https://duckduckgo.com/html/?q=%s"

// Address turns what the researcher typed into the address bar into a URL:
// an http or https URL as it is; a host, with a path or not ("example.org",
// "127.0.0.1:8080/a"), over https (http for loopback and private
// addresses); anything else, a search by search (DefaultSearch when "").
func Address(typed, search string) (string, error) {
	s := strings.TrimSpace(typed)
	if s == "" {
		return "", fmt.Errorf("address: nothing typed")
	}
	if strings.Contains(s, "://") {
		if _, err := checkURL(s); err != nil {
			return "", fmt.Errorf("address %q: %w", s, err)
		}
		return s, nil
	}
	if !strings.ContainsAny(s, " \t") {
		host, _, _ := strings.Cut(s, "/")
		name := host
		if h, _, err := net.SplitHostPort(host); err == nil {
			name = h
		}
		ip := net.ParseIP(name)
		switch {
		case ip != nil && (ip.IsLoopback() || ip.IsPrivate()), name == "localhost":
			return "http://" + s, nil
		case ip != nil || strings.Contains(name, ".") && !strings.HasPrefix(name, ".") && !strings.HasSuffix(name, "."):
			return "https://" + s, nil
		}
	}
	if search == "" {
		search = DefaultSearch
	}
	return fmt.Sprintf(search, url.QueryEscape(s)), nil
}
