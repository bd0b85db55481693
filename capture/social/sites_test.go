package social_test

// routes are the fixture pages: host and path -> file under testdata/sites.
// Images under the platforms' media hosts are generated; other paths 404.
var routes = map[string]string{
	"x.com/jsmith_ops/status/1864011122233344556":                                     "x/post.html",
	"x.com/i/api/graphql/TweetDetail":                                                 "x/TweetDetail.json",
	"www.reddit.com/r/harbourtown/comments/1h5kq2z/new_ferry_timetable_from_january/": "reddit/post.html",
	"www.reddit.com/svc/shreddit/more-comments/harbourtown/t1_m0aa002":                "reddit/more-comments.html",
}

// mediaHosts serve a small PNG for any path.
var mediaHosts = []string{"pbs.twimg.com", "i.redd.it", "preview.redd.it", "scontent.cdninstagram.com",
	"p16-sign.tiktokcdn.com", "i.ytimg.com", "cdn4.telesco.pe", "media.licdn.com", "cdn.bsky.app", "files.mastodon.example"}

// platformCase is one fixture page and its expected posts.json.
type platformCase struct {
	url, want string
}

var platformCases = []platformCase{
	{"https://x.com/jsmith_ops/status/1864011122233344556", "x/post.posts.json"},
	{"https://www.reddit.com/r/harbourtown/comments/1h5kq2z/new_ferry_timetable_from_january/", "reddit/post.posts.json"},
}
