package ripa

import (
	"slices"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit/identifier"
)

// ProfileKey returns the key of the profile-like identity a view of id
// shows, for View.Profile: the identity's own key for a profile or group,
// its owner's for a post (identifier.Identity.AccountIdentity), and ""
// for anything else (a generic web page, a post whose author the URL does
// not name, an email address or a phone number).
func ProfileKey(id identifier.Identity) string {
	a, ok := id.AccountIdentity()
	if !ok || (a.Kind != identifier.KindProfile && a.Kind != identifier.KindGroup) {
		return ""
	}
	return a.Key
}

// Collateral counts collateral intrusion (RULES.md, "Collateral
// intrusion"): for each subject, the distinct third-party profiles (views
// with a Profile and no Subjects) that the same officer, in the same
// case, viewed at most p.EpisodeGap after a view of that subject. It
// returns each subject's profile keys, sorted; the count is their number.
// Subjects with none are absent. Mentions do not make a view matched.
func Collateral(p Policy, views []View) map[string][]string {
	type session struct{ officer, kase string }
	type matched struct {
		time     time.Time
		subjects []int32
	}
	// queue holds a session's matched views within the gap, from head on.
	type queue struct {
		views []matched
		head  int
	}
	order := make([]int, len(views))
	for i := range views {
		order[i] = i
	}
	sortByTime(views, order)
	var subjects, profiles interned
	recent := map[session]*queue{}
	pairs := map[uint64]struct{}{} // subject<<32 | profile
	for _, i := range order {
		v := &views[i]
		k := session{v.Officer, v.Case}
		q := recent[k]
		if q == nil {
			q = &queue{}
			recent[k] = q
		}
		for q.head < len(q.views) && v.Time.Sub(q.views[q.head].time) > p.EpisodeGap {
			q.head++
		}
		if q.head > 64 && q.head*2 > len(q.views) {
			q.views, q.head = append(q.views[:0], q.views[q.head:]...), 0
		}
		if len(v.Subjects) > 0 {
			m := matched{time: v.Time, subjects: make([]int32, len(v.Subjects))}
			for j, s := range v.Subjects {
				m.subjects[j] = subjects.id(s)
			}
			q.views = append(q.views, m)
			continue
		}
		if v.Profile == "" || q.head == len(q.views) {
			continue
		}
		pr := uint64(profiles.id(v.Profile))
		for _, m := range q.views[q.head:] {
			for _, s := range m.subjects {
				pairs[uint64(s)<<32|pr] = struct{}{}
			}
		}
	}
	// Each subject's profiles, sorted by key: by each key's rank among
	// all the keys, sorted once.
	byKey := make([]int32, len(profiles.names))
	for i := range byKey {
		byKey[i] = int32(i)
	}
	slices.SortFunc(byKey, func(a, b int32) int { return strings.Compare(profiles.names[a], profiles.names[b]) })
	rank := make([]int32, len(byKey))
	for r, id := range byKey {
		rank[id] = int32(r)
	}
	ranks := map[uint32][]int32{}
	for pair := range pairs {
		ranks[uint32(pair>>32)] = append(ranks[uint32(pair>>32)], rank[uint32(pair)])
	}
	out := make(map[string][]string, len(ranks))
	for s, rs := range ranks {
		slices.Sort(rs)
		keys := make([]string, len(rs))
		for i, r := range rs {
			keys[i] = profiles.names[byKey[r]]
		}
		out[subjects.names[s]] = keys
	}
	return out
}

// interned numbers distinct strings from 0 in the order first seen.
type interned struct {
	ids   map[string]int32
	names []string
}

func (n *interned) id(s string) int32 {
	if id, ok := n.ids[s]; ok {
		return id
	}
	if n.ids == nil {
		n.ids = map[string]int32{}
	}
	id := int32(len(n.names))
	n.ids[s] = id
	n.names = append(n.names, s)
	return id
}
