package identifier

import "testing"

var redditCases = []urlCase{
	{"https://www.reddit.com/user/spez/", "reddit", "profile", "spez", "", "reddit:u/spez"},
	{"https://old.reddit.com/u/Spez", "reddit", "profile", "spez", "", "reddit:u/spez"},
	{"https://www.reddit.com/user/spez/comments/", "reddit", "profile", "spez", "", "reddit:u/spez"},
	{"https://www.reddit.com/r/u_spez/", "reddit", "profile", "spez", "", "reddit:u/spez"},
	{"https://www.reddit.com/user/spez/comments/xyz9/my_post/", "reddit", "post", "spez", "xyz9", "reddit:post:xyz9"},
	{"https://www.reddit.com/r/London/", "reddit", "group", "r/london", "", "reddit:r/london"},
	{"https://new.reddit.com/r/london/top/?t=week", "reddit", "group", "r/london", "", "reddit:r/london"},
	{"https://www.reddit.com/r/london/comments/1abc2d/some_title/?utm_source=share&utm_medium=web2x&context=3", "reddit", "post", "r/london", "1abc2d", "reddit:post:1abc2d"},
	{"https://old.reddit.com/r/London/comments/1ABC2D/some_title/kx9y8z7/", "reddit", "post", "r/london", "1abc2d", "reddit:post:1abc2d"},
	{"https://redd.it/1abc2d", "reddit", "post", "", "1abc2d", "reddit:post:1abc2d"},
	{"https://np.reddit.com/comments/1abc2d", "reddit", "post", "", "1abc2d", "reddit:post:1abc2d"},
	{"https://www.reddit.com/r/london/s/AbCdEf123", "reddit", "page", "r/london", "", "reddit:share:reddit.com/r/london/s/AbCdEf123"},
	{"https://www.reddit.com/r/popular/", "reddit", "page", "", "", "reddit:page:/r/popular"},
	{"https://www.reddit.com/r/all", "reddit", "page", "", "", "reddit:page:/r/all"},
	{"https://www.reddit.com/search/?q=london", "reddit", "page", "", "", "reddit:page:/search?q=london"},
	{"https://www.reddit.com/", "reddit", "page", "", "", "reddit:page:/"},
	// pages and forms of issue 15
	{"https://www.reddit.com/u/Tailhook91/s/w4yAMbtOYm", "reddit", "page", "", "", "reddit:share:reddit.com/u/tailhook91/s/w4yAMbtOYm"},
	{"https://www.reddit.com/user/Tailhook91/s/w4yAMbtOYm", "reddit", "page", "", "", "reddit:share:reddit.com/u/tailhook91/s/w4yAMbtOYm"},
	{"https://www.reddit.com/gallery/hrrh23", "reddit", "post", "", "hrrh23", "reddit:post:hrrh23"},
	{"https://nm.reddit.com/r/Cricket/comments/8idvby/title/", "reddit", "post", "r/cricket", "8idvby", "reddit:post:8idvby"},
	{"https://www.redditmedia.com/r/serbia/comments/pu9wbx/title/", "reddit", "post", "r/serbia", "pu9wbx", "reddit:post:pu9wbx"},
}

func TestFromURLReddit(t *testing.T) { checkURLCases(t, redditCases) }
