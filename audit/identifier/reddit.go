package identifier

import "strings"

// Reddit. Keys: "reddit:u/<user>" (a profile; /user/<name>, /u/<name> and
// the profile subreddit /r/u_<name>), "reddit:r/<subreddit>" (a group),
// "reddit:post:<id>" for a thread (its comment permalinks and /gallery/<id>
// included).
// Account is the user name, or "r/<subreddit>" for a thread posted in a
// subreddit, so that viewing the thread counts as viewing the subreddit.
// A share link under a user (/u/<name>/s/<code>) is made by whoever shared
// it: a page "reddit:share:reddit.com/u/<name>/s/<code>" with no Account.

func validRedditUser(s string) bool { return validASCII(s, 3, 20, "_-") }

func validSubreddit(s string) bool { return validASCII(s, 2, 21, "_") }

// base36 reads a thread id, lower-cased, or "".
func base36(s string) string {
	if !validASCII(s, 1, 13, "") {
		return ""
	}
	return lower(s)
}

func parseReddit(p *parts) Identity {
	s := p.segs
	if p.host == "redd.it" {
		if len(s) == 1 {
			if id := base36(s[0]); id != "" {
				return newPost(PlatformReddit, "", id, "reddit:post:"+id)
			}
		}
		return newShare(PlatformReddit, "redd.it", p, "")
	}
	if len(s) < 2 {
		return newPage(PlatformReddit, p)
	}
	switch lower(s[0]) {
	case "user", "u":
		if len(s) >= 4 && strings.EqualFold(s[2], "s") {
			// /u/<name>/s/<code>: a share link made by <name>; where it
			// leads only Reddit knows, and it is no visit to the profile.
			return newShare(PlatformReddit, "reddit.com", &parts{path: "/u/" + lower(s[1]) + "/s/" + s[3]}, "")
		}
		if validRedditUser(s[1]) {
			return redditUser(lower(s[1]), s[2:])
		}
	case "r":
		return parseSubreddit(p)
	case "comments", "gallery":
		// /gallery/<id> is the thread of a gallery post.
		if id := base36(s[1]); id != "" {
			return newPost(PlatformReddit, "", id, "reddit:post:"+id)
		}
	}
	return newPage(PlatformReddit, p)
}

// redditUser reads the path after /user/<name>: /comments/<id>/… is a post
// on the user's profile, anything else the profile.
func redditUser(name string, rest []string) Identity {
	if len(rest) >= 2 && strings.EqualFold(rest[0], "comments") {
		if id := base36(rest[1]); id != "" {
			return newPost(PlatformReddit, name, id, "reddit:post:"+id)
		}
	}
	return newProfile(PlatformReddit, name, "reddit:u/"+name)
}

func parseSubreddit(p *parts) Identity {
	s := p.segs
	sub := lower(s[1])
	if name, ok := strings.CutPrefix(sub, "u_"); ok && validRedditUser(name) {
		return redditUser(name, s[2:])
	}
	if redditReservedSubs[sub] || !validSubreddit(s[1]) {
		return newPage(PlatformReddit, p)
	}
	acct := "r/" + sub
	if len(s) >= 4 {
		switch lower(s[2]) {
		case "comments":
			if id := base36(s[3]); id != "" {
				return newPost(PlatformReddit, acct, id, "reddit:post:"+id)
			}
		case "s":
			// /r/<sub>/s/<code>: a share link to a thread in the subreddit.
			return newShare(PlatformReddit, "reddit.com", p, acct)
		}
	}
	return newGroup(PlatformReddit, acct, "reddit:"+acct)
}

func redditKeyURL(rest string) (string, bool) {
	const host = "www.reddit.com"
	rest = strings.TrimPrefix(rest, "/")
	if id, ok := strings.CutPrefix(rest, "post:"); ok {
		return pathURL(host, "comments/"+id), true
	}
	if strings.HasPrefix(rest, "r/") {
		return pathURL(host, rest), true
	}
	if name, ok := strings.CutPrefix(rest, "u/"); ok {
		rest = name
	}
	return pathURL(host, "user/"+rest), true
}

func redditPostURL(id Identity) string {
	if strings.HasPrefix(id.Account, "r/") {
		return pathURL("www.reddit.com", id.Account+"/comments/"+id.Post)
	}
	return pathURL("www.reddit.com", "user/"+id.Account+"/comments/"+id.Post)
}
