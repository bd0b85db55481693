package capture

import (
	"slices"
	"strings"

	"github.com/chromedp/cdproto/network"
)

// HeaderField is one header line: a name and its value.
type HeaderField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// snapshot copies the exchanges so far, each hop with the ExtraInfo
// Chromium sent for it (wire headers, raw header text) and a BodyState for
// every body not read yet: for a live recorder, those of the page shown.
func (r *recorder) snapshot() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	usedReq := make(map[network.RequestID]int)
	usedResp := make(map[network.RequestID]int)
	out := slices.Clone(r.exchanges)
	for i := range out {
		e := &out[i]
		id := network.RequestID(e.RequestID)
		if e.Response != nil {
			res := *e.Response
			e.Response = &res
		}
		if e.extraInfo {
			if q := r.reqExtra[id]; usedReq[id] < len(q) {
				e.SentHeaders = headerMap(q[usedReq[id]])
				usedReq[id]++
			}
			if q := r.respExtra[id]; e.Response != nil && usedResp[id] < len(q) {
				applyExtraInfo(e.Response, q[usedResp[id]])
				usedResp[id]++
			}
		}
		if e.Response != nil {
			e.Response.HeaderFields = headerFields(e.Response)
		}
		if e.BodyState == "" {
			e.BodyState = pendingBodyState(e)
		}
	}
	return slices.Clip(out[r.navStart:])
}

func applyExtraInfo(res *Response, x *network.EventResponseReceivedExtraInfo) {
	res.HeadersText = x.HeadersText
	res.wireHeaders = headerMap(x.Headers)
}

// headerFields lists a response's headers: in wire order with repeats from
// the raw header text when there is one, else from the wire header map or
// the response's, names sorted and repeated values split.
func headerFields(res *Response) []HeaderField {
	if f := parseHeadersText(res.HeadersText); len(f) > 0 {
		return f
	}
	m := res.wireHeaders
	if len(m) == 0 {
		m = res.Headers
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	var f []HeaderField
	for _, k := range names {
		for v := range strings.SplitSeq(m[k], "\n") {
			f = append(f, HeaderField{Name: k, Value: v})
		}
	}
	return f
}

// parseHeadersText reads an HTTP/1.x response head: a status line, then
// "Name: value" lines up to an empty line. A line that starts with a space
// or a tab continues the previous value (obsolete line folding).
func parseHeadersText(text string) []HeaderField {
	if text == "" {
		return nil
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var f []HeaderField
	for _, line := range lines[1:] {
		if line == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(f) > 0 {
			f[len(f)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f = append(f, HeaderField{Name: name, Value: strings.TrimSpace(value)})
	}
	return f
}

// pendingBodyState says why an exchange has no body yet.
func pendingBodyState(e *Exchange) string {
	switch {
	case e.handedOff != "":
		return BodyMissing + ": " + e.handedOff
	case e.Redirected:
		return BodyMissing + ": redirect (the browser keeps no body of a redirect)"
	case e.Error != "":
		return BodyMissing + ": failed: " + e.Error
	case !e.Done && e.Response == nil:
		return BodyMissing + ": no response when the capture ended"
	case !e.Done:
		return BodyMissing + ": still loading when the capture ended"
	default:
		return BodyMissing + ": not read before the tab closed"
	}
}
