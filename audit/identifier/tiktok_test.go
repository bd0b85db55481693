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
	// forms of issue 15
	{"https://www.tiktokv.com/share/video/7240568259186019630", "tiktok", "post", "", "7240568259186019630", "tiktok:video:7240568259186019630"},
	{"https://www.tiktok.com/share/video/7668090902816017671/", "tiktok", "post", "", "7668090902816017671", "tiktok:video:7668090902816017671"},
	{"https://www.tiktok.com/@/video/7240568259186019630", "tiktok", "post", "", "7240568259186019630", "tiktok:video:7240568259186019630"},
	{"https://www.tiktok.com/@MS4wLjABAAAATh8Vewkn0LYM7Fo03iec3qKdeCUOcBIouRk1mkiag6h3o_pQu_dUXvZ2EZlGST7_/video/7042692929109986561", "tiktok", "post", "secuid:MS4wLjABAAAATh8Vewkn0LYM7Fo03iec3qKdeCUOcBIouRk1mkiag6h3o_pQu_dUXvZ2EZlGST7_", "7042692929109986561", "tiktok:video:7042692929109986561"},
	{"https://www.tiktok.com/@MS4wLjABAAAATh8Vewkn0LYM7Fo03iec3qKdeCUOcBIouRk1mkiag6h3o_pQu_dUXvZ2EZlGST7_", "tiktok", "profile", "secuid:MS4wLjABAAAATh8Vewkn0LYM7Fo03iec3qKdeCUOcBIouRk1mkiag6h3o_pQu_dUXvZ2EZlGST7_", "", "tiktok:secuid:MS4wLjABAAAATh8Vewkn0LYM7Fo03iec3qKdeCUOcBIouRk1mkiag6h3o_pQu_dUXvZ2EZlGST7_"},
	{"https://www.tiktok.com/@/", "tiktok", "page", "", "", "tiktok:page:/@"},
}

func TestFromURLTikTok(t *testing.T) { checkURLCases(t, tiktokCases) }
