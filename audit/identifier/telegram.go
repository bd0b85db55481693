package identifier

import "strings"

// Telegram. Keys: "telegram:@<name>" for a public channel, group, bot or
// user (t.me/<name>, t.me/s/<name>; one name space, so all are profiles),
// "telegram:@<name>/<n>" for a message (message numbers count per
// channel), "telegram:c/<id>" and "telegram:c/<id>/<n>" for a private
// supergroup and its messages, "telegram:+<hash>" for an invite link
// (t.me/+<hash>, t.me/joinchat/<hash>), a group. Account is the name,
// "c/<id>" or "+<hash>".

// validTelegramName accepts a public username: 4 to 32 letters, digits
// and '_', starting with a letter (t.me/<digits> names no one).
func validTelegramName(s string) bool {
	return validASCII(s, 4, 32, "_") && ('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z')
}

func parseTelegram(p *parts) Identity {
	s := p.segs
	if len(s) > 0 && strings.EqualFold(s[0], "s") {
		s = s[1:] // t.me/s/<name>: the channel's web preview
	}
	if len(s) == 0 {
		return newPage(PlatformTelegram, p)
	}
	if id, ok := parseTelegramPrivate(s); ok {
		return id
	}
	first := lower(s[0])
	if telegramReserved[first] || !validTelegramName(s[0]) {
		return newPage(PlatformTelegram, p)
	}
	if len(s) >= 2 && isDigits(s[1]) {
		return newPost(PlatformTelegram, first, s[1], "telegram:@"+first+"/"+s[1])
	}
	return newProfile(PlatformTelegram, first, "telegram:@"+first)
}

// parseTelegramPrivate reads invite links (/+<hash>, /joinchat/<hash>) and
// private supergroups (/c/<id>[/<topic>]/<n>).
func parseTelegramPrivate(s []string) (Identity, bool) {
	if h, ok := strings.CutPrefix(s[0], "+"); ok {
		return telegramInvite(h)
	}
	switch lower(s[0]) {
	case "joinchat":
		if len(s) >= 2 {
			return telegramInvite(s[1])
		}
	case "c":
		if len(s) < 2 || !isDigits(s[1]) {
			return Identity{}, false
		}
		acct := "c/" + s[1]
		if n := s[len(s)-1]; len(s) >= 3 && isDigits(n) {
			return newPost(PlatformTelegram, acct, n, "telegram:"+acct+"/"+n), true
		}
		return newGroup(PlatformTelegram, acct, "telegram:"+acct), true
	}
	return Identity{}, false
}

// telegramInvite is the group an invite link admits to; the hash is case
// sensitive.
func telegramInvite(hash string) (Identity, bool) {
	if !validASCII(hash, 1, 64, "_-") {
		return Identity{}, false
	}
	return newGroup(PlatformTelegram, "+"+hash, "telegram:+"+hash), true
}

func telegramKeyURL(rest string) (string, bool) {
	return pathURL("t.me", strings.TrimPrefix(rest, "@")), true
}
