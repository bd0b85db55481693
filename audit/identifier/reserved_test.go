package identifier

import (
	"sort"
	"testing"
)

// TestReservedPaths checks every entry of every reserved list: the word
// alone and with a path after it is a page (or, for the words a parser
// reads first, at least never the account <word>), on the platform's main
// host and with the word in upper case.
func TestReservedPaths(t *testing.T) {
	for _, r := range reservedPaths {
		words := make([]string, 0, len(r.words))
		for w := range r.words {
			words = append(words, w)
		}
		sort.Strings(words)
		for _, w := range words {
			t.Run(r.host+"/"+w, func(t *testing.T) {
				for _, path := range []string{w, w + "/", upperASCII(w), w + "/about", w + "/videos", w + "/photos"} {
					u := "https://" + r.host + "/" + path
					id, err := FromURL(u)
					if err != nil {
						t.Fatalf("FromURL(%q): %v", u, err)
					}
					if id.Platform != r.platform {
						t.Fatalf("FromURL(%q) = %+v, not on %s", u, id, r.platform)
					}
					if (id.Kind == KindProfile || id.Kind == KindGroup) && accountWord(id.Account) == lower(w) {
						t.Fatalf("FromURL(%q) = %+v: the reserved word taken for an account", u, id)
					}
					if path == w && id.Kind != KindPage {
						t.Fatalf("FromURL(%q) = %+v, want a page", u, id)
					}
				}
			})
		}
	}
}

// accountWord strips the prefixes accounts carry ("c:", "user:", "@").
func accountWord(acct string) string {
	for _, p := range []string{"c:", "user:", "@"} {
		if len(acct) > len(p) && acct[:len(p)] == p {
			return acct[len(p):]
		}
	}
	return acct
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// TestYouTubeAccountPages covers the prefix rule: every account_* segment
// is a settings page.
func TestYouTubeAccountPages(t *testing.T) {
	for _, w := range []string{"account_notifications", "account_privacy", "account_advanced", "account_billing", "account_playback", "account_sharing"} {
		if id := mustParse(t, "https://www.youtube.com/"+w); id.Kind != KindPage {
			t.Errorf("youtube.com/%s = %+v, want a page", w, id)
		}
	}
}

// TestRealAccountsOnReservedWords: an account whose handle is a word the
// platform also uses is read by the path's shape.
func TestRealAccountsOnReservedWords(t *testing.T) {
	checkURLCases(t, []urlCase{
		{"https://x.com/X", "x", "profile", "x", "", "x:@x"},
		{"https://twitter.com/X/status/1697304622749086011", "x", "post", "x", "1697304622749086011", "x:status:1697304622749086011"},
		{"https://twitter.com/twitter/status/20", "x", "post", "twitter", "20", "x:status:20"},
		{"https://x.com/home/status/20", "x", "post", "", "20", "x:status:20"},
		{"https://x.com/en", "x", "profile", "en", "", "x:@en"},
		{"https://x.com/en/tos", "x", "page", "", "", "x:page:/en/tos"},
		{"https://x.com/en/privacy", "x", "page", "", "", "x:page:/en/privacy"},
		{"https://www.facebook.com/facebook", "facebook", "profile", "facebook", "", "facebook:facebook"},
		{"https://www.facebook.com/facebook/photos", "facebook", "profile", "facebook", "", "facebook:facebook"},
		{"https://www.facebook.com/Facebook/photos/a.10152716010956729/10152716011076729", "facebook", "post", "facebook", "10152716011076729", "facebook:photo:10152716011076729"},
	})
}
