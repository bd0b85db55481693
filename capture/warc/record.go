package warc

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"
)

// Record types Sightline writes (FORMAT.md §2). Readers reject any other.
const (
	TypeWarcinfo = "warcinfo"
	TypeRequest  = "request"
	TypeResponse = "response"
	TypeResource = "resource"
	TypeMetadata = "metadata"
)

// Content types of the HTTP records; Write sets them when ContentType is
// empty and rejects any other value on request and response records.
const (
	ContentTypeRequest  = "application/http; msgtype=request"
	ContentTypeResponse = "application/http; msgtype=response"
	ContentTypeFields   = "application/warc-fields"
)

// dateLayout is how WARC-Date is written and the only form read back: UTC
// with exactly three fraction digits (WARC 1.1 §5.4 allows fractions).
const dateLayout = "2006-01-02T15:04:05.000Z"

// maxHeaderBytes bounds a record's WARC header section when reading.
const maxHeaderBytes = 64 << 10

// Record is one WARC record. Write fills in ID (when empty), BlockDigest and
// PayloadDigest; Reader.Next fills in every field from the file.
type Record struct {
	Type         string    // TypeWarcinfo, TypeRequest, TypeResponse, TypeResource or TypeMetadata
	ID           string    // "<urn:uuid:...>"; Write generates a random (version 4) one when empty
	Date         time.Time // written in UTC with millisecond precision; must not be zero
	TargetURI    string    // WARC-Target-URI; empty for none
	ConcurrentTo string    // WARC-Concurrent-To: the ID of the related record; empty for none
	IPAddress    string    // WARC-IP-Address; empty for none
	ContentType  string    // e.g. "image/png", "application/warc-fields"; see ContentTypeRequest
	Fields       [][2]string
	Block        []byte // the record block

	// PayloadOffset is where the payload starts inside Block and so which
	// bytes WARC-Payload-Digest covers. Request and response records: just
	// after the blank line that ends the HTTP head (the value RequestBlock
	// and ResponseBlock return). Resource records: 0, the whole block.
	// -1: no WARC-Payload-Digest. Ignored for warcinfo and metadata records,
	// which never carry one. Reader sets it to -1 when the record has no
	// WARC-Payload-Digest.
	PayloadOffset int

	// BlockDigest and PayloadDigest are the WARC-Block-Digest and
	// WARC-Payload-Digest values ("sha256:<64 lower-case hex digits>", empty
	// when absent). Write ignores what they hold and sets them to the
	// digests it wrote; Reader.Next sets them to what the file says, which
	// CheckDigests compares with the bytes.
	BlockDigest   string
	PayloadDigest string
}

// Header field names Write manages. Fields must not repeat them (compared
// without regard to case, as WARC field names are case-insensitive).
const (
	hType          = "WARC-Type"
	hID            = "WARC-Record-ID"
	hDate          = "WARC-Date"
	hTarget        = "WARC-Target-URI"
	hConcurrent    = "WARC-Concurrent-To"
	hIP            = "WARC-IP-Address"
	hBlockDigest   = "WARC-Block-Digest"
	hPayloadDigest = "WARC-Payload-Digest"
	hContentType   = "Content-Type"
	hLength        = "Content-Length"
)

var managedFields = []string{hType, hID, hDate, hTarget, hConcurrent, hIP, hBlockDigest, hPayloadDigest, hContentType, hLength}

// managedName returns the canonical spelling of name if Write manages it.
func managedName(name string) (string, bool) {
	for _, m := range managedFields {
		if strings.EqualFold(name, m) {
			return m, true
		}
	}
	return "", false
}

func knownType(t string) bool {
	switch t {
	case TypeWarcinfo, TypeRequest, TypeResponse, TypeResource, TypeMetadata:
		return true
	}
	return false
}

// hasPayload reports whether records of type t may carry a payload digest.
func hasPayload(t string) bool {
	return t == TypeRequest || t == TypeResponse || t == TypeResource
}

// isHTTP reports whether records of type t hold an HTTP message.
func isHTTP(t string) bool { return t == TypeRequest || t == TypeResponse }

func httpContentType(t string) string {
	if t == TypeRequest {
		return ContentTypeRequest
	}
	return ContentTypeResponse
}

// check validates r as Write would write it (after defaults are applied)
// and returns the payload offset to digest, or -1.
func (r *Record) check() (int, error) {
	if !knownType(r.Type) {
		return 0, fmt.Errorf("record type %q not one Sightline writes", r.Type)
	}
	if err := checkID(r.ID); err != nil {
		return 0, fmt.Errorf("WARC-Record-ID: %w", err)
	}
	if r.Date.IsZero() {
		return 0, fmt.Errorf("record %s has no date", r.ID)
	}
	if y := r.Date.UTC().Year(); y < 1 || y > 9999 {
		return 0, fmt.Errorf("record %s: date %v out of range", r.ID, r.Date)
	}
	if err := checkURIValue(r.TargetURI); err != nil {
		return 0, fmt.Errorf("record %s: WARC-Target-URI: %w", r.ID, err)
	}
	if r.ConcurrentTo != "" {
		if err := checkID(r.ConcurrentTo); err != nil {
			return 0, fmt.Errorf("record %s: WARC-Concurrent-To: %w", r.ID, err)
		}
	}
	if r.IPAddress != "" {
		if _, err := netip.ParseAddr(r.IPAddress); err != nil {
			return 0, fmt.Errorf("record %s: WARC-IP-Address %q: %w", r.ID, r.IPAddress, err)
		}
	}
	if err := checkValue(r.ContentType); err != nil {
		return 0, fmt.Errorf("record %s: Content-Type: %w", r.ID, err)
	}
	if isHTTP(r.Type) && r.ContentType != httpContentType(r.Type) {
		return 0, fmt.Errorf("record %s: %s record with Content-Type %q, want %q", r.ID, r.Type, r.ContentType, httpContentType(r.Type))
	}
	if err := checkFields(r.Fields); err != nil {
		return 0, fmt.Errorf("record %s: %w", r.ID, err)
	}
	return r.checkPayload()
}

// checkPayload validates PayloadOffset and, for HTTP records, the HTTP head.
func (r *Record) checkPayload() (int, error) {
	if isHTTP(r.Type) {
		head, err := parseHTTPHead(r.Type, r.Block)
		if err != nil {
			return 0, fmt.Errorf("record %s: %w", r.ID, err)
		}
		switch r.PayloadOffset {
		case -1:
			return -1, nil
		case head.payloadOffset:
			return head.payloadOffset, nil
		}
		return 0, fmt.Errorf("record %s: payload offset %d, but the HTTP head ends at %d", r.ID, r.PayloadOffset, head.payloadOffset)
	}
	if r.Type == TypeResource {
		if r.PayloadOffset != 0 && r.PayloadOffset != -1 {
			return 0, fmt.Errorf("record %s: resource payload offset %d, want 0 or -1", r.ID, r.PayloadOffset)
		}
		return r.PayloadOffset, nil
	}
	return -1, nil
}

// checkID accepts "<" URI ">" as WARC 1.1 §5.2 writes a record ID.
func checkID(id string) error {
	if len(id) < 3 || id[0] != '<' || id[len(id)-1] != '>' {
		return fmt.Errorf("%q is not <uri>", id)
	}
	inner := id[1 : len(id)-1]
	if !strings.Contains(inner, ":") || strings.ContainsAny(inner, "<>") {
		return fmt.Errorf("%q is not <uri>", id)
	}
	return checkURIValue(inner)
}

// checkURIValue rejects spaces and control characters, which a URI never
// contains and which would break the header line or the CDXJ line, and
// bytes that are not UTF-8, which the CDXJ's JSON cannot carry.
func checkURIValue(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%q is not UTF-8", s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return fmt.Errorf("%q contains a space or control character", s)
		}
	}
	return nil
}

// checkValue rejects what would not read back as the same field value:
// line breaks and other control characters (tab aside), and leading or
// trailing white space, which readers strip.
func checkValue(s string) error {
	for i := 0; i < len(s); i++ {
		if (s[i] < ' ' && s[i] != '\t') || s[i] == 0x7f {
			return fmt.Errorf("%q contains a control character", s)
		}
	}
	if strings.Trim(s, " \t") != s {
		return fmt.Errorf("%q has leading or trailing white space", s)
	}
	return nil
}

// checkFields validates the extra header fields.
func checkFields(fields [][2]string) error {
	for _, f := range fields {
		if !isToken(f[0]) {
			return fmt.Errorf("field name %q is not a token", f[0])
		}
		if m, ok := managedName(f[0]); ok {
			return fmt.Errorf("field %s is set by the writer, not by Fields", m)
		}
		if err := checkValue(f[1]); err != nil {
			return fmt.Errorf("field %s: %w", f[0], err)
		}
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token (a field name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// appendHeader appends the WARC header section of r (version line, fields,
// blank line) with the given digests.
func (r *Record) appendHeader(b *bytes.Buffer, blockDigest, payloadDigest string) {
	field := func(name, value string) {
		if value == "" {
			return
		}
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	b.WriteString("WARC/1.1\r\n")
	field(hType, r.Type)
	field(hID, r.ID)
	field(hDate, r.Date.UTC().Format(dateLayout))
	field(hTarget, r.TargetURI)
	field(hConcurrent, r.ConcurrentTo)
	field(hIP, r.IPAddress)
	for _, f := range r.Fields {
		b.WriteString(f[0])
		b.WriteString(": ")
		b.WriteString(f[1])
		b.WriteString("\r\n")
	}
	field(hBlockDigest, blockDigest)
	field(hPayloadDigest, payloadDigest)
	field(hContentType, r.ContentType)
	field(hLength, fmt.Sprint(len(r.Block)))
	b.WriteString("\r\n")
}
