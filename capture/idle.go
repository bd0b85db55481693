package capture

import (
	"context"
	"time"
)

// waitIdle returns once no request is in flight, grace has passed since
// `since`, and, when a request started or ended after `since`, quiet has
// passed since the last one did; or with ctx's error. So what happened
// before `since` (the load event: the page's own loading) does not count,
// while requests that start after it, and chains of requests, are waited
// for. It returns when the network went quiet: the last request's end, or
// since.
func (r *recorder) waitIdle(ctx context.Context, quiet, grace time.Duration, since time.Time) (time.Time, error) {
	for {
		r.mu.Lock()
		busy, last := len(r.inflight), r.activity
		r.mu.Unlock()
		idle, end := since, since.Add(grace)
		if last.After(since) {
			idle, end = last, later(end, last.Add(quiet))
		}
		var t *time.Timer
		var wake <-chan time.Time
		if busy == 0 {
			left := time.Until(end)
			if left <= 0 {
				return idle, nil
			}
			t = time.NewTimer(left)
			wake = t.C
		}
		select {
		case <-r.changed:
		case <-wake:
		case <-ctx.Done():
		}
		if t != nil {
			t.Stop()
		}
		if err := ctx.Err(); err != nil {
			return time.Time{}, err
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// loadedSince is when the capture saw the load event (local clock), zero
// before it.
func (r *recorder) loadedSince() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.loadedAt
}

// Timing dates the page's progress, in UTC to the millisecond; a zero time
// means the page never got there.
type Timing struct {
	NavigationStart  time.Time `json:"navigation_start,omitzero"` // the main document's request was sent
	DOMContentLoaded time.Time `json:"dom_content_loaded,omitzero"`
	Load             time.Time `json:"load,omitzero"` // the load event
	// NetworkIdle is when the network went quiet for good: the end of the
	// last request after the load event, or the load event when none came
	// after it.
	NetworkIdle time.Time `json:"network_idle,omitzero"`
	CaptureEnd  time.Time `json:"capture_end,omitzero"`
}

// timing fills in what the recorder saw of the page's lifecycle.
func (r *recorder) timing(t *Timing) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t.DOMContentLoaded, t.Load = r.domAt, r.loadAt
	for _, e := range r.exchanges[r.navStart:] {
		if e.loaderID != "" && e.FrameID == string(r.mainFrame) && e.Type == "Document" {
			t.NavigationStart = e.Sent
			return
		}
	}
}
