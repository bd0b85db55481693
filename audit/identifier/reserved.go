package identifier

import "strings"

// Reserved paths: per platform, the first path segments that name one of
// the platform's own pages (a feed, a search, settings, legal text, a
// tool), never an account. A URL whose first segment is listed here is a
// page, unless its platform's parser reads that path's shape first (x.com's
// /i/web/status/<id>, facebook.com/groups/<id>, youtube.com/watch?v=).
// Words that are also the handle of a real account (x.com/X,
// facebook.com/facebook) are not listed: the path's shape decides, e.g.
// x.com/<handle>/<tab> needs a profile tab from xProfileTabs. Every entry is
// checked by TestReservedPaths: https://<host>/<word> must be a page, and no
// path under it may be read as the account <word>.
//
// Add a word here when a platform page is found read as a profile; each
// list is kept sorted by topic only for the reader.

// xReserved are first path segments on x.com that are not handles.
var xReserved = set(
	// timelines, search and tools
	"home", "explore", "search", "settings", "i", "notifications", "messages", "compose",
	"hashtag", "intent", "share", "lists", "bookmarks", "communities", "who_to_follow",
	"following", "followers", "media", "topics", "moments", "places", "tweetdeck",
	"analytics", "personalization", "flow", "onboarding", "embed", "widgets", "trends",
	"connect", "activity", "jobs", "download", "account", "spaces", "teams", "pro", "video",
	"show", "people", "web", "statuses", "status", "tweet", "post", "user", "home.php",
	// sign-in and sessions
	"login", "logout", "signup", "signin", "oauth", "oauth2", "session", "sessions", "welcome",
	// the company's pages
	"tos", "privacy", "about", "rules", "help", "ads", "business", "developer", "developers",
	"premium", "grok",
)

// xProfileTabs are the second path segments of x.com/<handle>/<tab> that
// show the profile; x.com/<word>/<anything else> (x.com/en/tos) is a page.
var xProfileTabs = set(
	"with_replies", "media", "likes", "highlights", "articles", "photo", "header_photo",
	"followers", "following", "verified_followers", "followers_you_follow", "lists",
	"communities", "timeline", "tweets", "info", "affiliates", "superfollows",
	"creator-subscriptions", "subscriptions", "topics", "moments", "status", "statuses",
	"posts", "replies", "nft", "memberships",
)

// facebookReserved are first path segments on facebook.com that are not
// usernames.
var facebookReserved = set(
	// feeds, tools and apps
	"watch", "marketplace", "gaming", "events", "friends", "messages", "notifications",
	"bookmarks", "saved", "memories", "fundraisers", "fundraiser", "live", "games",
	"instantgames", "pokes", "onthisday", "offers", "jobs", "latest", "feeds", "find-friends",
	"hashtag", "search", "video", "videos", "comment", "composer", "home", "home.php", "notes",
	"messenger", "groups_browse", "browse", "friendship", "watchparty", "community", "media",
	"donate", "crisisresponse", "directory", "public", "places", "pages", "groups", "people",
	"photo", "photos", "photo.php", "story.php", "permalink.php", "video.php", "profile.php",
	"reel", "reels", "stories", "me", "profile", "pg", "www", "lite", "mobile", "creators",
	// settings, accounts and ads
	"settings", "login", "login.php", "logout.php", "recover", "reg", "r.php", "checkpoint",
	"signup", "security", "ads", "adsmanager", "ad_campaign", "adpreferences", "accountquality",
	"business", "business_help", "campaign", "pay", "dyi", "privacy", "policies", "policy.php",
	"legal", "terms", "terms.php", "cookies", "help", "careers", "about", "unsupportedbrowser",
	// plumbing: link shims, dialogs, plugins, sharing
	"l.php", "flx", "sharer.php", "sharer", "share", "dialog", "plugins", "connect", "nt",
	"ajax", "api", "events.php",
	// information centres
	"climatescienceinfo", "coronavirus_info", "votinginformationcenter",
)

// facebookGroupReserved are /groups/<segment> pages that are not a group.
var facebookGroupReserved = set("feed", "discover", "joins", "create", "search", "notifications", "your_groups", "category")

// instagramReserved are first path segments on instagram.com that are not
// handles.
var instagramReserved = set(
	"explore", "accounts", "direct", "reels", "reel", "p", "tv", "stories", "about", "legal",
	"developer", "web", "challenge", "emails", "privacy", "session", "graphql", "api", "static",
	"data", "oauth", "press", "directory", "ar", "create", "lite", "nametag", "qr", "invites",
	"download", "your_activity", "notifications", "share", "topics", "locations", "igtv",
	"threads", "terms", "help", "sitemap", "fxcal", "popular", "business", "login", "signup",
	"archive", "saved", "professional_dashboard", "meta_verified", "s", "dm", "_u", "_n",
	"audio", "reels_audio",
)

// instagramStoryReserved are /stories/<segment> pages that are not a
// user's stories: /stories/me/ is the viewer's own.
var instagramStoryReserved = set("highlights", "me", "direct", "create", "archive")

// youtubeReserved are first path segments on youtube.com that are not
// legacy channel names; any segment starting with "account_" is a settings
// page too (youtubeReservedPrefixes).
var youtubeReserved = set(
	// watching, browsing and searching
	"watch", "watch_popup", "results", "feed", "playlist", "playlists", "shorts", "embed", "live",
	"v", "e", "clip", "hashtag", "source", "show", "movies", "learning", "podcasts", "courses",
	"course", "sports", "fashion", "news", "gaming", "trends", "kids", "music", "playables",
	"tv", "new", "index", "watch_videos", "view_play_list", "storefront", "store", "channel",
	"c", "user", "post", "s",
	// accounts, settings and plans
	"account", "signin", "logout", "premium", "musicpremium", "paid_memberships",
	"create_channel", "channel_switcher", "verify", "reporthistory", "subscription_manager",
	"select_site", "dashboard", "upload", "comment", "t",
	// the company's pages and plumbing
	"about", "howyoutubeworks", "creators", "ads", "jobs", "yt", "redirect", "attribution_link",
	"oembed", "iframe_api", "api", "supported_browsers", "favicon.ico", "sw.js", "robots.txt",
	"youtubei",
)

// youtubeReservedPrefixes are prefixes of first path segments that name
// settings pages (account_notifications, account_privacy, …).
var youtubeReservedPrefixes = []string{"account_"}

// musicYouTubeReserved are the pages of music.youtube.com. That host (like
// youtubekids.com) has no legacy /<name> channels, so every path it does
// not read as a video, channel or handle is a page already; the words are
// reserved on youtube.com too, so that a page key, which does not keep the
// host, reads back as the same page.
var musicYouTubeReserved = set("browse", "search", "library", "explore", "moods_and_genres", "new_releases", "charts", "playlist")

// redditReservedSubs are /r/<name> feeds that are not one community.
var redditReservedSubs = set("popular", "all", "random", "randnsfw", "friends", "mod", "myrandom", "home", "original")

// telegramReserved are first path segments on t.me that are not names.
var telegramReserved = set(
	"addstickers", "addemoji", "addtheme", "addlist", "share", "proxy", "socks", "setlanguage",
	"login", "confirmphone", "invoice", "boost", "giftcode", "contact", "joinchat", "iv", "bg",
	"msg", "msg_url", "download", "apps", "blog", "faq", "privacy", "tos", "jobs", "press",
	"support", "api", "dl", "nft", "gift", "auction",
)

// youtubeReservedWord reports whether a lower-cased first segment is a
// youtube.com page.
func youtubeReservedWord(first string) bool {
	if youtubeReserved[first] || musicYouTubeReserved[first] {
		return true
	}
	for _, p := range youtubeReservedPrefixes {
		if strings.HasPrefix(first, p) {
			return true
		}
	}
	return false
}

// reservedPaths is every list above with the host TestReservedPaths builds
// its URLs on.
var reservedPaths = []struct {
	platform, host string
	words          map[string]bool
}{
	{PlatformX, "x.com", xReserved},
	{PlatformFacebook, "www.facebook.com", facebookReserved},
	{PlatformInstagram, "www.instagram.com", instagramReserved},
	{PlatformYouTube, "www.youtube.com", youtubeReserved},
	{PlatformYouTube, "music.youtube.com", musicYouTubeReserved},
	{PlatformTelegram, "t.me", telegramReserved},
}
