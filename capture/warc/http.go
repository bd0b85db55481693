package warc

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// OriginalPrefix names a header that Sightline renamed rather than wrote
// as received: X-Sightline-Original-Content-Encoding holds the
// Content-Encoding the server sent for a body the browser handed over
// decoded. See FORMAT.md §4.
const OriginalPrefix = "X-Sightline-Original-"

// ProtocolHeader records the protocol the browser reported ("h2", "h3")
// when it is not an HTTP/x.y version and the block's start line says
// HTTP/1.1 instead.
const ProtocolHeader = "X-Sightline-Protocol"

// ResponseBlock builds the block of a response record from what the
// browser reports, and returns it with the offset where the payload (body)
// starts.
//
// Bodies from a browser arrive decoded, so the head is rewritten to
// describe the body actually written: Content-Encoding, Transfer-Encoding
// and Content-Length are renamed to X-Sightline-Original-<name> (values
// kept) and Content-Length: len(body) is appended. Headers the server sent
// under a name starting with X-Sightline- are renamed the same way, so
// every X-Sightline-Original-<name> header is the server's <name>.
//
// Headers keep their order; a name may repeat (Set-Cookie). A value with
// line breaks (as DevTools joins repeated headers) becomes one line per
// part; other control characters become spaces. HTTP/2 pseudo-headers
// (":status") and names that are not tokens are dropped. proto is the
// version for the status line ("HTTP/1.1"); a protocol name such as "h2"
// is written as HTTP/1.1 with X-Sightline-Protocol: h2. An empty
// statusText (HTTP/2 has none) becomes the standard one for status.
func ResponseBlock(proto string, status int, statusText string, headers [][2]string, body []byte) (block []byte, payloadOffset int) {
	var b bytes.Buffer
	version, original := httpVersion(proto)
	if statusText == "" {
		statusText = http.StatusText(status)
	}
	fmt.Fprintf(&b, "%s %03d %s\r\n", version, status, cleanValue(statusText))
	writeHeaders(&b, headers, true)
	if original != "" {
		writeHeader(&b, ProtocolHeader, original)
	}
	writeHeader(&b, "Content-Length", strconv.Itoa(len(body)))
	b.WriteString("\r\n")
	payloadOffset = b.Len()
	b.Write(body)
	return b.Bytes(), payloadOffset
}

// RequestBlock builds the block of a request record, and returns it with
// the offset where the payload (body) starts. target is the request target
// as sent ("/path?q" or an absolute URL); spaces, control characters and
// non-ASCII bytes in it are percent-encoded.
//
// Headers are treated as in ResponseBlock, except that Content-Encoding is
// kept (a request body is written as sent) and Content-Length: len(body)
// is appended only when the body is not empty or a Content-Length was
// given. An HTTP/2 ":authority" pseudo-header becomes Host when there is no
// Host header.
func RequestBlock(method, target, proto string, headers [][2]string, body []byte) (block []byte, payloadOffset int) {
	var b bytes.Buffer
	version, original := httpVersion(proto)
	fmt.Fprintf(&b, "%s %s %s\r\n", method, escapeTarget(target), version)
	hadLength := writeHeaders(&b, headers, false)
	if authority := pseudoAuthority(headers); authority != "" {
		writeHeader(&b, "Host", authority)
	}
	if original != "" {
		writeHeader(&b, ProtocolHeader, original)
	}
	if len(body) > 0 || hadLength {
		writeHeader(&b, "Content-Length", strconv.Itoa(len(body)))
	}
	b.WriteString("\r\n")
	payloadOffset = b.Len()
	b.Write(body)
	return b.Bytes(), payloadOffset
}

// httpVersion returns the version for the start line and, when proto is
// not an HTTP/x.y version, the original to record.
func httpVersion(proto string) (version, original string) {
	upper := strings.ToUpper(proto)
	if isHTTPVersion(upper) {
		return upper, ""
	}
	return "HTTP/1.1", cleanValue(proto)
}

// isHTTPVersion matches "HTTP/" DIGIT "." DIGIT.
func isHTTPVersion(s string) bool {
	return len(s) == 8 && strings.HasPrefix(s, "HTTP/") && isDigit(s[5]) && s[6] == '.' && isDigit(s[7])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// writeHeaders writes the browser's headers, renaming the ones Sightline
// rewrites, and reports whether a Content-Length was among them.
func writeHeaders(b *bytes.Buffer, headers [][2]string, response bool) (hadLength bool) {
	for _, h := range headers {
		name := h[0]
		if !isToken(name) {
			continue
		}
		if strings.EqualFold(name, "Content-Length") {
			hadLength = true
		}
		if renamed(name, response) {
			name = OriginalPrefix + name
		}
		for _, v := range splitValue(h[1]) {
			writeHeader(b, name, v)
		}
	}
	return hadLength
}

// splitValue splits a value DevTools joined with line breaks into its
// cleaned parts, dropping empty parts unless the whole value is empty.
func splitValue(v string) []string {
	var parts []string
	for part := range strings.SplitSeq(v, "\n") {
		if p := cleanValue(part); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return []string{""}
	}
	return parts
}

// renamed reports whether a header the browser reported is kept under
// OriginalPrefix + name rather than as name.
func renamed(name string, response bool) bool {
	switch {
	case strings.EqualFold(name, "Content-Length"), strings.EqualFold(name, "Transfer-Encoding"):
		return true
	case response && strings.EqualFold(name, "Content-Encoding"):
		return true
	}
	return len(name) >= len("X-Sightline-") && strings.EqualFold(name[:len("X-Sightline-")], "X-Sightline-")
}

func pseudoAuthority(headers [][2]string) string {
	authority := ""
	for _, h := range headers {
		if strings.EqualFold(h[0], "Host") {
			return ""
		}
		if h[0] == ":authority" {
			authority = cleanValue(h[1])
		}
	}
	return authority
}

func writeHeader(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(": ")
	b.WriteString(value)
	b.WriteString("\r\n")
}

// cleanValue makes s safe as one header line: control characters other
// than tab become spaces, and surrounding white space goes.
func cleanValue(s string) string {
	s = strings.Map(func(r rune) rune {
		if (r < ' ' && r != '\t') || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.Trim(s, " \t")
}

// escapeTarget percent-encodes the bytes a request target cannot hold.
func escapeTarget(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// httpHead is what Sightline reads from the HTTP head of a request or
// response record.
type httpHead struct {
	payloadOffset int    // just after the blank line
	status        int    // responses only
	contentType   string // first Content-Type header, "" if none
}

var errNoHead = errors.New("HTTP head has no blank line at its end")

// parseHTTPHead checks an HTTP message block as FORMAT.md §4 requires: a
// start line of the right kind, header lines "name: value" with token
// names, no Transfer-Encoding, and a Content-Length equal to the payload
// length (required when the payload is not empty).
func parseHTTPHead(recordType string, block []byte) (httpHead, error) {
	var h httpHead
	end := bytes.Index(block, []byte("\r\n\r\n"))
	if end < 0 {
		return h, errNoHead
	}
	h.payloadOffset = end + 4
	lines := strings.Split(string(block[:end]), "\r\n")
	if err := h.parseStartLine(recordType, lines[0]); err != nil {
		return h, err
	}
	length := -1
	for _, line := range lines[1:] {
		name, value, err := splitHeaderLine(line)
		if err != nil {
			return h, fmt.Errorf("HTTP head: %w", err)
		}
		switch {
		case strings.EqualFold(name, "Transfer-Encoding"):
			return h, errors.New("HTTP head has Transfer-Encoding; the payload must be written decoded")
		case strings.EqualFold(name, "Content-Length"):
			n, err := parseLength(value)
			if err != nil || length >= 0 {
				return h, fmt.Errorf("HTTP head: bad or repeated Content-Length %q", value)
			}
			length = int(n)
		case strings.EqualFold(name, "Content-Type") && h.contentType == "":
			h.contentType = value
		}
	}
	payload := len(block) - h.payloadOffset
	switch {
	case length >= 0 && length != payload:
		return h, fmt.Errorf("HTTP Content-Length %d, payload %d bytes", length, payload)
	case length < 0 && payload > 0:
		return h, fmt.Errorf("HTTP head has no Content-Length for a %d-byte payload", payload)
	case payload > 0 && bodiless(h.status):
		return h, fmt.Errorf("HTTP status %d cannot have a payload, got %d bytes", h.status, payload)
	}
	return h, nil
}

// bodiless reports the statuses whose responses HTTP parsers read without
// a body whatever Content-Length says.
func bodiless(status int) bool {
	return (status >= 100 && status < 200) || status == 204 || status == 304
}

func (h *httpHead) parseStartLine(recordType, line string) error {
	parts := strings.SplitN(line, " ", 3)
	if recordType == TypeRequest {
		if len(parts) != 3 || !isToken(parts[0]) || parts[1] == "" || !isHTTPVersion(parts[2]) {
			return fmt.Errorf("bad HTTP request line %q", line)
		}
		return checkURIValue(parts[1])
	}
	if len(parts) < 2 || !isHTTPVersion(parts[0]) || len(parts[1]) != 3 {
		return fmt.Errorf("bad HTTP status line %q", line)
	}
	status, err := strconv.Atoi(parts[1])
	if err != nil || status < 100 {
		return fmt.Errorf("bad HTTP status line %q", line)
	}
	h.status = status
	if len(parts) == 3 {
		return checkText(parts[2])
	}
	return nil
}

// splitHeaderLine splits "name: value" as both HTTP and WARC write fields.
func splitHeaderLine(line string) (name, value string, err error) {
	name, value, ok := strings.Cut(line, ":")
	if !ok || !isToken(name) {
		return "", "", fmt.Errorf("bad header line %q", line)
	}
	if err := checkText(value); err != nil {
		return "", "", err
	}
	return name, strings.Trim(value, " \t"), nil
}

// checkText rejects control characters other than tab.
func checkText(s string) error {
	for i := 0; i < len(s); i++ {
		if (s[i] < ' ' && s[i] != '\t') || s[i] == 0x7f {
			return fmt.Errorf("control character in %q", s)
		}
	}
	return nil
}

// parseLength parses a Content-Length: decimal digits in canonical form.
func parseLength(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return 0, fmt.Errorf("bad length %q", s)
	}
	return n, nil
}
