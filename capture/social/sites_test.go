package social_test

// routes are the fixture pages: host and path -> file under testdata/sites.
// A key with "?query" serves that query only (serveSite tries it first).
// Images under the platforms' media hosts are generated; other paths 404.
var routes = map[string]string{
	"x.com/jsmith_ops/status/1864011122233344556":                                     "x/post.html",
	"x.com/i/api/graphql/TweetDetail":                                                 "x/TweetDetail.json",
	"www.reddit.com/r/harbourtown/comments/1h5kq2z/new_ferry_timetable_from_january/": "reddit/post.html",
	"www.reddit.com/svc/shreddit/more-comments/harbourtown/t1_m0aa002":                "reddit/more-comments.html",

	"www.facebook.com/harbourtownferries/posts/pfbid02Xk9aQ7mNw3LrT5vH1sJ8uYbC4dE6fG7hK2pQ9wZ1xR3mL": "facebook/post.html",
	"www.facebook.com/api/graphql/":                                                                "facebook/graphql.json",
	"www.instagram.com/api/v1/media/3512345678901234567/comments/":                                 "instagram/comments.json",
	"www.instagram.com/p/DCx7kQ2sL1a/":                                                             "instagram/post.html",
	"www.tiktok.com/@coastal.kit/video/7445123456789012345":                                        "tiktok/video.html",
	"www.tiktok.com/api/comment/list/":                                                             "tiktok/comments.json",
	"v16-webapp-prime.tiktok.com/video/tos/useast2a/tos-useast2a-pve-0068/oQAbCdEf1234/":           "tiktok/video.mp4",
	"www.youtube.com/watch":                                                                        "youtube/watch.html",
	"www.youtube.com/youtubei/v1/next":                                                             "youtube/next.json",
	"t.me/s/harbourtown_news":                                                                      "telegram/channel.html",
	"www.linkedin.com/posts/alys-morgan-4b2a1c_ferries-electric-activity-7270123456789012480-Qx3e": "linkedin/post.html",
	"bsky.app/profile/rhian.bsky.social/post/3lcxyz2abc22k":                                        "bluesky/thread.html",
	"www.threads.com/@tomos.builds/post/DCy3pQ8oK2L":                                               "threads/post.html",
	"mastodon.example/@dewi/113600000000000001":                                                    "mastodon/status.html",
	"forum.harbourtown.example/latest":                                                             "feed/latest.html",
	"forum.harbourtown.example/latest?page=2":                                                      "feed/latest-2.html",
	"forum.harbourtown.example/latest?page=3":                                                      "feed/latest-3.html",
	"forum.harbourtown.example/latest?page=4":                                                      "feed/latest-4.html",
	"forum.harbourtown.example/latest?page=5":                                                      "feed/latest-5.html",
	"forum.harbourtown.example/latest?page=6":                                                      "feed/latest-6.html",
	"community.harbourtown.example/noticeboard":                                                    "generic/board.html",
}

// mediaHosts serve a small PNG for any path.
var mediaHosts = []string{"pbs.twimg.com", "i.redd.it", "preview.redd.it", "scontent.cdninstagram.com",
	"p16-sign.tiktokcdn.com", "i.ytimg.com", "cdn4.telesco.pe", "media.licdn.com", "cdn.bsky.app", "files.mastodon.example",
	"scontent-lhr8-1.xx.fbcdn.net", "yt3.ggpht.com", "static.licdn.com", "media.harbourtown.example"}

// platformCase is one fixture page and its expected posts.json.
type platformCase struct {
	url, want string
}

var platformCases = []platformCase{
	{"https://x.com/jsmith_ops/status/1864011122233344556", "x/post.posts.json"},
	{"https://www.reddit.com/r/harbourtown/comments/1h5kq2z/new_ferry_timetable_from_january/", "reddit/post.posts.json"},
	{"https://www.facebook.com/harbourtownferries/posts/pfbid02Xk9aQ7mNw3LrT5vH1sJ8uYbC4dE6fG7hK2pQ9wZ1xR3mL", "facebook/post.posts.json"},
	{"https://www.instagram.com/p/DCx7kQ2sL1a/", "instagram/post.posts.json"},
	{"https://www.tiktok.com/@coastal.kit/video/7445123456789012345", "tiktok/video.posts.json"},
	{"https://www.youtube.com/watch?v=Qx7hT2mLk9A", "youtube/watch.posts.json"},
	{"https://t.me/s/harbourtown_news", "telegram/channel.posts.json"},
	{"https://www.linkedin.com/posts/alys-morgan-4b2a1c_ferries-electric-activity-7270123456789012480-Qx3e", "linkedin/post.posts.json"},
	{"https://bsky.app/profile/rhian.bsky.social/post/3lcxyz2abc22k", "bluesky/thread.posts.json"},
	{"https://www.threads.com/@tomos.builds/post/DCy3pQ8oK2L", "threads/post.posts.json"},
	{"https://mastodon.example/@dewi/113600000000000001", "mastodon/status.posts.json"},
	{"https://community.harbourtown.example/noticeboard", "generic/board.posts.json"},
}
