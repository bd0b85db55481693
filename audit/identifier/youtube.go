package identifier

import (
	"net/url"
	"strings"
)

// YouTube (youtube.com, music.youtube.com, youtubekids.com, youtu.be,
// youtube-nocookie.com). Keys: "youtube:@<handle>", "youtube:channel:<UC…id>"
// (case kept; also music.youtube.com/browse/<UC…id> and the live player
// /embed/live_stream?channel=), "youtube:user:<name>" and "youtube:c:<name>"
// (legacy custom URLs, /c/<name> in any script, also youtube.com/<name>),
// "youtube:video:<id>" for a video, short or live stream (watch?v=,
// watch_popup?v=, youtu.be, /shorts/, /embed/, /live/), "youtube:post:<id>"
// for a community post. A playlist's player /embed/videoseries?list= is the
// playlist's page. Account carries the same prefix ("@name",
// "channel:UC…", "user:name", "c:name"). A video URL does not name its
// channel: Account is "". Only youtube.com has /<name> channels; a page on
// another host keeps the host in its key ("youtube:page://music.youtube.com/…").

func validVideoID(s string) bool { return len(s) == 11 && validASCII(s, 11, 11, "_-") }

func validChannelID(s string) bool {
	return len(s) == 24 && strings.HasPrefix(s, "UC") && validASCII(s, 24, 24, "_-")
}

func validYouTubeHandle(s string) bool { return validUnicode(s, 3, 30, "._-·") }

func validYouTubeName(s string) bool { return validASCII(s, 1, 100, "._-") }

func youtubeVideo(id string) Identity {
	return newPost(PlatformYouTube, "", id, "youtube:video:"+id)
}

func parseYouTube(p *parts) Identity {
	s := p.segs
	if p.host == "youtu.be" {
		if len(s) == 1 && validVideoID(s[0]) {
			return youtubeVideo(s[0])
		}
		return newShare(PlatformYouTube, "youtu.be", p, "")
	}
	if len(s) == 0 {
		return youtubePage(p)
	}
	if h, ok := strings.CutPrefix(s[0], "@"); ok {
		if h = lower(h); validYouTubeHandle(h) {
			return newProfile(PlatformYouTube, "@"+h, "youtube:@"+h)
		}
		return youtubePage(p)
	}
	first := lower(s[0])
	if id, ok := parseYouTubePath(p, first); ok {
		return id
	}
	// music.youtube.com and youtubekids.com have no youtube.com/<name>
	// channels: what they do not read above is a page.
	if p.host != "youtube.com" || youtubeReservedWord(first) || !validYouTubeName(s[0]) {
		return youtubePage(p)
	}
	return newProfile(PlatformYouTube, "c:"+first, "youtube:c:"+first)
}

// youtubePage is a page on a YouTube host. music.youtube.com,
// youtubekids.com and the other hosts read paths unlike youtube.com, so
// their page keys keep the host: "youtube:page://music.youtube.com/search?q=…".
func youtubePage(p *parts) Identity {
	id := newPage(PlatformYouTube, p)
	if p.host != "youtube.com" {
		id.Key = "youtube:page://" + p.host + strings.TrimPrefix(id.Key, "youtube:page:")
	}
	return id
}

func youtubeChannel(id string) Identity {
	return newProfile(PlatformYouTube, "channel:"+id, "youtube:channel:"+id)
}

// parseYouTubePath reads the paths that name a video, channel or post.
func parseYouTubePath(p *parts, first string) (Identity, bool) {
	s := p.segs
	switch first {
	case "watch", "watch_popup":
		if v := p.get("v"); validVideoID(v) {
			return youtubeVideo(v), true
		}
	case "embed":
		return youtubeEmbed(p)
	case "shorts", "live", "v", "e":
		if len(s) >= 2 && validVideoID(s[1]) {
			return youtubeVideo(s[1]), true
		}
	case "channel":
		if len(s) >= 2 && validChannelID(s[1]) {
			return youtubeChannel(s[1]), true
		}
	case "browse":
		// music.youtube.com/browse/UC…: an artist's channel; other
		// browse ids (albums MPREb_…, playlists VL…) are pages.
		if len(s) >= 2 && validChannelID(s[1]) {
			return youtubeChannel(s[1]), true
		}
	case "c", "user":
		return youtubeLegacy(first, s)
	case "post":
		if len(s) >= 2 && validASCII(s[1], 1, 64, "_-") {
			return newPost(PlatformYouTube, "", s[1], "youtube:post:"+s[1]), true
		}
	}
	return Identity{}, false
}

// youtubeEmbed reads the player: /embed/<video id>, a playlist's player
// /embed/videoseries?list=<id> (the playlist's page) and a channel's live
// player /embed/live_stream?channel=<UC…> (the channel).
func youtubeEmbed(p *parts) (Identity, bool) {
	s := p.segs
	if len(s) < 2 {
		return Identity{}, false
	}
	switch s[1] {
	case "videoseries":
		list := p.get("list")
		if !validASCII(list, 2, 64, "_-") {
			return Identity{}, false
		}
		return Identity{Platform: PlatformYouTube, Kind: KindPage,
			Key: "youtube:page:/playlist" + canonicalQuery([]param{{"list", list}}, PlatformYouTube)}, true
	case "live_stream":
		if c := p.get("channel"); validChannelID(c) {
			return youtubeChannel(c), true
		}
		return Identity{}, false
	}
	if validVideoID(s[1]) {
		return youtubeVideo(s[1]), true
	}
	return Identity{}, false
}

// youtubeLegacy reads /c/<name> (a custom name, in any script) and
// /user/<name> (ASCII).
func youtubeLegacy(kind string, s []string) (Identity, bool) {
	if len(s) < 2 || !validYouTubeName(s[1]) && (kind != "c" || !validUnicode(s[1], 1, 100, "._-")) {
		return Identity{}, false
	}
	n := kind + ":" + lower(s[1])
	return newProfile(PlatformYouTube, n, "youtube:"+n), true
}

func youtubeKeyURL(rest string) (string, bool) {
	const host = "www.youtube.com"
	if v, ok := strings.CutPrefix(rest, "video:"); ok {
		return "https://" + host + "/watch?v=" + url.QueryEscape(v), true
	}
	for _, prefix := range []string{"post", "channel", "c", "user"} {
		if v, ok := strings.CutPrefix(rest, prefix+":"); ok {
			return pathURL(host, prefix+"/"+v), true
		}
	}
	if validChannelID(rest) {
		return pathURL(host, "channel/"+rest), true
	}
	return pathURL(host, "@"+strings.TrimPrefix(rest, "@")), true
}
