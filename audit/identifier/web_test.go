package identifier

import (
	"errors"
	"testing"
)

var webCases = []urlCase{
	{"https://Example.org/", "web", "page", "", "", "web:example.org"},
	{"http://www.example.org/path/", "web", "page", "", "", "web:example.org/path"},
	{"https://example.org/a/./b/../c//d/?b=2&a=1&utm_source=x&fbclid=y#frag", "web", "page", "", "", "web:example.org/a/c/d?a=1&b=2"},
	{"https://example.org/search?Ref=abc&id=5&gclid=1&__cft__[0]=z", "web", "page", "", "", "web:example.org/search?id=5"},
	{"https://example.org/?q=a+b&q=a%20b&flag", "web", "page", "", "", "web:example.org?flag&q=a+b"},
	{"https://example.org/Path%20With%20Space", "web", "page", "", "", "web:example.org/Path%20With%20Space"},
	{"https://example.org/%7Euser/%e2%82%ac", "web", "page", "", "", "web:example.org/~user/%E2%82%AC"},
	{"https://example.org:8443/x", "web", "page", "", "", "web:example.org:8443/x"},
	{"http://example.org:443/x", "web", "page", "", "", "web:example.org/x"},
	{"https://user:pw@Example.org./", "web", "page", "", "", "web:example.org"},
	{"https://m.example.org/news", "web", "page", "", "", "web:example.org/news"},
	{"https://www.mobile.de/", "web", "page", "", "", "web:mobile.de"},
	{"https://en.m.wikipedia.org/wiki/London", "web", "page", "", "", "web:en.m.wikipedia.org/wiki/London"},
	{"https://[2001:DB8:0::1]:8080/a", "web", "page", "", "", "web:[2001:db8::1]:8080/a"},
	{"http://192.168.0.1/admin", "web", "page", "", "", "web:192.168.0.1/admin"},
	{"https://help.twitter.com/en/rules", "web", "page", "", "", "web:help.twitter.com/en/rules"},
	{"https://bücher.example/", "web", "page", "", "", "web:bücher.example"},
	{"https://www.google.com/url?q=https://www.instagram.com/natgeo/&sa=D&usg=x", "instagram", "profile", "natgeo", "", "instagram:@natgeo"},
	{"https://www.google.com/url?q=not-a-url", "web", "page", "", "", "web:google.com/url?q=not-a-url"},
}

func TestFromURLWeb(t *testing.T) { checkURLCases(t, webCases) }

func TestFromURLErrors(t *testing.T) {
	for _, c := range []struct {
		in      string
		notHTTP bool
	}{
		{"ftp://example.org/file", true},
		{"javascript:alert(1)", true},
		{"mailto:jo@example.org", true},
		{"x.com/jack", true},
		{"//x.com/jack", true},
		{"", true},
		{"https://", false},
		{"https:///path", false},
		{"https:x.com/jack", false},
		{"https://exa mple.org/", false},
		{"https://example.org:99999/", false},
		{"https://[fe80::1%25en0]/", false},
		{"https://exa%2Fmple.org/", false},
		{"http://[::1", false},
		{"https://example.org/%zz", false},
	} {
		_, err := FromURL(c.in)
		if err == nil {
			t.Errorf("FromURL(%q): no error", c.in)
			continue
		}
		if got := errors.Is(err, ErrNotHTTP); got != c.notHTTP {
			t.Errorf("FromURL(%q) = %v; errors.Is(err, ErrNotHTTP) = %v, want %v", c.in, err, got, c.notHTTP)
		}
	}
}

func TestURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://mobile.twitter.com/Jack/", "https://x.com/jack"},
		{"https://twitter.com/Jack/status/20?s=20", "https://x.com/jack/status/20"},
		{"https://x.com/i/web/status/20", "https://x.com/i/web/status/20"},
		{"https://m.facebook.com/profile.php?id=100012345&ref=x", "https://www.facebook.com/profile.php?id=100012345"},
		{"https://www.facebook.com/groups/london/permalink/555/", "https://www.facebook.com/groups/london/posts/555"},
		{"https://instagram.com/p/CxYz123AbC/?igsh=x", "https://www.instagram.com/p/CxYz123AbC"},
		{"https://youtu.be/dQw4w9WgXcQ?t=3", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{"https://old.reddit.com/r/London/comments/1abc2d/title/", "https://www.reddit.com/r/london/comments/1abc2d"},
		{"https://t.me/s/durov/123", "https://t.me/durov/123"},
		{"https://vm.tiktok.com/ZMeAbc123/", "https://vm.tiktok.com/ZMeAbc123"},
		{"https://www.linkedin.com/in/%C3%A9lodie-dupont", "https://www.linkedin.com/in/%C3%A9lodie-dupont"},
		{"http://www.Example.org/a/?utm_medium=x&b=1", "https://example.org/a?b=1"},
	} {
		id, err := FromURL(c.in)
		if err != nil {
			t.Fatalf("FromURL(%q): %v", c.in, err)
		}
		if got := id.URL(); got != c.want {
			t.Errorf("FromURL(%q).URL() = %q, want %q", c.in, got, c.want)
		}
	}
	if got := (Identity{}).URL(); got != "" {
		t.Errorf("zero Identity URL() = %q, want empty", got)
	}
}
