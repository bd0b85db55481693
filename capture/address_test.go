package capture

import (
	"errors"
	"testing"
)

func TestAddress(t *testing.T) {
	for _, tt := range []struct{ typed, want string }{
		{"https://x.com/jsmith", "https://x.com/jsmith"},
		{"  http://example.org/a?b=c  ", "http://example.org/a?b=c"},
		{"example.org", "https://example.org"},
		{"x.com/jsmith/status/1", "https://x.com/jsmith/status/1"},
		{"127.0.0.1:8080/browse/home.html", "http://127.0.0.1:8080/browse/home.html"},
		{"localhost:3000", "http://localhost:3000"},
		{"192.168.1.20/admin", "http://192.168.1.20/admin"},
		{"8.8.8.8", "https://8.8.8.8"},
		{"j smith leeds", "https://duckduckgo.com/html/?q=j+smith+leeds"},
		{"jsmith", "https://duckduckgo.com/html/?q=jsmith"},
		{"a&b=c", "https://duckduckgo.com/html/?q=a%26b%3Dc"},
	} {
		got, err := Address(tt.typed, "")
		if err != nil || got != tt.want {
			t.Errorf("Address(%q) = %q, %v; want %q", tt.typed, got, err, tt.want)
		}
	}
	if got, _ := Address("kestrel", "https://search.example/?q=%s"); got != "https://search.example/?q=kestrel" {
		t.Errorf("own search: %q", got)
	}
	for _, bad := range []string{"", "   ", "ftp://example.org/f", "file:///etc/passwd"} {
		if _, err := Address(bad, ""); err == nil {
			t.Errorf("Address(%q) accepted", bad)
		} else if bad != "" && bad != "   " && !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("Address(%q): %v", bad, err)
		}
	}
}
