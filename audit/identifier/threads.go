package identifier

import "strings"

// Threads (threads.net, now threads.com). Keys: "threads:@<handle>",
// "threads:post:<code>" (/@<handle>/post/<code>, /t/<code>).

func threadsPost(h, code string) Identity {
	return newPost(PlatformThreads, h, code, "threads:post:"+code)
}

func parseThreads(p *parts) Identity {
	s := p.segs
	if len(s) == 0 {
		return newPage(PlatformThreads, p)
	}
	if h, ok := strings.CutPrefix(s[0], "@"); ok && validInstagramHandle(h) {
		h = lower(h)
		if len(s) >= 3 && strings.EqualFold(s[1], "post") && validShortcode(s[2]) {
			return threadsPost(h, s[2])
		}
		return newProfile(PlatformThreads, h, "threads:@"+h)
	}
	if len(s) >= 2 && strings.EqualFold(s[0], "t") && validShortcode(s[1]) {
		return threadsPost("", s[1])
	}
	return newPage(PlatformThreads, p)
}

func threadsKeyURL(rest string) (string, bool) {
	if code, ok := strings.CutPrefix(rest, "post:"); ok {
		return pathURL("www.threads.com", "t/"+code), true
	}
	return pathURL("www.threads.com", "@"+strings.TrimPrefix(rest, "@")), true
}

func threadsPostURL(id Identity) string {
	return pathURL("www.threads.com", "@"+id.Account+"/post/"+id.Post)
}
