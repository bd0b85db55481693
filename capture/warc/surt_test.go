package warc

import "testing"

// surtCases is the SURT table. TestSURTMatchesWarcio checks every row
// against warcio.js's getSurt, the function ReplayWeb.page looks keys up
// with; fails marks the URLs getSurt cannot parse and keeps as they are.
var surtCases = []struct {
	url, want string
	fails     bool
}{
	// host reversal and "www" removal
	{url: "https://www.example.com/", want: "com,example)/"},
	{url: "http://www2.example.com/", want: "com,example)/"},
	{url: "http://www.com/", want: "com)/"},
	{url: "http://wwwx.example.com/", want: "com,example,wwwx)/"},
	{url: "https://static.example.com/logo.png", want: "com,example,static)/logo.png"},
	{url: "http://127.0.0.1/", want: "1,0,0,127)/"},
	{url: "https://example.com./a", want: ",com,example)/a"},
	// lower case; "www" is removed before lower-casing, as warcio.js does
	{url: "https://www.Example.COM/Path/Page.HTML", want: "com,example)/path/page.html"},
	{url: "https://WWW.Example.COM/Path/Page.HTML", want: "com,example,www)/path/page.html"},
	// ports: the default one goes, others stay
	{url: "https://www.example.com:443/", want: "com,example)/"},
	{url: "http://example.com:80/", want: "com,example)/"},
	{url: "https://example.com:0443/", want: "com,example)/"},
	{url: "http://example.com:8080/a", want: "com,example:8080)/a"},
	{url: "https://static.example.com:8443/logo.png", want: "com,example,static:8443)/logo.png"},
	{url: "https://example.com:/a", want: "com,example)/a"},
	{url: "https://[2001:db8::1]:8443/x", want: "[2001:db8::1]:8443)/x"},
	// path: "/" when empty, dot segments resolved, backslashes, escapes
	{url: "http://example.com", want: "com,example)/"},
	{url: "https://www.example.com", want: "com,example)/"},
	{url: "https://example.com/a/./b/../c", want: "com,example)/a/c"},
	{url: "https://example.com/a/..", want: "com,example)/"},
	{url: "https://example.com/a/%2e%2E/b", want: "com,example)/b"},
	{url: `https://example.com\a\b`, want: "com,example)/a/b"},
	{url: "https://example.com/a%2Fb?x=%2F", want: "com,example)/a%2fb?x=%2f"},
	{url: "https://example.com/é?q=é", want: "com,example)/%C3%A9?q=%C3%A9"},
	{url: "https://example.com/{x}|y^`", want: "com,example)/%7Bx%7D|y^%60"},
	{url: "http:example.com/x", want: "com,example)/x"},
	// query: parts sorted in byte order; empty query, fragment, user info go
	{url: "https://www.example.com/page?b=2&a=1", want: "com,example)/page?a=1&b=2"},
	{url: "https://example.com/?z&a=1&a=0&B=2", want: "com,example)/?a=0&a=1&b=2&z"},
	{url: "https://example.com/a?&&b=1", want: "com,example)/a?&&b=1"},
	{url: "https://example.com/?", want: "com,example)/"},
	{url: "https://example.com/?q=\"<'>\"", want: "com,example)/?q=%22%3C%27%3E%22"},
	{url: "https://example.com/a?b#c?d", want: "com,example)/a?b"},
	{url: "https://user:pw@example.com/a#frag", want: "com,example)/a"},
	// not http(s): the URL is its own key
	{url: "urn:sightline:evidence/screenshot.png", want: "urn:sightline:evidence/screenshot.png"},
	{url: "data:text/plain,hi", want: "data:text/plain,hi"},
	{url: "HTTPS://EXAMPLE.COM/", want: "HTTPS://EXAMPLE.COM/"},
	// unparseable http(s): its own key, with an error
	{url: "https://", want: "https://", fails: true},
	{url: "https://example.com:99999/", want: "https://example.com:99999/", fails: true},
	{url: "https://www.exa<mple.com/", want: "https://exa<mple.com/", fails: true},
}

func TestSURT(t *testing.T) {
	for _, c := range surtCases {
		got, err := SURT(c.url)
		if got != c.want || (err != nil) != c.fails {
			t.Errorf("SURT(%q) = %q, %v; want %q, error %v", c.url, got, err, c.want, c.fails)
		}
	}
}
