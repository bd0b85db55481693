package capture

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/io"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Network buffer sizes asked of Chromium (Network.enable), so that the
// bodies of big resources are still held when the capture reads them.
const (
	totalBufferSize    = 256 << 20
	resourceBufferSize = 64 << 20
	postDataSize       = 64 << 10 // larger request bodies are read with Network.getRequestPostData

	bodyWorkers = 4 // bodies read at once
)

// bodyJob asks for the body of one exchange: its response body after
// LoadingFinished, or its request body.
type bodyJob struct {
	index int // in recorder.exchanges
	id    network.RequestID
	post  bool
}

// bodyQueue hands body jobs from the recorder, which must not block, to the
// bodyFetcher's workers. It never drops a job.
type bodyQueue struct {
	mu      sync.Mutex
	jobs    []bodyJob
	running int
	wake    chan struct{} // a job was queued
	done    chan struct{} // a job finished
}

func newBodyQueue() *bodyQueue {
	return &bodyQueue{wake: make(chan struct{}, 1), done: make(chan struct{}, 1)}
}

func (q *bodyQueue) push(j bodyJob) {
	q.mu.Lock()
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
	signal(q.wake)
}

// take waits for a job; false when ctx ends first.
func (q *bodyQueue) take(ctx context.Context) (bodyJob, bool) {
	for {
		q.mu.Lock()
		if len(q.jobs) > 0 {
			j := q.jobs[0]
			q.jobs = q.jobs[1:]
			q.running++
			more := len(q.jobs) > 0
			q.mu.Unlock()
			if more {
				signal(q.wake) // another worker may take the next one
			}
			return j, true
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-ctx.Done():
			return bodyJob{}, false
		}
	}
}

func (q *bodyQueue) finish() {
	q.mu.Lock()
	q.running--
	q.mu.Unlock()
	signal(q.done)
}

// wait returns when no job is queued or running, or with ctx's error.
func (q *bodyQueue) wait(ctx context.Context) error {
	for {
		q.mu.Lock()
		n := len(q.jobs) + q.running
		q.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-q.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// bodyFetcher reads the bodies of one tab's exchanges as they finish, so
// Chromium has had no time to evict them.
type bodyFetcher struct {
	rec     *recorder
	max     int64         // Request.MaxBodyBytes
	timeout time.Duration // per protocol call
}

// start runs the workers until tab ends; wait on the result for them to
// stop.
func (f *bodyFetcher) start(tab context.Context) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range bodyWorkers {
		wg.Go(func() {
			for {
				j, ok := f.rec.bodies.take(tab)
				if !ok {
					return
				}
				f.do(tab, j)
				f.rec.bodies.finish()
			}
		})
	}
	return &wg
}

func (f *bodyFetcher) do(tab context.Context, j bodyJob) {
	ctx, cancel := context.WithTimeout(tab, f.timeout)
	defer cancel()
	if j.post {
		res, err := chromedp.Call(ctx, network.GetRequestPostData, network.GetRequestPostDataParams{RequestID: j.id})
		if err == nil {
			f.rec.setPostData(j.index, res.PostData)
		}
		return
	}
	e := f.rec.bodyInfo(j.index)
	if e.BodySize > f.max {
		f.rec.setBody(j.index, nil, BodyTruncated, e.BodySize)
		return
	}
	res, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: j.id})
	textOnly := err == nil && !res.Base64encoded && transcoded(e, res.Body)
	switch {
	case err == nil && !textOnly:
		f.keep(j.index, res.Body, BodyKept)
	case refetchable(e):
		f.refetch(ctx, j.index, e, err, res.Body)
	case textOnly:
		f.keep(j.index, res.Body, BodyTranscoded)
	default:
		f.rec.setBody(j.index, nil, BodyMissing+": no body from the browser: "+err.Error(), e.BodySize)
	}
}

// refetch loads a body again that Chromium no longer holds (cause says
// why), or gave back transcoded to UTF-8 (cause is nil and fallback is the
// text).
func (f *bodyFetcher) refetch(ctx context.Context, i int, e Exchange, cause error, fallback []byte) {
	body, err := loadResource(ctx, cdp.FrameID(e.FrameID), e.URL, f.max)
	switch {
	case errors.Is(err, errTooLarge):
		f.rec.setBody(i, nil, BodyTruncated, int64(len(body)))
	case err == nil:
		f.keep(i, body, BodyRefetched)
	case cause == nil:
		f.keep(i, fallback, BodyTranscoded)
	default:
		f.rec.setBody(i, nil, fmt.Sprintf("%s: no body from the browser: %v; refetch: %v", BodyMissing, cause, err), e.BodySize)
	}
}

func (f *bodyFetcher) keep(i int, body []byte, state string) {
	if int64(len(body)) > f.max {
		f.rec.setBody(i, nil, BodyTruncated, int64(len(body)))
		return
	}
	if body == nil {
		body = []byte{}
	}
	f.rec.setBody(i, body, state, int64(len(body)))
}

// refetchable: only a finished GET answered 200 is loaded again; any other
// request could change something on the server or get another answer.
func refetchable(e Exchange) bool {
	return e.Method == "GET" && e.Response != nil && e.Response.Status == 200 && e.Done && e.Error == "" &&
		!e.Redirected && (strings.HasPrefix(e.URL, "http://") || strings.HasPrefix(e.URL, "https://"))
}

// transcoded: Chromium gives text bodies back as UTF-8, decoded from the
// charset of the response, so text in another charset no longer has the
// bytes the server sent. The decoded length Chromium counted as the data
// arrived tells, and so does a charset other than UTF-8 on non-ASCII text.
func transcoded(e Exchange, text []byte) bool {
	if e.BodySize > 0 && int64(len(text)) != e.BodySize {
		return true
	}
	if e.Response == nil || e.Response.Charset == "" {
		return false
	}
	switch strings.ToLower(e.Response.Charset) {
	case "utf-8", "utf8":
		return false
	}
	for _, c := range text {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

var errTooLarge = errors.New("larger than the body cap")

// loadResource fetches url again through the browser, as DevTools does for
// source maps (Network.loadNetworkResource), with the page's cookies, and
// reads the stream up to max bytes.
func loadResource(ctx context.Context, frame cdp.FrameID, url string, max int64) ([]byte, error) {
	res, err := chromedp.Call(ctx, network.LoadNetworkResource, network.LoadNetworkResourceParams{
		FrameID: frame, URL: url, Options: &network.LoadNetworkResourceOptions{IncludeCredentials: true},
	})
	if err != nil {
		return nil, err
	}
	r := res.Resource
	if r == nil || !r.Success {
		if r != nil && r.NetErrorName != "" {
			return nil, errors.New(r.NetErrorName)
		}
		return nil, errors.New("not loaded")
	}
	if r.HTTPStatusCode != 200 {
		return nil, fmt.Errorf("status %v", r.HTTPStatusCode)
	}
	defer chromedp.Call(ctx, io.Close, io.CloseParams{Handle: r.Stream}) //nolint:errcheck // the tab closes it anyway
	var body []byte
	for {
		chunk, err := chromedp.Call(ctx, io.Read, io.ReadParams{Handle: r.Stream, Size: 1 << 20})
		if err != nil {
			return nil, fmt.Errorf("read: %w", err)
		}
		body = append(body, chunk.Data...)
		if int64(len(body)) > max {
			return body, errTooLarge
		}
		if chunk.EOF {
			return body, nil
		}
	}
}

// bodyInfo copies what the fetcher needs to know of exchange i.
func (r *recorder) bodyInfo(i int) Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.exchanges[i]
	if e.Response != nil {
		res := *e.Response
		e.Response = &res
	}
	return e
}

func (r *recorder) setBody(i int, body []byte, state string, size int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := &r.exchanges[i]
	e.Body, e.BodyState, e.BodySize = body, state, size
}

func (r *recorder) setPostData(i int, b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exchanges[i].PostData = b
}
