package capture

import (
	"context"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// maxCookieURLs bounds the URLs whose cookies a capture asks for.
const maxCookieURLs = 1000

// Cookie is a cookie the browser holds for the page or one of its
// resources after the load, value included: it is evidence (a login
// session, a tracking identifier).
type Cookie struct {
	Name     string    `json:"name"`
	Value    string    `json:"value"`
	Domain   string    `json:"domain"`
	Path     string    `json:"path"`
	Expires  time.Time `json:"expires,omitzero"` // zero for a session cookie
	Session  bool      `json:"session"`
	HTTPOnly bool      `json:"http_only"`
	Secure   bool      `json:"secure"`
	SameSite string    `json:"same_site,omitempty"` // Strict, Lax, None; empty when unset
	// PartitionKey is the top-level site of a partitioned (CHIPS) cookie.
	PartitionKey string `json:"partition_key,omitempty"`
}

// cookiesFor asks for the cookies that the URLs of the exchanges would be
// sent, so third-party cookies of the page's resources are included.
func cookiesFor(ex []Exchange) chromedp.Action[[]Cookie] {
	return func(ctx context.Context, t *chromedp.Target) ([]Cookie, error) {
		res, err := cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: cookieURLs(ex)})
		if err != nil {
			return nil, err
		}
		out := make([]Cookie, 0, len(res.Cookies))
		for _, c := range res.Cookies {
			if c != nil {
				out = append(out, cookie(c))
			}
		}
		return out, nil
	}
}

func cookie(c *network.Cookie) Cookie {
	k := Cookie{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, Session: c.Session,
		HTTPOnly: c.HTTPOnly, Secure: c.Secure, SameSite: string(c.SameSite),
	}
	if !c.Session && c.Expires > 0 {
		k.Expires = unixTime(c.Expires)
	}
	if c.PartitionKey != nil {
		k.PartitionKey = c.PartitionKey.TopLevelSite
	}
	return k
}

// cookieURLs lists the distinct http and https URLs of the exchanges, at
// most maxCookieURLs; nil (the page's own frames) when there are none.
func cookieURLs(ex []Exchange) []string {
	seen := make(map[string]bool)
	var urls []string
	for _, e := range ex {
		u, _, _ := strings.Cut(e.URL, "#")
		if seen[u] || !(strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) {
			continue
		}
		seen[u] = true
		if urls = append(urls, u); len(urls) == maxCookieURLs {
			break
		}
	}
	return urls
}
