package capture

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
)

// Exchange is one HTTP request the tab made and the response it got. A
// redirect is an exchange of its own whose Response is the 3xx; the request
// that follows it has the same RequestID.
type Exchange struct {
	RequestID      string            `json:"request_id"`
	Type           string            `json:"type"` // Chromium's resource type: Document, Script, Image, XHR, ...
	FrameID        string            `json:"frame_id,omitempty"`
	Method         string            `json:"method"`
	URL            string            `json:"url"`
	RequestHeaders map[string]string `json:"request_headers,omitempty"`
	Sent           time.Time         `json:"sent"`
	Response       *Response         `json:"response,omitempty"` // nil when none came
	Redirected     bool              `json:"redirected,omitempty"`
	Done           bool              `json:"done"`            // finished, failed or redirected
	Ended          time.Time         `json:"ended,omitzero"`  // when it finished or failed
	Error          string            `json:"error,omitempty"` // net::ERR_... when it failed
	EncodedBytes   int64             `json:"encoded_bytes,omitempty"`
}

// Response is what came back for an Exchange.
type Response struct {
	Status     int               `json:"status"`
	StatusText string            `json:"status_text"`
	MIMEType   string            `json:"mime_type"`
	Headers    map[string]string `json:"headers"`
	RemoteIP   string            `json:"remote_ip,omitempty"`
	RemotePort int               `json:"remote_port,omitempty"`
	Protocol   string            `json:"protocol,omitempty"` // http/1.1, h2, ...
	FromCache  bool              `json:"from_cache,omitempty"`
	Received   time.Time         `json:"received"`
	TLS        *TLS              `json:"tls,omitempty"` // connection and leaf certificate; no Chain
}

// recorder keeps every network exchange of one tab and tracks the load event
// and the requests in flight. Its handle method is a chromedp listener: it
// runs on the tab's event loop, in event order, and must stay fast.
type recorder struct {
	mu        sync.Mutex
	exchanges []Exchange
	current   map[network.RequestID]int // latest exchange of each request
	inflight  map[network.RequestID]struct{}
	activity  time.Time // last time a request started or ended

	// wall and mono pair Chromium's wall clock with its monotonic clock,
	// from the first request, to date the events that carry only the latter.
	wall time.Time
	mono cdp.MonotonicTime

	mainFrame  cdp.FrameID // set by arm, before the navigation
	navigating bool        // the main document's request has been seen
	loaded     chan struct{}
	loadedAt   time.Time
	changed    chan struct{} // a request started or ended
}

func newRecorder() *recorder {
	return &recorder{
		current:  make(map[network.RequestID]int),
		inflight: make(map[network.RequestID]struct{}),
		loaded:   make(chan struct{}),
		changed:  make(chan struct{}, 1),
	}
}

// arm names the main frame; the next main-frame document request starts the
// navigation whose load event the capture waits for.
func (r *recorder) arm(frame cdp.FrameID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mainFrame = frame
}

func (r *recorder) handle(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.requestWillBeSent(ev)
	case *network.EventResponseReceived:
		if i, ok := r.current[ev.RequestID]; ok {
			r.exchanges[i].Response = r.response(ev.Response, ev.Timestamp)
		}
	case *network.EventLoadingFinished:
		r.end(ev.RequestID, ev.Timestamp, "", int64(ev.EncodedDataLength))
	case *network.EventLoadingFailed:
		r.end(ev.RequestID, ev.Timestamp, ev.ErrorText, 0)
	case *page.EventLoadEventFired:
		if r.navigating && r.loadedAt.IsZero() {
			r.loadedAt = time.Now()
			close(r.loaded)
			r.notify()
		}
	}
}

func (r *recorder) requestWillBeSent(ev *network.EventRequestWillBeSent) {
	if r.wall.IsZero() {
		r.wall, r.mono = epochTime(float64(ev.WallTime)), ev.Timestamp
	}
	if i, ok := r.current[ev.RequestID]; ok && ev.RedirectResponse != nil {
		prev := &r.exchanges[i]
		prev.Response = r.response(ev.RedirectResponse, ev.Timestamp)
		prev.Redirected, prev.Done, prev.Ended = true, true, r.at(ev.Timestamp)
	}
	e := Exchange{
		RequestID: string(ev.RequestID), Type: string(ev.Type), FrameID: string(ev.FrameID),
		Sent: epochTime(float64(ev.WallTime)),
	}
	if req := ev.Request; req != nil {
		e.Method, e.URL, e.RequestHeaders = req.Method, req.URL+req.URLFragment, headerMap(req.Headers)
	}
	if r.mainFrame != "" && ev.FrameID == r.mainFrame && ev.Type == network.ResourceTypeDocument {
		r.navigating = true
	}
	r.current[ev.RequestID] = len(r.exchanges)
	r.exchanges = append(r.exchanges, e)
	r.inflight[ev.RequestID] = struct{}{}
	r.activity = time.Now()
	r.notify()
}

func (r *recorder) end(id network.RequestID, ts cdp.MonotonicTime, errText string, n int64) {
	if i, ok := r.current[id]; ok {
		e := &r.exchanges[i]
		e.Done, e.Ended, e.Error, e.EncodedBytes = true, r.at(ts), errText, n
	}
	if _, ok := r.inflight[id]; ok {
		delete(r.inflight, id)
		r.activity = time.Now()
		r.notify()
	}
}

func (r *recorder) response(res *network.Response, ts cdp.MonotonicTime) *Response {
	return &Response{
		Status: int(res.Status), StatusText: res.StatusText, MIMEType: res.MimeType,
		Headers: headerMap(res.Headers), RemoteIP: res.RemoteIPAddress, RemotePort: int(res.RemotePort),
		Protocol: res.Protocol, FromCache: res.FromDiskCache || res.FromPrefetchCache,
		Received: r.at(ts), TLS: connectionTLS(res.SecurityDetails),
	}
}

// at turns a monotonic event timestamp into UTC wall time.
func (r *recorder) at(ts cdp.MonotonicTime) time.Time {
	if r.wall.IsZero() {
		return utcNow()
	}
	d := time.Duration((float64(ts) - float64(r.mono)) * float64(time.Second))
	return r.wall.Add(d).Truncate(time.Millisecond)
}

func (r *recorder) notify() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// waitIdle returns once no request has been in flight for settle, counted
// from the last request that started or ended or from the load event,
// whichever came later; or with ctx's error.
func (r *recorder) waitIdle(ctx context.Context, settle time.Duration) error {
	for {
		r.mu.Lock()
		busy, since := len(r.inflight), r.activity
		if r.loadedAt.After(since) {
			since = r.loadedAt
		}
		r.mu.Unlock()
		var t *time.Timer
		var wake <-chan time.Time
		if busy == 0 {
			left := settle - time.Since(since)
			if left <= 0 {
				return nil
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
			return err
		}
	}
}

// inFlight is the number of requests started and not yet ended.
func (r *recorder) inFlight() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.inflight)
}

// snapshot copies the exchanges so far.
func (r *recorder) snapshot() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.exchanges)
}

// headerMap flattens protocol headers. Chromium joins repeated headers with
// a newline.
func headerMap(h network.Headers) map[string]string {
	if len(h) == 0 {
		return nil
	}
	m := make(map[string]string, len(h))
	for k, v := range h {
		if s, ok := v.(string); ok {
			m[k] = s
		} else {
			m[k] = fmt.Sprint(v)
		}
	}
	return m
}

// epochTime turns protocol seconds since the epoch into UTC, to the
// millisecond; 0, which Chromium sends for "unknown", gives the zero time.
func epochTime(sec float64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return unixTime(sec)
}

// unixTime is epochTime for values where 0 means 1970, such as certificate
// validity.
func unixTime(sec float64) time.Time {
	whole, frac := math.Modf(sec)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC().Truncate(time.Millisecond)
}

// utcNow is the current time as metadata records it: UTC, to the
// millisecond.
func utcNow() time.Time {
	return time.Now().UTC().Truncate(time.Millisecond)
}
