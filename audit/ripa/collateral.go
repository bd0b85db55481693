package ripa

import (
	"slices"

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
	order := make([]int, len(views))
	for i := range views {
		order[i] = i
	}
	sortByTime(views, order)
	recent := map[session][]int{} // matched views within the gap, per session
	found := map[string]map[string]bool{}
	for _, i := range order {
		v := &views[i]
		k := session{v.Officer, v.Case}
		q := recent[k]
		for len(q) > 0 && v.Time.Sub(views[q[0]].Time) > p.EpisodeGap {
			q = q[1:]
		}
		if len(v.Subjects) > 0 {
			recent[k] = append(q, i)
			continue
		}
		recent[k] = q
		if v.Profile == "" {
			continue
		}
		for _, m := range q {
			for _, s := range views[m].Subjects {
				if found[s] == nil {
					found[s] = map[string]bool{}
				}
				found[s][v.Profile] = true
			}
		}
	}
	return sortedSets(found)
}

// sortedSets turns each set into its sorted members.
func sortedSets(sets map[string]map[string]bool) map[string][]string {
	out := make(map[string][]string, len(sets))
	for s, set := range sets {
		keys := make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out[s] = keys
	}
	return out
}
