package identifier

import "testing"

var instagramCases = []urlCase{
	{"https://www.instagram.com/natgeo/", "instagram", "profile", "natgeo", "", "instagram:@natgeo"},
	{"https://instagram.com/NatGeo?igshid=MzRlODBiNWFlZA==", "instagram", "profile", "natgeo", "", "instagram:@natgeo"},
	{"https://instagr.am/natgeo", "instagram", "profile", "natgeo", "", "instagram:@natgeo"},
	{"https://m.instagram.com/nat.geo_uk", "instagram", "profile", "nat.geo_uk", "", "instagram:@nat.geo_uk"},
	{"https://www.instagram.com/natgeo/tagged/", "instagram", "profile", "natgeo", "", "instagram:@natgeo"},
	{"https://www.instagram.com/p/CxYz123AbC/?igsh=xyz&img_index=2", "instagram", "post", "", "CxYz123AbC", "instagram:p:CxYz123AbC"},
	{"https://www.instagram.com/natgeo/p/CxYz123AbC/", "instagram", "post", "natgeo", "CxYz123AbC", "instagram:p:CxYz123AbC"},
	{"https://www.instagram.com/reel/CxYz123AbC/?utm_source=ig_web_copy_link", "instagram", "post", "", "CxYz123AbC", "instagram:p:CxYz123AbC"},
	{"https://www.instagram.com/tv/CxYz123AbC", "instagram", "post", "", "CxYz123AbC", "instagram:p:CxYz123AbC"},
	{"https://www.instagram.com/stories/natgeo/3141592653589793238/", "instagram", "post", "natgeo", "3141592653589793238", "instagram:stories/natgeo/3141592653589793238"},
	{"https://www.instagram.com/stories/NatGeo/", "instagram", "profile", "natgeo", "", "instagram:@natgeo"},
	{"https://www.instagram.com/stories/highlights/17890000000000000/", "instagram", "page", "", "", "instagram:page:/stories/highlights/17890000000000000"},
	{"https://www.instagram.com/explore/tags/london/", "instagram", "page", "", "", "instagram:page:/explore/tags/london"},
	{"https://www.instagram.com/accounts/login/?next=%2Fnatgeo%2F", "instagram", "page", "", "", "instagram:page:/accounts/login?next=%2Fnatgeo%2F"},
	{"https://www.instagram.com/direct/inbox/", "instagram", "page", "", "", "instagram:page:/direct/inbox"},
	{"https://www.instagram.com/share/BAbc123", "instagram", "page", "", "", "instagram:share:instagram.com/share/BAbc123"},
	// pages and forms of issue 15
	{"https://www.instagram.com/stories/me/", "instagram", "page", "", "", "instagram:page:/stories/me"},
	{"https://www.instagram.com/s/aGlnaGxpZ2h0OjE4MDQyNTA5NDg4MTcwMDk1?story_media_id=2724343156064789461", "instagram", "page", "", "", "instagram:page:/s/aGlnaGxpZ2h0OjE4MDQyNTA5NDg4MTcwMDk1?story_media_id=2724343156064789461"},
	{"https://www.instagram.com/reels/audio/1997174137319938/", "instagram", "page", "", "", "instagram:page:/reels/audio/1997174137319938"},
	{"https://www.instagram.com/_u/NatGeo", "instagram", "profile", "natgeo", "", "instagram:@natgeo"},
	{"https://www.instagram.com/_u/natgeo/p/CxYz123AbC/", "instagram", "post", "natgeo", "CxYz123AbC", "instagram:p:CxYz123AbC"},
	{"https://www.instagram.com/dm/p/CW042g7B9CY/", "instagram", "post", "", "CW042g7B9CY", "instagram:p:CW042g7B9CY"},
	{"https://www.instagram.com/disco..dude/", "instagram", "page", "", "", "instagram:page:/disco..dude"},
	{"https://www.instagram.com/.natgeo", "instagram", "page", "", "", "instagram:page:/.natgeo"},
	{"https://www.instagram.com/natgeo./", "instagram", "page", "", "", "instagram:page:/natgeo."},
}

func TestFromURLInstagram(t *testing.T) { checkURLCases(t, instagramCases) }
