package identifier

import "testing"

// A post URL that names no author takes the author the page shows; any
// other identity keeps its own.
func TestWithAuthor(t *testing.T) {
	for _, tc := range []struct{ url, handle, account string }{
		{"https://www.instagram.com/p/C0abc123/", "jsmith", "jsmith"},
		{"https://www.instagram.com/p/C0abc123/", "@JSmith", "jsmith"},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "jsmith", "@jsmith"},
		{"https://x.com/jack/status/20", "someone", "jack"},        // the URL names the author
		{"https://www.instagram.com/jsmith/", "other", "jsmith"},   // a profile
		{"https://www.instagram.com/p/C0abc123/", "no spaces", ""}, // not a handle
		{"https://example.org/post/1", "jsmith", ""},
	} {
		id, err := FromURL(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		got := id.WithAuthor(tc.handle)
		if got.Account != tc.account || got.Key != id.Key || got.Kind != id.Kind {
			t.Errorf("%s with author %q: %+v, want account %q and the same key", tc.url, tc.handle, got, tc.account)
		}
	}
}
