package identifier

import "testing"

var youtubeCases = []urlCase{
	{"https://www.youtube.com/@MrBeast", "youtube", "profile", "@mrbeast", "", "youtube:@mrbeast"},
	{"https://m.youtube.com/@mrbeast/videos", "youtube", "profile", "@mrbeast", "", "youtube:@mrbeast"},
	{"https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA", "youtube", "profile", "channel:UCX6OQ3DkcsbYNE6H8uQQuVA", "", "youtube:channel:UCX6OQ3DkcsbYNE6H8uQQuVA"},
	{"https://www.youtube.com/user/PewDiePie", "youtube", "profile", "user:pewdiepie", "", "youtube:user:pewdiepie"},
	{"https://www.youtube.com/c/LinusTechTips/featured", "youtube", "profile", "c:linustechtips", "", "youtube:c:linustechtips"},
	{"https://www.youtube.com/LinusTechTips", "youtube", "profile", "c:linustechtips", "", "youtube:c:linustechtips"},
	{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share&t=42s&list=PL123", "youtube", "post", "", "dQw4w9WgXcQ", "youtube:video:dQw4w9WgXcQ"},
	{"https://youtu.be/dQw4w9WgXcQ?si=AbCdEf", "youtube", "post", "", "dQw4w9WgXcQ", "youtube:video:dQw4w9WgXcQ"},
	{"https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "post", "", "dQw4w9WgXcQ", "youtube:video:dQw4w9WgXcQ"},
	{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "post", "", "dQw4w9WgXcQ", "youtube:video:dQw4w9WgXcQ"},
	{"https://music.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "post", "", "dQw4w9WgXcQ", "youtube:video:dQw4w9WgXcQ"},
	{"https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared", "youtube", "post", "", "dQw4w9WgXcQ", "youtube:video:dQw4w9WgXcQ"},
	{"https://www.youtube.com/", "youtube", "page", "", "", "youtube:page:/"},
	{"https://www.youtube.com/feed/subscriptions", "youtube", "page", "", "", "youtube:page:/feed/subscriptions"},
	{"https://www.youtube.com/results?search_query=london+protest", "youtube", "page", "", "", "youtube:page:/results?search_query=london+protest"},
	{"https://www.youtube.com/watch?v=short", "youtube", "page", "", "", "youtube:page:/watch?v=short"},
	{"https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs&si=x", "youtube", "page", "", "", "youtube:page:/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs"},
	{"https://youtu.be/", "youtube", "page", "", "", "youtube:share:youtu.be"},
	{"https://www.youtube.com/redirect?q=https%3A%2F%2Fexample.org%2F&v=abc", "web", "page", "", "", "web:example.org"},
}

func TestFromURLYouTube(t *testing.T) { checkURLCases(t, youtubeCases) }
