package ripa

import (
	"encoding/binary"
	"slices"
	"testing"
	"time"
)

// fuzzCase decodes fuzz input into a policy, authorisations and views.
// Header (8 bytes): gap minutes, window hours (2), warn, ask (signed, so
// invalid policies occur), authorisation 1 start day and length in days,
// authorisation 2 start day. Then 4 bytes a view: minutes after t0 (2),
// subjects s1..s3 (bits 0-2), a mention of s1 (bit 3), justified s1 and s2
// (bits 4-5), and the linked reference (low 2 bits of the last byte: none,
// A1, A2, A9).
func fuzzCase(data []byte) (Policy, []Authorisation, []View) {
	var h [8]byte
	copy(h[:], data)
	p := Policy{
		EpisodeGap:    time.Duration(h[0]) * time.Minute,
		Window:        time.Duration(binary.BigEndian.Uint16(h[1:3])) * time.Hour,
		WarnAtEpisode: int(int8(h[3])),
		AskAtEpisode:  int(int8(h[4])),
	}
	auths := []Authorisation{
		{Ref: "A1", Subjects: []string{"s1"}, From: t0.Add(time.Duration(h[5]%40) * day), To: t0.Add(time.Duration(h[5]%40+h[6]%10) * day)},
		{Ref: "A2", Subjects: []string{"s1", "s2"}, From: t0.Add(time.Duration(h[7]%40) * day), To: t0.Add(time.Duration(h[7]%40+3) * day)},
	}
	var views []View
	rest := data[min(len(data), 8):]
	for i := 0; i+4 <= len(rest) && len(views) < 64; i += 4 {
		b := rest[i : i+4]
		v := View{ID: int64(len(views) + 1), Time: t0.Add(time.Duration(binary.BigEndian.Uint16(b[0:2])) * time.Minute)}
		for j, s := range []string{"s1", "s2", "s3"} {
			if b[2]&(1<<j) != 0 {
				v.Subjects = append(v.Subjects, s)
			}
		}
		if b[2]&8 != 0 {
			v.Mentions = []string{"s1"}
		}
		if b[2]&16 != 0 {
			v.Justified = append(v.Justified, "s1")
		}
		if b[2]&32 != 0 {
			v.Justified = append(v.Justified, "s2")
		}
		v.Authorisation = []string{"", "A1", "A2", "A9"}[b[3]&3]
		if b[3]&4 != 0 {
			v.Profile = "x:@third"
		}
		views = append(views, v)
	}
	return p, auths, views
}

func FuzzRules(f *testing.F) {
	f.Add([]byte{30, 0x02, 0xa0, 2, 3, 4, 3, 20, 0, 0, 1, 0, 0, 20, 1, 0, 0x0b, 0x40, 1, 1, 0x1c, 0x00, 0x11, 0x01})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 3, 0, 0, 7, 3})
	f.Add([]byte{255, 255, 255, 200, 100, 39, 9, 39, 255, 255, 63, 7, 0, 0, 63, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, auths, views := fuzzCase(data)
		for _, s := range []string{"s1", "s2", "s3"} {
			checkPartition(t, p, s, views)
		}
		now := t0.Add(30 * day)
		if len(data) > 1 {
			now = t0.Add(time.Duration(data[len(data)-1]) * 3 * time.Hour)
		}
		v := Check(p, now, []Subject{{ID: "s1"}, {ID: "s2"}, {ID: "s3"}}, views, auths)
		if v.Action.rank() > 2 || v.EpisodeNumber < 1 || len(v.Subjects) != 3 {
			t.Fatalf("verdict %+v", v)
		}
		flags := Flags(p, views, auths)
		Collateral(p, views)
		if p.Validate() == nil {
			for _, s := range []string{"s1", "s2", "s3"} {
				checkReplay(t, p, s, views, auths, flags)
			}
		}
	})
}

// checkPartition asserts that Episodes puts every view of s in exactly
// one episode, in time order, with gaps at most EpisodeGap inside an
// episode and more than it between episodes.
func checkPartition(t *testing.T, p Policy, s string, views []View) {
	var want, got []int
	for i, v := range views {
		if slices.Contains(v.Subjects, s) {
			want = append(want, i)
		}
	}
	eps := Episodes(p, s, views)
	for k, ep := range eps {
		if len(ep.Views) == 0 {
			t.Fatalf("%s episode %d is empty", s, k+1)
		}
		if k > 0 && ep.Start.Sub(eps[k-1].End) <= p.EpisodeGap {
			t.Fatalf("%s episodes %d and %d are within the gap", s, k, k+1)
		}
		if !ep.Start.Equal(views[ep.Views[0]].Time) || !ep.End.Equal(views[ep.Views[len(ep.Views)-1]].Time) {
			t.Fatalf("%s episode %d bounds do not match its views", s, k+1)
		}
		for j, i := range ep.Views {
			if j > 0 {
				d := views[i].Time.Sub(views[ep.Views[j-1]].Time)
				if d < 0 || d > p.EpisodeGap {
					t.Fatalf("%s episode %d: views %d apart", s, k+1, d)
				}
			}
			got = append(got, i)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("%s: episodes hold views %v, want %v", s, got, want)
	}
}

// checkReplay asserts that Flags agrees with Check asked at each view of
// s with the views before it: the same episode number on every flag; an
// unauthorised-repeat flag exactly at the first view of each episode that
// Check answered at or past AskAtEpisode with no authorisation; and an
// expired-authorisation flag at every view where Check reports a lapsed
// authorisation at or past AskAtEpisode, and at no other unlinked view.
func checkReplay(t *testing.T, p Policy, s string, views []View, auths []Authorisation, flags []Flag) {
	var order []int
	for i, v := range views {
		if slices.Contains(v.Subjects, s) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return views[a].Time.Compare(views[b].Time) })
	episode := map[int64]int{}
	lapsed := map[int64]bool{} // Check reports a lapsed authorisation at or past the threshold
	var wantRepeat []int64
	flagged := false
	for k, i := range order {
		prior := make([]View, 0, k)
		for _, j := range order[:k] {
			prior = append(prior, views[j])
		}
		v := Check(p, views[i].Time, []Subject{{ID: s}}, prior, auths)
		episode[views[i].ID] = v.EpisodeNumber
		lapsed[views[i].ID] = v.Lapsed != nil && v.EpisodeNumber >= p.AskAtEpisode
		if v.NewEpisode {
			flagged = false
		}
		if v.EpisodeNumber >= p.AskAtEpisode && v.Authorisation == nil && !flagged {
			flagged = true
			wantRepeat = append(wantRepeat, views[i].ID)
		}
	}
	var gotRepeat []int64
	for _, f := range flags {
		if f.Subject != s || f.Episode == 0 {
			continue
		}
		if f.Episode != episode[f.View] {
			t.Fatalf("%s flag %s at view %d: episode %d, Check says %d", s, f.Kind, f.View, f.Episode, episode[f.View])
		}
		switch f.Kind {
		case FlagUnauthorisedRepeat:
			gotRepeat = append(gotRepeat, f.View)
		case FlagExpiredAuthorisation:
			if views[f.View-1].Authorisation == "" && !lapsed[f.View] {
				t.Fatalf("%s: expired-authorisation at unlinked view %d where Check reports no lapse", s, f.View)
			}
			delete(lapsed, f.View)
		}
	}
	for id, l := range lapsed {
		if l {
			t.Fatalf("%s: Check reports a lapsed authorisation at view %d, Flags does not", s, id)
		}
	}
	slices.Sort(gotRepeat)
	slices.Sort(wantRepeat)
	if !slices.Equal(gotRepeat, wantRepeat) {
		t.Fatalf("%s: unauthorised-repeat at views %v, Check asks at %v", s, gotRepeat, wantRepeat)
	}
}

// FuzzParsePolicy parses arbitrary policy files: ParsePolicy must not
// panic, a policy it accepts must be valid, and Format must write it so
// that ParsePolicy gives the same policy and Format the same bytes.
func FuzzParsePolicy(f *testing.F) {
	f.Add(DefaultPolicy().Format())
	for _, s := range []string{
		"version = 1\n",
		"version = 1\nepisode_gap = \"1h\"\nwindow = \"14d\"\nwarn_at_episode = 3\nask_at_episode = 4\n",
		"version = 1\nwindow = \"1d12h\"\nepisode_gap = \"+90s\"\n",
		"version = 1\nepisode_gap = \"1.5s\"\nwindow = \"106751d23h47m16.854775807s\"\n",
		"version = 1\nwindow = \"-+1d\"\n",
		"version = 1\nask_at_episode = 2147483647\nwarn_at_episode = 1\n",
		"version = 2\n",
		"version = 1\n[flags]\njustification = false\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParsePolicy accepted an invalid policy %+v: %v", p, err)
		}
		text := p.Format()
		q, err := ParsePolicy(text)
		if err != nil {
			t.Fatalf("ParsePolicy(Format(%+v)): %v\n%s", p, err, text)
		}
		if q != p {
			t.Fatalf("round trip: got %+v, want %+v\n%s", q, p, text)
		}
		if again := q.Format(); string(again) != string(text) {
			t.Fatalf("Format differs after a round trip:\n%s\nthen\n%s", text, again)
		}
	})
}
