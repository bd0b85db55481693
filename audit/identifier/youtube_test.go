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
	// pages and forms of issue 15
	{"https://www.youtube.com/watch_popup?v=63RmMXCd_bQ", "youtube", "post", "", "63RmMXCd_bQ", "youtube:video:63RmMXCd_bQ"},
	{"https://www.youtube.com/account_notifications", "youtube", "page", "", "", "youtube:page:/account_notifications"},
	{"https://www.youtube.com/create_channel?next=%2F", "youtube", "page", "", "", "youtube:page:/create_channel?next=%2F"},
	{"https://www.youtube.com/playables", "youtube", "page", "", "", "youtube:page:/playables"},
	{"https://www.youtube.com/tv", "youtube", "page", "", "", "youtube:page:/tv"},
	{"https://www.youtube.com/musicpremium", "youtube", "page", "", "", "youtube:page:/musicpremium"},
	{"https://music.youtube.com/browse/MPREb_gTAcphH99wE", "youtube", "page", "", "", "youtube:page://music.youtube.com/browse/MPREb_gTAcphH99wE"},
	{"https://music.youtube.com/browse/UC1a8OFewdjuLq6KlF8M_8Ng", "youtube", "profile", "channel:UC1a8OFewdjuLq6KlF8M_8Ng", "", "youtube:channel:UC1a8OFewdjuLq6KlF8M_8Ng"},
	{"https://music.youtube.com/search?q=royalty+free+music", "youtube", "page", "", "", "youtube:page://music.youtube.com/search?q=royalty+free+music"},
	{"https://music.youtube.com/someartist", "youtube", "page", "", "", "youtube:page://music.youtube.com/someartist"},
	{"https://www.youtubekids.com/watch?v=3b8nCWDgZ6Q", "youtube", "post", "", "3b8nCWDgZ6Q", "youtube:video:3b8nCWDgZ6Q"},
	{"https://www.youtubekids.com/channel/UCmlqkdCBesrv2Lak1mF_MxA", "youtube", "profile", "channel:UCmlqkdCBesrv2Lak1mF_MxA", "", "youtube:channel:UCmlqkdCBesrv2Lak1mF_MxA"},
	{"https://www.youtube.com/c/ИгорьКлейнер/playlists?view=1", "youtube", "profile", "c:игорьклейнер", "", "youtube:c:игорьклейнер"},
	{"https://www.youtube.com/embed/videoseries?list=PL6IaIsEjSbf96XFRuNccS_RuEXwNdsoEu", "youtube", "page", "", "", "youtube:page:/playlist?list=PL6IaIsEjSbf96XFRuNccS_RuEXwNdsoEu"},
	{"https://www.youtube.com/embed/live_stream?channel=UC2_KI6RB__jGdlnK6dvFEZA", "youtube", "profile", "channel:UC2_KI6RB__jGdlnK6dvFEZA", "", "youtube:channel:UC2_KI6RB__jGdlnK6dvFEZA"},
	{"https://www.youtube.com/embed/videoseries", "youtube", "page", "", "", "youtube:page:/embed/videoseries"},
	{"https://www.youtube.com/watch?feature=player_embedded&amp;amp;v=V36LpHqtcDY", "youtube", "post", "", "V36LpHqtcDY", "youtube:video:V36LpHqtcDY"},
}

func TestFromURLYouTube(t *testing.T) { checkURLCases(t, youtubeCases) }
