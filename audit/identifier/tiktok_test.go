package identifier

import "testing"

var tiktokCases = []urlCase{
	{"https://www.tiktok.com/@scout2015", "tiktok", "profile", "scout2015", "", "tiktok:@scout2015"},
	{"https://www.tiktok.com/@Scout2015/?lang=en", "tiktok", "profile", "scout2015", "", "tiktok:@scout2015"},
	{"https://m.tiktok.com/@scout2015", "tiktok", "profile", "scout2015", "", "tiktok:@scout2015"},
	{"https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc", "tiktok", "post", "scout2015", "6718335390845095173", "tiktok:video:6718335390845095173"},
	{"https://www.tiktok.com/@scout2015/photo/7300000000000000000", "tiktok", "post", "scout2015", "7300000000000000000", "tiktok:video:7300000000000000000"},
	{"https://www.tiktok.com/embed/v2/6718335390845095173", "tiktok", "post", "", "6718335390845095173", "tiktok:video:6718335390845095173"},
	{"https://m.tiktok.com/v/6718335390845095173.html", "tiktok", "post", "", "6718335390845095173", "tiktok:video:6718335390845095173"},
	{"https://vm.tiktok.com/ZMeAbc123/", "tiktok", "page", "", "", "tiktok:share:vm.tiktok.com/ZMeAbc123"},
	{"https://vt.tiktok.com/ZSabc/?k=1", "tiktok", "page", "", "", "tiktok:share:vt.tiktok.com/ZSabc"},
	{"https://www.tiktok.com/t/ZTRabc/", "tiktok", "page", "", "", "tiktok:share:tiktok.com/t/ZTRabc"},
	{"https://www.tiktok.com/foryou", "tiktok", "page", "", "", "tiktok:page:/foryou"},
	{"https://www.tiktok.com/tag/london", "tiktok", "page", "", "", "tiktok:page:/tag/london"},
	{"https://www.tiktok.com/search?q=london&lang=en", "tiktok", "page", "", "", "tiktok:page:/search?q=london"},
	{"https://www.tiktok.com/@x", "tiktok", "page", "", "", "tiktok:page:/@x"},
}

func TestFromURLTikTok(t *testing.T) { checkURLCases(t, tiktokCases) }
