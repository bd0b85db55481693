package identifier

import "testing"

var threadsCases = []urlCase{
	{"https://www.threads.net/@zuck", "threads", "profile", "zuck", "", "threads:@zuck"},
	{"https://threads.com/@Zuck/", "threads", "profile", "zuck", "", "threads:@zuck"},
	{"https://www.threads.com/@zuck/replies", "threads", "profile", "zuck", "", "threads:@zuck"},
	{"https://www.threads.net/@zuck/post/C8abcDEF123?xmt=AQGz", "threads", "post", "zuck", "C8abcDEF123", "threads:post:C8abcDEF123"},
	{"https://www.threads.net/t/C8abcDEF123", "threads", "post", "", "C8abcDEF123", "threads:post:C8abcDEF123"},
	{"https://www.threads.net/search?q=london", "threads", "page", "", "", "threads:page:/search?q=london"},
}

var blueskyCases = []urlCase{
	{"https://bsky.app/profile/jay.bsky.team", "bluesky", "profile", "jay.bsky.team", "", "bluesky:@jay.bsky.team"},
	{"https://bsky.app/profile/Jay.Bsky.Team/", "bluesky", "profile", "jay.bsky.team", "", "bluesky:@jay.bsky.team"},
	{"https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo", "bluesky", "profile", "did:plc:oky5czdrnfjpqslsw2a5iclo", "", "bluesky:did:plc:oky5czdrnfjpqslsw2a5iclo"},
	{"https://bsky.app/profile/jay.bsky.team/post/3l6oveex3ii2l", "bluesky", "post", "jay.bsky.team", "3l6oveex3ii2l", "bluesky:@jay.bsky.team/post/3l6oveex3ii2l"},
	{"https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo/post/3l6oveex3ii2l", "bluesky", "post", "did:plc:oky5czdrnfjpqslsw2a5iclo", "3l6oveex3ii2l", "bluesky:did:plc:oky5czdrnfjpqslsw2a5iclo/post/3l6oveex3ii2l"},
	{"https://bsky.app/search?q=london", "bluesky", "page", "", "", "bluesky:page:/search?q=london"},
	{"https://bsky.app/profile/jay", "bluesky", "page", "", "", "bluesky:page:/profile/jay"},
	{"https://go.bsky.app/AbC12", "bluesky", "page", "", "", "bluesky:share:go.bsky.app/AbC12"},
}

var snapchatCases = []urlCase{
	{"https://www.snapchat.com/add/TeamSnapchat", "snapchat", "profile", "teamsnapchat", "", "snapchat:@teamsnapchat"},
	{"https://snapchat.com/add/teamsnapchat?share_id=abc&locale=en-GB", "snapchat", "profile", "teamsnapchat", "", "snapchat:@teamsnapchat"},
	{"https://www.snapchat.com/@teamsnapchat", "snapchat", "profile", "teamsnapchat", "", "snapchat:@teamsnapchat"},
	{"https://story.snapchat.com/@teamsnapchat", "snapchat", "profile", "teamsnapchat", "", "snapchat:@teamsnapchat"},
	{"https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYdmpsbm", "snapchat", "post", "", "W7_EDlXWTBiXAEEniNoMPwAAYdmpsbm", "snapchat:spotlight:W7_EDlXWTBiXAEEniNoMPwAAYdmpsbm"},
	{"https://t.snapchat.com/AbCd", "snapchat", "page", "", "", "snapchat:share:t.snapchat.com/AbCd"},
	{"https://www.snapchat.com/discover", "snapchat", "page", "", "", "snapchat:page:/discover"},
}

func TestFromURLThreads(t *testing.T)  { checkURLCases(t, threadsCases) }
func TestFromURLBluesky(t *testing.T)  { checkURLCases(t, blueskyCases) }
func TestFromURLSnapchat(t *testing.T) { checkURLCases(t, snapchatCases) }
