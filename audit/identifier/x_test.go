package identifier

import "testing"

var xCases = []urlCase{
	{"https://x.com/jack", "x", "profile", "jack", "", "x:@jack"},
	{"https://twitter.com/Jack", "x", "profile", "jack", "", "x:@jack"},
	{"https://mobile.twitter.com/jack/", "x", "profile", "jack", "", "x:@jack"},
	{"http://www.twitter.com/JACK?lang=en#top", "x", "profile", "jack", "", "x:@jack"},
	{"https://twitter.com/#!/jack", "x", "profile", "jack", "", "x:@jack"},
	{"https://x.com/jack/with_replies", "x", "profile", "jack", "", "x:@jack"},
	{"https://x.com/intent/user?screen_name=Jack", "x", "profile", "jack", "", "x:@jack"},
	{"https://x.com/i/user/12", "x", "profile", "id:12", "", "x:id:12"},
	{"https://x.com/jack/status/20?s=20&t=AbCdEf", "x", "post", "jack", "20", "x:status:20"},
	{"https://twitter.com/Jack/status/20/photo/1", "x", "post", "jack", "20", "x:status:20"},
	{"https://fxtwitter.com/jack/status/20", "x", "post", "jack", "20", "x:status:20"},
	{"https://x.com/i/web/status/20", "x", "post", "", "20", "x:status:20"},
	{"https://twitter.com/statuses/20", "x", "post", "", "20", "x:status:20"},
	{"https://x.com/home", "x", "page", "", "", "x:page:/home"},
	{"https://x.com/", "x", "page", "", "", "x:page:/"},
	{"https://x.com/explore/tabs/trending", "x", "page", "", "", "x:page:/explore/tabs/trending"},
	{"https://x.com/search?q=%23london&src=typed_query&f=live", "x", "page", "", "", "x:page:/search?f=live&q=%23london"},
	{"https://x.com/settings/profile", "x", "page", "", "", "x:page:/settings/profile"},
	{"https://x.com/i/bookmarks", "x", "page", "", "", "x:page:/i/bookmarks"},
	{"https://x.com/hashtag/OSINT", "x", "page", "", "", "x:page:/hashtag/OSINT"},
	{"https://x.com/jack-smith", "x", "page", "", "", "x:page:/jack-smith"},
	{"https://t.co/AbC123", "x", "page", "", "", "x:share:t.co/AbC123"},
	// forms read since issue 15
	{"https://twitter.com/@Jack", "x", "profile", "jack", "", "x:@jack"},
	{"https://twitter.com/@jack/status/20", "x", "post", "jack", "20", "x:status:20"},
	{"https://twitter.com/web/status/1644907989109751810", "x", "post", "", "1644907989109751810", "x:status:1644907989109751810"},
	{"https://twitter.com/i/videos/tweet/705235433198714880", "x", "post", "", "705235433198714880", "x:status:705235433198714880"},
	{"https://twitter.com/i/videos/752274308186120192", "x", "post", "", "752274308186120192", "x:status:752274308186120192"},
	{"https://x.com/jack/unknown_tab", "x", "page", "", "", "x:page:/jack/unknown_tab"},
	{"https://x.com/jack/status", "x", "page", "", "", "x:page:/jack/status"},
}

func TestFromURLX(t *testing.T) { checkURLCases(t, xCases) }
