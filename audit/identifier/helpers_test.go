package identifier

import "testing"

// urlCase is one URL and the identity FromURL must give for it.
type urlCase struct {
	in                                 string
	platform, kind, account, post, key string
}

// checkURLCases runs FromURL on each case, compares every field, and checks
// that the identity survives URL and Parse of its key.
func checkURLCases(t *testing.T, cases []urlCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := FromURL(c.in)
			if err != nil {
				t.Fatalf("FromURL(%q): %v", c.in, err)
			}
			want := Identity{Platform: c.platform, Kind: c.kind, Account: c.account, Post: c.post, Key: c.key}
			if got != want {
				t.Fatalf("FromURL(%q)\n got %+v\nwant %+v", c.in, got, want)
			}
			checkRoundTrip(t, got)
		})
	}
}

// checkRoundTrip asserts the properties FuzzFromURL checks: the key comes
// back from the identity's URL and from Parse of the key itself, and the
// account, when there is one, matches its post.
func checkRoundTrip(t *testing.T, id Identity) {
	t.Helper()
	u := id.URL()
	again, err := FromURL(u)
	if err != nil {
		t.Fatalf("FromURL(URL() = %q): %v", u, err)
	}
	if again.Key != id.Key {
		t.Fatalf("FromURL(URL() = %q).Key = %q, want %q", u, again.Key, id.Key)
	}
	parsed, err := Parse(id.Key)
	if err != nil {
		t.Fatalf("Parse(%q): %v", id.Key, err)
	}
	if parsed.Key != id.Key {
		t.Fatalf("Parse(%q).Key = %q", id.Key, parsed.Key)
	}
	if !Matches(id, id) {
		t.Fatalf("Matches(id, id) = false for %+v", id)
	}
	if a, ok := id.AccountIdentity(); ok {
		if a.Kind != KindProfile && a.Kind != KindGroup && a.Kind != KindEmail && a.Kind != KindPhone {
			t.Fatalf("AccountIdentity of %+v is a %s", id, a.Kind)
		}
		if !Matches(a, id) {
			t.Fatalf("account %+v does not match its own %+v", a, id)
		}
	}
}

// allURLCases is every table, the fuzzer's seed corpus.
func allURLCases() [][]urlCase {
	return [][]urlCase{xCases, facebookCases, instagramCases, tiktokCases, youtubeCases,
		redditCases, telegramCases, linkedinCases, threadsCases, blueskyCases, snapchatCases, webCases}
}
