package identifier

import (
	"slices"
	"strings"
)

// hostRule says which platform a host belongs to. A share host serves only
// short links whose target cannot be known offline.
type hostRule struct {
	platform string
	share    bool
}

// hostRules lists each platform's hosts. "www.", "m." and "mobile." are
// stripped before the lookup (see identify), so m.facebook.com and
// mobile.twitter.com need no entry of their own.
var hostRules = map[string]hostRule{
	"x.com":         {platform: PlatformX},
	"twitter.com":   {platform: PlatformX},
	"fxtwitter.com": {platform: PlatformX},
	"vxtwitter.com": {platform: PlatformX},
	"fixupx.com":    {platform: PlatformX},
	"fixvx.com":     {platform: PlatformX},
	"nitter.net":    {platform: PlatformX},
	"xcancel.com":   {platform: PlatformX},
	"t.co":          {platform: PlatformX, share: true},

	"facebook.com":        {platform: PlatformFacebook},
	"fb.com":              {platform: PlatformFacebook},
	"fb.me":               {platform: PlatformFacebook},
	"mbasic.facebook.com": {platform: PlatformFacebook},
	"web.facebook.com":    {platform: PlatformFacebook},
	"touch.facebook.com":  {platform: PlatformFacebook},
	"free.facebook.com":   {platform: PlatformFacebook},
	"d.facebook.com":      {platform: PlatformFacebook},
	"iphone.facebook.com": {platform: PlatformFacebook},
	"fb.watch":            {platform: PlatformFacebook, share: true},

	"instagram.com":   {platform: PlatformInstagram},
	"instagr.am":      {platform: PlatformInstagram},
	"ddinstagram.com": {platform: PlatformInstagram},

	"tiktok.com":    {platform: PlatformTikTok},
	"vm.tiktok.com": {platform: PlatformTikTok, share: true},
	"vt.tiktok.com": {platform: PlatformTikTok, share: true},
	"tiktokv.com":   {platform: PlatformTikTok},

	"youtube.com":          {platform: PlatformYouTube},
	"youtu.be":             {platform: PlatformYouTube},
	"youtube-nocookie.com": {platform: PlatformYouTube},
	"music.youtube.com":    {platform: PlatformYouTube},
	"gaming.youtube.com":   {platform: PlatformYouTube},
	"youtubekids.com":      {platform: PlatformYouTube},

	"reddit.com":      {platform: PlatformReddit},
	"old.reddit.com":  {platform: PlatformReddit},
	"new.reddit.com":  {platform: PlatformReddit},
	"np.reddit.com":   {platform: PlatformReddit},
	"i.reddit.com":    {platform: PlatformReddit},
	"amp.reddit.com":  {platform: PlatformReddit},
	"sh.reddit.com":   {platform: PlatformReddit},
	"redd.it":         {platform: PlatformReddit},
	"nm.reddit.com":   {platform: PlatformReddit},
	"redditmedia.com": {platform: PlatformReddit},

	"t.me":         {platform: PlatformTelegram},
	"telegram.me":  {platform: PlatformTelegram},
	"telegram.dog": {platform: PlatformTelegram},

	"linkedin.com": {platform: PlatformLinkedIn},
	"lnkd.in":      {platform: PlatformLinkedIn, share: true},

	"threads.net": {platform: PlatformThreads},
	"threads.com": {platform: PlatformThreads},

	"bsky.app":    {platform: PlatformBluesky},
	"go.bsky.app": {platform: PlatformBluesky, share: true},

	"snapchat.com":       {platform: PlatformSnapchat},
	"story.snapchat.com": {platform: PlatformSnapchat},
	"t.snapchat.com":     {platform: PlatformSnapchat, share: true},

	harbourlineHost: {platform: PlatformHarbourline},
}

// lookupHost finds h in hostRules, or recognises a Facebook locale host
// (en-gb.facebook.com) or a LinkedIn country host (uk.linkedin.com).
func lookupHost(h string) (hostRule, bool) {
	if r, ok := hostRules[h]; ok {
		return r, true
	}
	if sub, ok := strings.CutSuffix(h, ".facebook.com"); ok && len(sub) == 5 && sub[2] == '-' &&
		isLowerLetters(sub[:2]) && isLowerLetters(sub[3:]) {
		return hostRule{platform: PlatformFacebook}, true
	}
	if sub, ok := strings.CutSuffix(h, ".linkedin.com"); ok && len(sub) == 2 && isLowerLetters(sub) {
		return hostRule{platform: PlatformLinkedIn}, true
	}
	return hostRule{}, false
}

func isLowerLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// unwrapRule is a redirector or wrapper whose target is in a query
// parameter: Facebook's link shim and link-warning page, its embedded
// player, Google's result links. paths nil matches any path.
type unwrapRule struct {
	paths  []string
	params []string
}

var unwrapRules = map[string]unwrapRule{
	"l.facebook.com":  {paths: []string{"/l.php"}, params: []string{"u"}},
	"lm.facebook.com": {paths: []string{"/l.php"}, params: []string{"u"}},
	"facebook.com": {paths: []string{"/flx/warn", "/l.php", "/plugins/video.php", "/plugins/post.php"},
		params: []string{"u", "href"}},
	"l.instagram.com": {params: []string{"u"}},
	"youtube.com":     {paths: []string{"/redirect"}, params: []string{"q"}},
	"google.com":      {paths: []string{"/url"}, params: []string{"q", "url"}},
	"google.co.uk":    {paths: []string{"/url"}, params: []string{"q", "url"}},
	"out.reddit.com":  {params: []string{"url"}},
}

// unwrapTarget returns the http(s) URL that a redirector on host h sends
// to, or "". The target is always shorter than the redirector's URL, so
// unwrapping nested redirectors ends.
func unwrapTarget(h string, p *parts) string {
	r, ok := unwrapRules[h]
	if !ok || (r.paths != nil && !slices.Contains(r.paths, p.path)) {
		return ""
	}
	for _, k := range r.params {
		v := strings.TrimSpace(p.get(k))
		lower := strings.ToLower(v)
		if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
			return v
		}
	}
	return ""
}

// trackingParams are query parameters that record how a link was shared
// or clicked, never what it shows; dropped from every URL.
var trackingParams = set(
	"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
	"twclid", "ttclid", "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
	"_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid",
	"vero_id", "igshid", "igsh", "mibextid", "__tn__", "ref", "ref_src", "ref_url",
	"share_id", "si",
)

// trackingPrefixes are prefixes of tracking parameter names.
var trackingPrefixes = []string{"utm_", "__cft__", "__xts__", "_hs"}

// platformTracking are parameters that only track on one platform (on
// x.com "s" and "t" record the sharing client; elsewhere they may matter).
var platformTracking = map[string]map[string]bool{
	PlatformX: set("s", "t", "src", "cxt", "lang"),
	PlatformFacebook: set("rdid", "share_url", "sfnsn", "paipv", "eav", "hc_ref", "hc_location",
		"fref", "rc", "notif_id", "notif_t", "refid", "_rdr", "_rdc", "locale", "acontext", "extid",
		"comment_id", "reply_comment_id", "sk", "hl"),
	PlatformInstagram: set("img_index", "hl", "utm_source"),
	PlatformTikTok: set("is_from_webapp", "sender_device", "sender_web_id", "_r", "_t", "u_code",
		"preview_pb", "share_app_id", "share_link_id", "social_sharing", "tt_from", "checksum",
		"web_id", "lang", "refer", "enter_from", "is_copy_url", "timestamp", "user_id", "sec_user_id"),
	PlatformYouTube: set("feature", "pp", "ab_channel", "app", "embeds_referring_euri",
		"embeds_referring_origin", "source_ve_path", "hl", "gl"),
	PlatformReddit:   set("ref_source", "context", "rdt", "share_id", "sort"),
	PlatformLinkedIn: set("trk", "trackingid", "lipi", "midtoken", "midsig", "trkemail", "eid", "originalsubdomain", "original_referer", "rcm"),
	PlatformThreads:  set("xmt", "slof", "hl"),
	PlatformSnapchat: set("locale", "sender_web_id", "share_id"),
}

// isTracking reports whether the parameter k tracks rather than
// identifies, in general or on platform.
func isTracking(k, platform string) bool {
	lk := strings.ToLower(k)
	if trackingParams[lk] || platformTracking[platform][lk] {
		return true
	}
	for _, prefix := range trackingPrefixes {
		if strings.HasPrefix(lk, prefix) {
			return true
		}
	}
	return false
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
