package identifier

import "testing"

// The training network is matched as a platform: its posts count as
// viewing their author.
func TestHarbourline(t *testing.T) {
	for url, want := range map[string]Identity{
		"http://harbourline.training/@Jo.Harbour": {Platform: PlatformHarbourline, Kind: KindProfile, Account: "jo.harbour",
			Key: "harbourline:@jo.harbour"},
		"http://harbourline.training/@jo.harbour/post/hl1004?x=1": {Platform: PlatformHarbourline, Kind: KindPost,
			Account: "jo.harbour", Post: "hl1004", Key: "harbourline:post:hl1004"},
	} {
		got, err := FromURL(url)
		if err != nil || got != want {
			t.Errorf("FromURL(%s) = %+v, %v; want %+v", url, got, err, want)
		}
		if a, ok := got.AccountIdentity(); !ok || a.URL() != "http://harbourline.training/@jo.harbour" {
			t.Errorf("%s: account %+v at %s", url, a, a.URL())
		}
	}
	profile, _ := FromURL("http://harbourline.training/@jo.harbour")
	post, _ := FromURL("http://harbourline.training/@jo.harbour/post/hl1004")
	if !Matches(profile, post) {
		t.Error("a post does not count as viewing its author")
	}
	if id, err := Parse("harbourline:@jo.harbour"); err != nil || id.Key != profile.Key {
		t.Errorf("Parse: %+v, %v", id, err)
	}
}
