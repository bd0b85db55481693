package capture

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/sightline-osint/sightline/capture/social"
)

// platform finds the page's platform under the request's rules.
func (s *session) platform(ctx context.Context) (*social.Rules, *social.Platform, error) {
	rules := s.req.Rules
	if rules == nil {
		rules = social.BuiltInRules()
	}
	det, err := step(ctx, s.req.StepTimeout, evalIsolated[social.Detected](s.rec.mainFrame, rules.DetectJS()))
	if err != nil {
		return nil, nil, err
	}
	href, err := step(ctx, s.req.StepTimeout, evalIsolated[string](s.rec.mainFrame, "location.href"))
	if err != nil {
		return nil, nil, err
	}
	host := ""
	if u, err := url.Parse(href); err == nil {
		host = u.Hostname()
	}
	return rules, rules.PlatformFor(host, det.Detected), nil
}

// actRounds bounds the rounds of dismissing and expanding: opening
// replies can show more "more replies" controls, up to each rule's limit.
const actRounds = 3

// readPosts reads the page's posts into Result.Posts (capture/social):
// first, when act is set, it dismisses the platform's overlays and opens
// its expanders, waiting for what each round loads. A failure costs only
// posts.json, named in Metadata.ArtefactErrors.
func (s *session) readPosts(ctx context.Context, act bool) *social.Posts {
	posts, _ := s.readPostsChecked(ctx, act)
	return posts
}

// readPostsChecked is readPosts with the report of every rule of the
// platform (nil when posts were not read).
func (s *session) readPostsChecked(ctx context.Context, act bool) (*social.Posts, *social.Check) {
	rules, p, err := s.platform(ctx)
	if err != nil {
		s.artefactError("posts", err)
		return nil, nil
	}
	if p == nil {
		return nil, nil
	}
	var actions []social.Action
	if act && len(p.Dismiss)+len(p.Expand) > 0 {
		actions = s.act(ctx, p)
	}
	g, err := step(ctx, s.req.StepTimeout, evalIsolated[social.Gathered](s.rec.mainFrame, p.GatherJS()))
	if err != nil {
		s.artefactError("posts", err)
		return nil, nil
	}
	posts := social.Extract(g, rules, p, actions)
	check := social.CheckOf(g, rules, p, posts)
	return &posts, &check
}

// CheckRules loads req.URL as a capture does, dismissing and expanding by
// the rules, and reports every rule of the page's platform with what it
// matched (`sightline rules check`), and the posts read; it preserves
// nothing.
func (b *Browser) CheckRules(ctx context.Context, req Request) (*social.Check, *social.Posts, error) {
	if _, err := checkURL(req.URL); err != nil {
		return nil, nil, fmt.Errorf("check rules on %s: %w", req.URL, err)
	}
	s := &session{b: b, req: req.withDefaults(), p: noProgress{}, rec: newRecorder(), crashed: crash{done: make(chan struct{})}}
	check, posts, err := s.check(ctx)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, nil, fmt.Errorf("check rules on %s: %w", req.URL, err)
	}
	return check, posts, nil
}

// act runs the platform's dismiss and expand rules in rounds while they
// click something, each rule up to its limit in all, and waits after each
// round for the network to go quiet (at most scrollRoundMax).
func (s *session) act(ctx context.Context, p *social.Platform) []social.Action {
	total := map[string]int{}
	var order []string
	for range actRounds {
		acted, err := step(ctx, s.req.StepTimeout, evalIsolated[social.Acted](s.rec.mainFrame, p.ActJS(total)))
		if err != nil {
			s.artefactError("posts", err)
			break
		}
		for _, a := range acted.Actions {
			if _, seen := total[a.Rule]; !seen {
				order = append(order, a.Rule)
			}
			total[a.Rule] += a.Clicks
		}
		if acted.Clicks() == 0 {
			break
		}
		round, cancel := context.WithTimeout(ctx, scrollRoundMax)
		s.rec.waitIdle(round, scrollQuiet, scrollQuiet, time.Now()) //nolint:errcheck // a page still loading is captured as it is
		cancel()
	}
	out := make([]social.Action, 0, len(order))
	for _, id := range order {
		out = append(out, social.Action{Kind: p.KindOf(id), Rule: id, Clicks: total[id]})
	}
	return out
}
