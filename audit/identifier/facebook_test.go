package identifier

import "testing"

var facebookCases = []urlCase{
	{"https://www.facebook.com/zuck", "facebook", "profile", "zuck", "", "facebook:zuck"},
	{"https://m.facebook.com/Zuck/", "facebook", "profile", "zuck", "", "facebook:zuck"},
	{"https://en-gb.facebook.com/zuck?ref=bookmarks", "facebook", "profile", "zuck", "", "facebook:zuck"},
	{"https://www.facebook.com/John.Smith.55", "facebook", "profile", "johnsmith55", "", "facebook:johnsmith55"},
	{"https://www.facebook.com/profile.php?id=100012345&sk=photos&__tn__=%2CdC", "facebook", "profile", "100012345", "", "facebook:id:100012345"},
	{"https://mbasic.facebook.com/profile.php?id=100012345", "facebook", "profile", "100012345", "", "facebook:id:100012345"},
	{"https://fb.com/100012345", "facebook", "profile", "100012345", "", "facebook:id:100012345"},
	{"https://www.facebook.com/people/John-Smith/100012345/", "facebook", "profile", "100012345", "", "facebook:id:100012345"},
	{"https://www.facebook.com/Some-Page-Name-123456789012345", "facebook", "profile", "123456789012345", "", "facebook:id:123456789012345"},
	{"https://www.facebook.com/zuck/about", "facebook", "profile", "zuck", "", "facebook:zuck"},
	{"https://www.facebook.com/zuck/posts/pfbid02AbcDef?__cft__[0]=AZx&__tn__=%2CO%2CP-R", "facebook", "post", "zuck", "pfbid02AbcDef", "facebook:post:pfbid02AbcDef"},
	{"https://m.facebook.com/story.php?story_fbid=pfbid0Xyz&id=100012345&mibextid=Nif5oz", "facebook", "post", "100012345", "pfbid0Xyz", "facebook:post:pfbid0Xyz"},
	{"https://www.facebook.com/permalink.php?story_fbid=123456&id=100012345", "facebook", "post", "100012345", "123456", "facebook:post:123456"},
	{"https://www.facebook.com/zuck/photos/a.123456/987654321/?type=3", "facebook", "post", "zuck", "987654321", "facebook:photo:987654321"},
	{"https://www.facebook.com/photo.php?fbid=987654321&set=a.123&id=4", "facebook", "post", "4", "987654321", "facebook:photo:987654321"},
	{"https://www.facebook.com/photo/?fbid=987654321&set=pcb.555", "facebook", "post", "", "987654321", "facebook:photo:987654321"},
	{"https://www.facebook.com/zuck/videos/1234567/", "facebook", "post", "zuck", "1234567", "facebook:video:1234567"},
	{"https://www.facebook.com/watch/?v=1234567", "facebook", "post", "", "1234567", "facebook:video:1234567"},
	{"https://www.facebook.com/reel/1234567", "facebook", "post", "", "1234567", "facebook:video:1234567"},
	{"https://www.facebook.com/groups/123456789/", "facebook", "group", "groups/123456789", "", "facebook:groups/123456789"},
	{"https://www.facebook.com/groups/LondonCyclists/posts/555/?mibextid=abc", "facebook", "post", "groups/londoncyclists", "555", "facebook:post:555"},
	{"https://www.facebook.com/groups/londoncyclists/user/100012345/", "facebook", "profile", "100012345", "", "facebook:id:100012345"},
	{"https://www.facebook.com/groups/feed/", "facebook", "page", "", "", "facebook:page:/groups/feed"},
	{"https://www.facebook.com/watch", "facebook", "page", "", "", "facebook:page:/watch"},
	{"https://www.facebook.com/marketplace/item/123/", "facebook", "page", "", "", "facebook:page:/marketplace/item/123"},
	{"https://www.facebook.com/hashtag/london", "facebook", "page", "", "", "facebook:page:/hashtag/london"},
	{"https://www.facebook.com/share/p/1AbCdEf/", "facebook", "page", "", "", "facebook:share:facebook.com/share/p/1AbCdEf"},
	{"https://fb.watch/abcDEF/", "facebook", "page", "", "", "facebook:share:fb.watch/abcDEF"},
	{"https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.example.org%2Fnews%3Ffbclid%3Dx&h=AT0", "web", "page", "", "", "web:example.org/news"},
}

func TestFromURLFacebook(t *testing.T) { checkURLCases(t, facebookCases) }
