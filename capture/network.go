package capture

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
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
	// SentHeaders are the request headers as they went over the wire,
	// cookies included, when Chromium reported them; RequestHeaders are
	// what the page asked for.
	SentHeaders map[string]string `json:"sent_headers,omitempty"`
	// PostData is the request body, when the request had one.
	PostData []byte    `json:"-"`
	Sent     time.Time `json:"sent"`
	Response *Response `json:"response,omitempty"` // nil when none came

	Redirected   bool      `json:"redirected,omitempty"`
	Done         bool      `json:"done"`                    // finished, failed or redirected
	Ended        time.Time `json:"ended,omitzero"`          // when it finished or failed
	Error        string    `json:"error,omitempty"`         // net::ERR_... when it failed
	EncodedBytes int64     `json:"encoded_bytes,omitempty"` // received on the wire, headers included

	// Body is the response body as the page received it, with the content
	// coding (gzip, br, ...) and chunked transfer coding removed:
	// Response.ContentEncoding names what the server applied. BodyState
	// says whether it is here and, if not, why.
	Body      []byte `json:"-"`
	BodyState string `json:"body_state"`
	// BodySize is the decoded body length in bytes when known, also for a
	// body not kept.
	BodySize int64 `json:"body_size,omitempty"`

	loaderID  string // the document load the request belongs to
	extraInfo bool   // Chromium sends ExtraInfo events for this hop
	hasPost   bool   // the request has a body, maybe not yet read
	handedOff string // why another target reports the rest (a cross-site iframe, a worker)
}

// The states of an exchange's body (Exchange.BodyState). A body not kept
// has a state that starts with BodyMissing and says why, e.g.
// "missing: redirect ..." or "missing: failed: net::ERR_ABORTED".
const (
	// BodyKept: Body is what Chromium received.
	BodyKept = "kept"
	// BodyTruncated: larger than Request.MaxBodyBytes, so not kept;
	// BodySize says how large.
	BodyTruncated = "truncated-by-cap"
	// BodyRefetched: Chromium no longer held the body (evicted), or only
	// as text converted to UTF-8, so the GET was loaded again after the
	// page's own load; Body is what that returned.
	BodyRefetched = "refetched"
	// BodyTranscoded: Body is text Chromium decoded from another charset
	// and gave back in UTF-8, not the bytes the server sent, which could
	// not be loaded again (not a GET answered 200).
	BodyTranscoded = "transcoded"
	// BodyMissing starts the state of a body not kept.
	BodyMissing = "missing"
)

// Response is what came back for an Exchange.
type Response struct {
	Status     int               `json:"status"`
	StatusText string            `json:"status_text"`
	MIMEType   string            `json:"mime_type"`
	Charset    string            `json:"charset,omitempty"`
	Headers    map[string]string `json:"headers"` // repeated headers joined by a newline
	// HeadersText is the status line and header block exactly as received,
	// when Chromium gives it (HTTP/1.x); HeaderFields are the headers in
	// wire order with repeats from it, or else from the header map.
	HeadersText  string        `json:"headers_text,omitempty"`
	HeaderFields []HeaderField `json:"header_fields,omitempty"`
	// ContentEncoding is the Content-Encoding the server sent; the body
	// Exchange.Body holds is decoded.
	ContentEncoding string    `json:"content_encoding,omitempty"`
	RemoteIP        string    `json:"remote_ip,omitempty"`
	RemotePort      int       `json:"remote_port,omitempty"`
	Protocol        string    `json:"protocol,omitempty"` // http/1.1, h2, ...
	FromCache       bool      `json:"from_cache,omitempty"`
	Received        time.Time `json:"received"`
	TLS             *TLS      `json:"tls,omitempty"` // connection and leaf certificate; no Chain

	wireHeaders map[string]string // ExtraInfo's raw headers, when sent
}

// recorder keeps every network exchange of one tab and tracks the page's
// lifecycle and the requests in flight. Its handle method is a chromedp
// listener: it runs on the tab's event loop, in event order, and must stay
// fast; the bodies it hands to its queue are read by a bodyFetcher.
type recorder struct {
	mu        sync.Mutex
	exchanges []Exchange
	current   map[network.RequestID]int // latest exchange of each request
	inflight  map[network.RequestID]struct{}
	received  map[network.RequestID]int64 // decoded bytes so far
	activity  time.Time                   // last time a request started or ended
	frames    map[cdp.FrameID]bool        // the frames of the tab seen so far
	oopifs    map[cdp.FrameID]bool        // frames in a process of their own (cross-site iframes)
	workers   map[string]bool             // script URLs of the workers attached so far

	// ExtraInfo events, in arrival order per request; snapshot pairs them
	// with the hops that have one.
	reqExtra  map[network.RequestID][]network.Headers
	respExtra map[network.RequestID][]*network.EventResponseReceivedExtraInfo

	// wall and mono pair Chromium's wall clock with its monotonic clock,
	// from the first request, to date the events that carry only the latter.
	wall time.Time
	mono cdp.MonotonicTime

	mainFrame  cdp.FrameID  // set by arm, before the navigation
	navigating bool         // the main document's request has been seen
	committed  cdp.LoaderID // the main frame's last committed document load
	loaded     chan struct{}
	loadedAt   time.Time // local clock, for the settle window
	domAt      time.Time // DOMContentLoaded, browser clock
	loadAt     time.Time // load event, browser clock
	changed    chan struct{}
	bodies     *bodyQueue

	// live is set for a Tab's recorder, which lives across navigations:
	// each main-frame commit starts the record of the page shown afresh,
	// at navStart, and frees the bodies of the page left.
	live     bool
	navStart int
}

func newRecorder() *recorder {
	return &recorder{
		current:   make(map[network.RequestID]int),
		inflight:  make(map[network.RequestID]struct{}),
		received:  make(map[network.RequestID]int64),
		frames:    make(map[cdp.FrameID]bool),
		oopifs:    make(map[cdp.FrameID]bool),
		workers:   make(map[string]bool),
		reqExtra:  make(map[network.RequestID][]network.Headers),
		respExtra: make(map[network.RequestID][]*network.EventResponseReceivedExtraInfo),
		loaded:    make(chan struct{}),
		changed:   make(chan struct{}, 1),
		bodies:    newBodyQueue(),
	}
}

// arm names the main frame; the next main-frame document request starts the
// navigation whose load event the capture waits for.
func (r *recorder) arm(frame cdp.FrameID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mainFrame = frame
	r.frames[frame] = true
}

func (r *recorder) handle(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.requestWillBeSent(ev)
	case *network.EventRequestWillBeSentExtraInfo:
		r.reqExtra[ev.RequestID] = append(r.reqExtra[ev.RequestID], ev.Headers)
	case *network.EventResponseReceived:
		if i, ok := r.current[ev.RequestID]; ok {
			r.exchanges[i].Response = r.response(ev.Response, ev.Timestamp)
			r.exchanges[i].extraInfo = ev.HasExtraInfo
		}
	case *network.EventResponseReceivedExtraInfo:
		r.respExtra[ev.RequestID] = append(r.respExtra[ev.RequestID], ev)
	case *network.EventDataReceived:
		r.received[ev.RequestID] += int64(ev.DataLength)
	case *network.EventLoadingFinished:
		r.end(ev.RequestID, ev.Timestamp, "", int64(ev.EncodedDataLength))
	case *network.EventLoadingFailed:
		r.end(ev.RequestID, ev.Timestamp, ev.ErrorText, 0)
	case *target.EventAttachedToTarget:
		r.attached(ev.TargetInfo)
	default:
		r.pageEvent(ev)
	}
}

func (r *recorder) pageEvent(ev any) {
	switch ev := ev.(type) {
	case *page.EventFrameNavigated:
		if f := ev.Frame; f != nil {
			r.frames[f.ID] = true
			if f.ID == r.mainFrame && r.live && f.LoaderID != r.committed {
				r.newPage(f.LoaderID)
			}
			if f.ID == r.mainFrame && r.navigating {
				r.committed = f.LoaderID
			}
		}
	case *page.EventDomContentEventFired:
		if r.navigating && r.domAt.IsZero() {
			r.domAt = r.at(ev.Timestamp)
		}
	case *page.EventLoadEventFired:
		if r.navigating && r.loadedAt.IsZero() {
			r.loadedAt, r.loadAt = time.Now(), r.at(ev.Timestamp)
			close(r.loaded)
			r.notify()
		}
	}
}

// newPage starts the record of the document the main frame committed
// (live recorders only): it begins with that document's first request, or
// here when none was seen (a page from the back-forward cache), and the
// lifecycle is that page's.
func (r *recorder) newPage(loader cdp.LoaderID) {
	start := len(r.exchanges)
	for i := r.navStart; i < len(r.exchanges); i++ {
		if e := &r.exchanges[i]; e.loaderID == string(loader) && e.FrameID == string(r.mainFrame) &&
			e.Type == string(network.ResourceTypeDocument) {
			start = i
			break
		}
	}
	for i := r.navStart; i < start; i++ {
		r.exchanges[i].Body, r.exchanges[i].PostData = nil, nil
	}
	r.navStart = start
	r.navigating = true
	r.domAt, r.loadAt, r.loadedAt = time.Time{}, time.Time{}, time.Time{}
	r.loaded = make(chan struct{})
}

func (r *recorder) requestWillBeSent(ev *network.EventRequestWillBeSent) {
	if r.wall.IsZero() {
		r.wall, r.mono = epochTime(float64(ev.WallTime)), ev.Timestamp
	}
	if i, ok := r.current[ev.RequestID]; ok && ev.RedirectResponse != nil {
		prev := &r.exchanges[i]
		prev.Response = r.response(ev.RedirectResponse, ev.Timestamp)
		prev.Redirected, prev.Done, prev.Ended = true, true, r.at(ev.Timestamp)
		prev.extraInfo = ev.RedirectHasExtraInfo
	}
	e := Exchange{
		RequestID: string(ev.RequestID), Type: string(ev.Type), FrameID: string(ev.FrameID),
		Sent: epochTime(float64(ev.WallTime)), loaderID: string(ev.LoaderID),
	}
	if req := ev.Request; req != nil {
		e.Method, e.URL, e.RequestHeaders = req.Method, req.URL+req.URLFragment, headerMap(req.Headers)
		e.PostData, e.hasPost = postData(req), req.HasPostData
	}
	if ev.FrameID != "" {
		r.frames[ev.FrameID] = true
	}
	if r.mainFrame != "" && ev.FrameID == r.mainFrame && ev.Type == network.ResourceTypeDocument {
		r.navigating = true
	}
	delete(r.received, ev.RequestID)
	r.current[ev.RequestID] = len(r.exchanges)
	r.exchanges = append(r.exchanges, e)
	if e.hasPost && e.PostData == nil {
		r.bodies.push(bodyJob{index: len(r.exchanges) - 1, id: ev.RequestID, post: true})
	}
	r.inflight[ev.RequestID] = struct{}{}
	r.activity = time.Now()
	r.notify()
	this := func(e *Exchange) bool { return e.RequestID == string(ev.RequestID) }
	switch {
	case r.oopifs[ev.FrameID] && ev.Type == network.ResourceTypeDocument:
		r.handOff(this, handedToFrame)
	case r.workers[e.URL]:
		r.handOff(this, handedToWorker)
	}
}

// attached notes a target Chromium attached under the tab: a cross-site
// iframe, which site isolation runs in a process of its own, or a worker.
// The tab sees the request for its document or script, but that request's
// end and the target's own requests go to the target, which the capture
// does not attach to. So those requests are no longer waited for, and say
// why they have no body.
func (r *recorder) attached(info *target.Info) {
	switch {
	case info == nil:
	case info.Type == "iframe":
		frame := cdp.FrameID(info.TargetID)
		r.oopifs[frame], r.frames[frame] = true, true
		r.handOff(func(e *Exchange) bool {
			return e.FrameID == string(frame) && e.Type == string(network.ResourceTypeDocument)
		}, handedToFrame)
	case strings.HasSuffix(info.Type, "worker"): // worker, shared_worker, service_worker
		r.workers[info.URL] = true
		r.handOff(func(e *Exchange) bool { return e.URL == info.URL }, handedToWorker)
	}
}

// Why an exchange handed off has no body.
const (
	handedToFrame  = "cross-site iframe, loaded in a process of its own: its traffic is not recorded"
	handedToWorker = "loaded by a worker, which runs apart from the page: its traffic is not recorded"
)

// handOff stops waiting for the unfinished exchanges that match.
func (r *recorder) handOff(match func(*Exchange) bool, why string) {
	for i := range r.exchanges {
		e := &r.exchanges[i]
		if e.Done || e.handedOff != "" || !match(e) {
			continue
		}
		e.handedOff = why
		if _, ok := r.inflight[network.RequestID(e.RequestID)]; ok {
			delete(r.inflight, network.RequestID(e.RequestID))
			r.activity = time.Now()
			r.notify()
		}
	}
}

func (r *recorder) end(id network.RequestID, ts cdp.MonotonicTime, errText string, n int64) {
	if i, ok := r.current[id]; ok && !r.exchanges[i].Done {
		e := &r.exchanges[i]
		e.Done, e.Ended, e.Error, e.EncodedBytes = true, r.at(ts), errText, n
		e.BodySize = r.received[id]
		if errText == "" {
			r.bodies.push(bodyJob{index: i, id: id})
		}
	}
	if _, ok := r.inflight[id]; ok {
		delete(r.inflight, id)
		r.activity = time.Now()
		r.notify()
	}
}

func (r *recorder) response(res *network.Response, ts cdp.MonotonicTime) *Response {
	h := headerMap(res.Headers)
	return &Response{
		Status: int(res.Status), StatusText: res.StatusText, MIMEType: res.MimeType, Charset: res.Charset,
		Headers: h, ContentEncoding: header(h, "Content-Encoding"),
		RemoteIP: res.RemoteIPAddress, RemotePort: int(res.RemotePort),
		Protocol: res.Protocol, FromCache: res.FromDiskCache || res.FromPrefetchCache,
		Received: r.at(ts), TLS: connectionTLS(res.SecurityDetails),
	}
}

// postData joins the body parts Chromium sent with the request; nil when it
// sent none (no body, or too long to send: the bodyFetcher asks for it).
func postData(req *network.Request) []byte {
	var b []byte
	for _, p := range req.PostDataEntries {
		if p != nil {
			b = append(b, p.Bytes...)
		}
	}
	return b
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

// inFlight is the number of requests started and not yet ended.
func (r *recorder) inFlight() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.inflight)
}

// hasFrame says whether frame belongs to the tab.
func (r *recorder) hasFrame(frame cdp.FrameID) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frames[frame]
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
