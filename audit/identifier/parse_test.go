package identifier

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct{ in, platform, kind, account, key string }{
		// hinted handles and keys
		{"x:@Jack", "x", "profile", "jack", "x:@jack"},
		{"twitter:jack", "x", "profile", "jack", "x:@jack"},
		{"X: @jack ", "x", "profile", "jack", "x:@jack"},
		{"x:id:12", "x", "profile", "id:12", "x:id:12"},
		{"instagram:@NatGeo", "instagram", "profile", "natgeo", "instagram:@natgeo"},
		{"ig:natgeo", "instagram", "profile", "natgeo", "instagram:@natgeo"},
		{"tiktok:@Scout2015", "tiktok", "profile", "scout2015", "tiktok:@scout2015"},
		{"youtube:@MrBeast", "youtube", "profile", "@mrbeast", "youtube:@mrbeast"},
		{"yt:UCX6OQ3DkcsbYNE6H8uQQuVA", "youtube", "profile", "channel:UCX6OQ3DkcsbYNE6H8uQQuVA", "youtube:channel:UCX6OQ3DkcsbYNE6H8uQQuVA"},
		{"facebook:zuck", "facebook", "profile", "zuck", "facebook:zuck"},
		{"fb:100012345", "facebook", "profile", "100012345", "facebook:id:100012345"},
		{"facebook:groups/123456789", "facebook", "group", "groups/123456789", "facebook:groups/123456789"},
		{"reddit:u/spez", "reddit", "profile", "spez", "reddit:u/spez"},
		{"reddit:spez", "reddit", "profile", "spez", "reddit:u/spez"},
		{"u/spez", "reddit", "profile", "spez", "reddit:u/spez"},
		{"/r/London", "reddit", "group", "r/london", "reddit:r/london"},
		{"telegram:@durov", "telegram", "profile", "durov", "telegram:@durov"},
		{"tg:+AbCdEf123", "telegram", "group", "+AbCdEf123", "telegram:+AbCdEf123"},
		{"linkedin:John-Smith-0a1b2c3", "linkedin", "profile", "john-smith-0a1b2c3", "linkedin:in/john-smith-0a1b2c3"},
		{"linkedin:company/acme-ltd", "linkedin", "group", "company/acme-ltd", "linkedin:company/acme-ltd"},
		{"threads:@zuck", "threads", "profile", "zuck", "threads:@zuck"},
		{"bsky:@jay.bsky.team", "bluesky", "profile", "jay.bsky.team", "bluesky:@jay.bsky.team"},
		{"bluesky:did:plc:oky5czdrnfjpqslsw2a5iclo", "bluesky", "profile", "did:plc:oky5czdrnfjpqslsw2a5iclo", "bluesky:did:plc:oky5czdrnfjpqslsw2a5iclo"},
		{"snapchat:TeamSnapchat", "snapchat", "profile", "teamsnapchat", "snapchat:@teamsnapchat"},
		{"x:page:/explore", "x", "page", "", "x:page:/explore"},
		{"web:example.org/path?a=1", "web", "page", "", "web:example.org/path?a=1"},
		{"instagram:https://www.instagram.com/natgeo/", "instagram", "profile", "natgeo", "instagram:@natgeo"},
		{"instagram:www.instagram.com/natgeo", "instagram", "profile", "natgeo", "instagram:@natgeo"},
		// URLs, with and without scheme
		{"HTTPS://X.COM/Jack", "x", "profile", "jack", "x:@jack"},
		{"https://twitter.com/jack/status/20", "x", "post", "jack", "x:status:20"},
		{"x.com/jack", "x", "profile", "jack", "x:@jack"},
		{"www.facebook.com/profile.php?id=100012345", "facebook", "profile", "100012345", "facebook:id:100012345"},
		{"tiktok.com/@scout2015", "tiktok", "profile", "scout2015", "tiktok:@scout2015"},
		{"t.me/durov", "telegram", "profile", "durov", "telegram:@durov"},
		{"example.org", "web", "page", "", "web:example.org"},
		{"example.museum/about/", "web", "page", "", "web:example.museum/about"},
		// email addresses
		{"Jo.Bloggs@Example.ORG", "email", "email", "jo.bloggs@example.org", "email:jo.bloggs@example.org"},
		{"mailto:Jo@Example.org?subject=hi", "email", "email", "jo@example.org", "email:jo@example.org"},
		{"Jo Bloggs <Jo@Example.org>", "email", "email", "jo@example.org", "email:jo@example.org"},
		{"email:jo+osint@example.co.uk", "email", "email", "jo+osint@example.co.uk", "email:jo+osint@example.co.uk"},
		// phone numbers
		{"07700 900123", "phone", "phone", "+447700900123", "phone:+447700900123"},
		{"07700-900-123", "phone", "phone", "+447700900123", "phone:+447700900123"},
		{"(020) 7946 0018", "phone", "phone", "+442079460018", "phone:+442079460018"},
		{"01632 960001", "phone", "phone", "+441632960001", "phone:+441632960001"},
		{"+44 (0)20 7946 0018", "phone", "phone", "+442079460018", "phone:+442079460018"},
		{"+44 07700 900123", "phone", "phone", "+447700900123", "phone:+447700900123"},
		{"0044 7700 900123", "phone", "phone", "+447700900123", "phone:+447700900123"},
		{"+1 (202) 555-0143", "phone", "phone", "+12025550143", "phone:+12025550143"},
		{"+33 6 12 34 56 78", "phone", "phone", "+33612345678", "phone:+33612345678"},
		{"tel:+447700900123", "phone", "phone", "+447700900123", "phone:+447700900123"},
		{"phone:07700900123", "phone", "phone", "+447700900123", "phone:+447700900123"},
	} {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got.Platform != c.platform || got.Kind != c.kind || got.Account != c.account || got.Key != c.key {
			t.Errorf("Parse(%q) = %+v, want %s %s %q %q", c.in, got, c.platform, c.kind, c.account, c.key)
		}
		if again, err := Parse(got.Key); err != nil || again.Key != got.Key {
			t.Errorf("Parse(Parse(%q).Key = %q) = %q, %v", c.in, got.Key, again.Key, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		in   string
		want error
	}{
		{"", ErrUnrecognised},
		{"   ", ErrUnrecognised},
		{"@jack", ErrNeedsPlatform},
		{"garbage", ErrUnrecognised},
		{"john.smith", ErrUnrecognised},
		{"John Smith", ErrUnrecognised},
		{"12345", ErrUnrecognised},
		{"7700900123", ErrUnrecognised},
		{"0770", ErrUnrecognised},
		{"+44 7700 9OO123", ErrUnrecognised},
		{"jo@", ErrUnrecognised},
		{"jo@localhost", ErrUnrecognised},
		{"jo..bloggs@example.org", ErrUnrecognised},
		{"x:", ErrUnrecognised},
		{"instagram:story:123", ErrUnrecognised},
		{"x:https://www.instagram.com/natgeo/", ErrUnrecognised},
		{"ftp://example.org/file", ErrUnrecognised},
		{"email:not-an-address", ErrUnrecognised},
		{"phone:hello", ErrUnrecognised},
	} {
		got, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", c.in, got)
			continue
		}
		if !errors.Is(err, c.want) {
			t.Errorf("Parse(%q) = %v, want %v", c.in, err, c.want)
		}
	}
}

func TestParseHintedPage(t *testing.T) {
	for _, in := range []string{"x:@explore", "x:@jack-smith", "telegram:abc", "bluesky:jay"} {
		if got, err := Parse(in); !errors.Is(err, ErrUnrecognised) {
			t.Errorf("Parse(%q) = %+v, %v; want ErrUnrecognised", in, got, err)
		}
	}
}
