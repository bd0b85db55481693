package identifier

import "testing"

func mustParse(t *testing.T, s string) Identity {
	t.Helper()
	id, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return id
}

func TestMatches(t *testing.T) {
	for _, c := range []struct {
		subject, view string
		want          bool
	}{
		{"x:@jack", "https://twitter.com/Jack/status/1", true},
		{"x:@jack", "https://mobile.twitter.com/jack/", true},
		{"https://x.com/jack", "http://www.twitter.com/JACK?lang=en", true},
		{"x:@jack", "https://x.com/jill/status/1", false},
		{"x:@jack", "https://x.com/i/web/status/1", false},
		{"x:@jack", "https://x.com/explore", false},
		{"x:@jack", "https://www.instagram.com/jack/", false},
		{"https://x.com/jack/status/1", "https://x.com/jack", false},
		{"https://x.com/jack/status/1", "https://x.com/i/web/status/1", true},
		{"facebook:zuck", "https://m.facebook.com/zuck/photos/a.1/2/", true},
		{"facebook:zuck", "https://www.facebook.com/Zuck/posts/pfbid02AbcDef", true},
		{"https://www.facebook.com/profile.php?id=4", "https://www.facebook.com/permalink.php?story_fbid=9&id=4", true},
		{"https://www.facebook.com/groups/londoncyclists", "https://www.facebook.com/groups/LondonCyclists/posts/555/", true},
		{"facebook:zuck", "https://www.facebook.com/watch/?v=1234567", false},
		{"instagram:@natgeo", "https://www.instagram.com/natgeo/p/CxYz123AbC/", true},
		{"instagram:@natgeo", "https://www.instagram.com/p/CxYz123AbC/", false},
		{"https://www.instagram.com/p/CxYz123AbC/", "https://www.instagram.com/natgeo/reel/CxYz123AbC/", true},
		{"tiktok:@scout2015", "https://www.tiktok.com/@Scout2015/video/6718335390845095173", true},
		{"youtube:@mrbeast", "https://m.youtube.com/@MrBeast/shorts", true},
		{"youtube:@mrbeast", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", false},
		{"reddit:r/london", "https://old.reddit.com/r/London/comments/1abc2d/title/", true},
		{"reddit:u/london", "https://old.reddit.com/r/London/comments/1abc2d/title/", false},
		{"reddit:u/spez", "https://www.reddit.com/r/u_spez/", true},
		{"telegram:@durov", "https://t.me/s/durov/123", true},
		{"linkedin:in/john-smith-0a1b2c3", "https://www.linkedin.com/posts/john-smith-0a1b2c3_hi-activity-7012345678901234567-AbCd", true},
		{"bsky:jay.bsky.team", "https://bsky.app/profile/jay.bsky.team/post/3l6oveex3ii2l", true},
		{"snapchat:teamsnapchat", "https://story.snapchat.com/@TeamSnapchat", true},
		{"example.org", "https://www.example.org/about/", true},
		{"example.org", "https://example.org.evil.test/", false},
		{"example.org/about", "https://example.org/", false},
		{"jo@example.org", "mailto:JO@EXAMPLE.ORG", true},
		{"07700 900123", "+44 7700 900123", true},
	} {
		s, v := mustParse(t, c.subject), mustParse(t, c.view)
		if got := Matches(s, v); got != c.want {
			t.Errorf("Matches(%q, %q) = %v, want %v (keys %q, %q)", c.subject, c.view, got, c.want, s.Key, v.Key)
		}
	}
	if Matches(Identity{}, Identity{}) {
		t.Error("Matches(zero, zero) = true")
	}
}

func TestAccountIdentity(t *testing.T) {
	for _, c := range []struct {
		in, want string // want "" means no account
	}{
		{"https://twitter.com/Jack/status/20", "x:@jack"},
		{"https://x.com/jack", "x:@jack"},
		{"https://x.com/i/web/status/20", ""},
		{"https://www.instagram.com/p/CxYz123AbC/", ""},
		{"https://www.instagram.com/stories/natgeo/3141592653589793238/", "instagram:@natgeo"},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", ""},
		{"https://example.org/page", ""},
		{"https://x.com/explore", ""},
		{"https://www.facebook.com/permalink.php?story_fbid=9&id=4", "facebook:id:4"},
		{"https://www.facebook.com/groups/london/posts/555/", "facebook:groups/london"},
		{"https://www.reddit.com/r/london/comments/1abc2d/", "reddit:r/london"},
		{"https://www.reddit.com/r/london/s/AbCdEf123", "reddit:r/london"},
		{"https://www.reddit.com/user/spez/comments/xyz9/", "reddit:u/spez"},
		{"https://t.me/c/1234567890/55", "telegram:c/1234567890"},
		{"https://t.me/durov/123", "telegram:@durov"},
		{"https://www.tiktok.com/@scout2015/video/6718335390845095173", "tiktok:@scout2015"},
		{"https://www.linkedin.com/posts/john-smith-0a1b2c3_hi-activity-7012345678901234567-AbCd", "linkedin:in/john-smith-0a1b2c3"},
		{"https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo/post/3l6oveex3ii2l", "bluesky:did:plc:oky5czdrnfjpqslsw2a5iclo"},
		{"https://www.threads.net/@zuck/post/C8abcDEF123", "threads:@zuck"},
		{"jo@example.org", "email:jo@example.org"},
	} {
		id := mustParse(t, c.in)
		a, ok := id.AccountIdentity()
		if c.want == "" {
			if ok {
				t.Errorf("%q: AccountIdentity() = %+v, want none", c.in, a)
			}
			continue
		}
		if !ok || a.Key != c.want {
			t.Errorf("%q: AccountIdentity() = %+v, %v, want key %q", c.in, a, ok, c.want)
		}
	}
}

// TestAccountFromPage covers the caller that reads a post's author from the
// page (instagram.com/p/<code> names none): setting Account keeps the key
// and makes the post count for the author.
func TestAccountFromPage(t *testing.T) {
	v := mustParse(t, "https://www.instagram.com/p/CxYz123AbC/")
	v.Account = "natgeo"
	if !Matches(mustParse(t, "instagram:@natgeo"), v) {
		t.Error("post with author filled in does not match the author")
	}
	if again := mustParse(t, v.URL()); again.Key != v.Key || again.Account != "natgeo" {
		t.Errorf("URL() = %q gives %+v", v.URL(), again)
	}
}
