package identifier

import "strings"

// LinkedIn. Keys: "linkedin:in/<slug>" (a person; also /mwlite/in/<slug>),
// "linkedin:pub/<name>/<a>/<b>/<c>" (a person's old public URL),
// "linkedin:company/<slug>",
// "linkedin:school/<slug>", "linkedin:showcase/<slug>" and
// "linkedin:groups/<id>" (groups), and "linkedin:<type>:<id>" for a post,
// type one of activity, share, ugcpost (from /feed/update/urn:li:…, and from
// /posts/<slug>_…-activity-<id>-…, whose slug prefix becomes Account).
// Account is the person's slug, or "company/<slug>" and so on for a group.

var linkedinGroupKinds = set("company", "school", "showcase")

// linkedinURNTypes maps a post type, lower-cased, to its spelling in a URN.
var linkedinURNTypes = map[string]string{"activity": "activity", "share": "share", "ugcpost": "ugcPost"}

// linkedinSlugTypes are the post types a /posts/ slug may end with, in the
// order they are looked for.
var linkedinSlugTypes = []string{"activity", "ugcpost", "share"}

func validLinkedInSlug(s string) bool { return validUnicode(s, 2, 100, "-_") }

// validLinkedInPageSlug accepts a company, school or showcase slug, which
// may carry dots, '&', apostrophes and dashes ("upjers-gmbh-&-co.-kg").
func validLinkedInPageSlug(s string) bool {
	return validUnicode(s, 1, 150, "-_.&'’–—+!,()") && strings.Trim(s, ".") != ""
}

func parseLinkedIn(p *parts) Identity {
	s := p.segs
	if len(s) >= 3 && strings.EqualFold(s[0], "mwlite") {
		s = s[1:] // the lite site: /mwlite/in/<slug>
	}
	if len(s) < 2 {
		return newPage(PlatformLinkedIn, p)
	}
	first := lower(s[0])
	var (
		id Identity
		ok bool
	)
	switch {
	case first == "in" || linkedinGroupKinds[first]:
		id, ok = linkedinAccount(first, lower(s[1]))
	case first == "pub":
		id, ok = linkedinPub(s[1:])
	case first == "groups" && isDigits(s[1]):
		id, ok = newGroup(PlatformLinkedIn, "groups/"+s[1], "linkedin:groups/"+s[1]), true
	case first == "posts":
		id, ok = linkedinPostSlug(s[1])
	case first == "feed" && len(s) >= 3 && strings.EqualFold(s[1], "update"):
		id, ok = linkedinURN(s[2], "")
	case first == "embed" && len(s) >= 4 && strings.EqualFold(s[2], "update"):
		id, ok = linkedinURN(s[3], "")
	}
	if !ok {
		return newPage(PlatformLinkedIn, p)
	}
	return id
}

// linkedinAccount is a person (kind "in") or a company, school or showcase
// page.
func linkedinAccount(kind, slug string) (Identity, bool) {
	if kind == "in" {
		if !validLinkedInSlug(slug) {
			return Identity{}, false
		}
		return newProfile(PlatformLinkedIn, slug, "linkedin:in/"+slug), true
	}
	if !validLinkedInPageSlug(slug) {
		return Identity{}, false
	}
	return newGroup(PlatformLinkedIn, kind+"/"+slug, "linkedin:"+kind+"/"+slug), true
}

// linkedinPub reads the old public profile /pub/<name>/<a>/<b>/<c>, a
// person whose /in/ slug only LinkedIn can tell; its Account is
// "pub/<name>/<a>/<b>/<c>". /pub/dir/… is the directory's search.
func linkedinPub(s []string) (Identity, bool) {
	if len(s) != 4 || strings.EqualFold(s[0], "dir") || !validLinkedInSlug(s[0]) {
		return Identity{}, false
	}
	for _, part := range s[1:] {
		if !validASCII(part, 1, 3, "") {
			return Identity{}, false
		}
	}
	acct := lower("pub/" + strings.Join(s, "/"))
	return newProfile(PlatformLinkedIn, acct, "linkedin:"+acct), true
}

// linkedinURN reads urn:li:<type>:<id>.
func linkedinURN(seg, acct string) (Identity, bool) {
	f := strings.Split(seg, ":")
	if len(f) != 4 || !strings.EqualFold(f[0], "urn") || !strings.EqualFold(f[1], "li") || !isDigits(f[3]) {
		return Identity{}, false
	}
	t := lower(f[2])
	if _, ok := linkedinURNTypes[t]; !ok {
		return Identity{}, false
	}
	return newPost(PlatformLinkedIn, acct, f[3], "linkedin:"+t+":"+f[3]), true
}

// linkedinPostSlug reads <author>_<title>-activity-<id>-<check>; the
// author is a person's slug or a company's (the URL does not say which;
// Account takes it as a person's).
func linkedinPostSlug(seg string) (Identity, bool) {
	ls := lower(seg)
	for _, t := range linkedinSlugTypes {
		i := strings.LastIndex(ls, t+"-")
		if i <= 0 || (ls[i-1] != '-' && ls[i-1] != '_') {
			continue
		}
		id := ls[i+len(t)+1:]
		if j := strings.IndexByte(id, '-'); j >= 0 {
			id = id[:j]
		}
		if !isDigits(id) {
			continue
		}
		author, _, _ := strings.Cut(ls, "_")
		if !strings.Contains(ls, "_") || !validLinkedInSlug(author) {
			author = ""
		}
		return newPost(PlatformLinkedIn, author, id, "linkedin:"+t+":"+id), true
	}
	return Identity{}, false
}

func linkedinKeyURL(rest string) (string, bool) {
	const host = "www.linkedin.com"
	if t, id, ok := strings.Cut(rest, ":"); ok {
		if urn, known := linkedinURNTypes[t]; known {
			return pathURL(host, "feed/update/urn:li:"+urn+":"+id), true
		}
		return "", false
	}
	kind, _, _ := strings.Cut(rest, "/")
	if kind == "in" || kind == "groups" || kind == "pub" || linkedinGroupKinds[kind] {
		return pathURL(host, rest), true
	}
	return pathURL(host, "in/"+rest), true
}
