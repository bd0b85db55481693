package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// Event is one entry of the audit log. Seq, PrevHash and Hash are computed
// by Append; the other fields are the caller's.
type Event struct {
	Seq      int64
	Time     time.Time // UTC, millisecond precision (truncated at Append)
	Officer  string    // officer id; "" before an officer is set
	OSUser   string
	Case     string // case reference or ""
	Action   string // "view", "capture", "case.create", "app.start", ...
	URL      string
	Subjects []string        // subject ids; encoded as [] when empty
	Detail   json.RawMessage // a JSON object; nil means {}
	PrevHash string          // lowercase hex
	Hash     string          // lowercase hex
}

// timeLayout is the canonical time form: RFC 3339, UTC, exactly three
// fractional digits. It is fixed-width for years 0001-9999, so stored times
// sort as text. appendTime and parseTime implement it by hand because they
// run for every event verified.
const timeLayout = "2006-01-02T15:04:05.000Z"

// formatTime returns t in canonical form.
func formatTime(t time.Time) string {
	return string(appendTime(nil, t))
}

// appendTime appends t in canonical form; t's year must be 0-9999.
func appendTime(buf []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	buf = appendDigits(buf, year, 4)
	buf = appendDigits(append(buf, '-'), int(month), 2)
	buf = appendDigits(append(buf, '-'), day, 2)
	buf = appendDigits(append(buf, 'T'), hour, 2)
	buf = appendDigits(append(buf, ':'), minute, 2)
	buf = appendDigits(append(buf, ':'), sec, 2)
	buf = appendDigits(append(buf, '.'), t.Nanosecond()/1e6, 3)
	return append(buf, 'Z')
}

// appendDigits appends the last width decimal digits of v, zero-padded.
func appendDigits(buf []byte, v, width int) []byte {
	for range width {
		buf = append(buf, '0')
	}
	for i := len(buf) - 1; i >= len(buf)-width; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return buf
}

// parseTime parses a canonical time and rejects any other form of it,
// including out-of-range fields that time.Date would normalise.
// It takes the bytes as read, too, so that they need not become a string.
func parseTime[T ~string | ~[]byte](s T) (time.Time, error) {
	bad := func() (time.Time, error) {
		return time.Time{}, fmt.Errorf("time %q is not in canonical form", string(s))
	}
	if len(s) != len(timeLayout) {
		return bad()
	}
	var f [7]int // year, month, day, hour, minute, second, millisecond
	k := 0
	for i := 0; i < len(s); i++ {
		if c := timeLayout[i]; c < '0' || c > '9' {
			if s[i] != c {
				return bad()
			}
			k++
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return bad()
		}
		f[k] = f[k]*10 + int(s[i]-'0')
	}
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], f[6]*1e6, time.UTC)
	var buf [len(timeLayout)]byte
	if string(appendTime(buf[:0], t)) != string(s) {
		return bad()
	}
	return t, nil
}

// checkTime rejects times the canonical form cannot represent.
func checkTime(t time.Time) error {
	if t.IsZero() {
		return errors.New("time is zero")
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Errorf("time %s is outside years 0001-9999", t.UTC())
	}
	return nil
}

// isHash reports whether s is 64 lowercase hex digits, the form of every
// hash and genesis in the log.
func isHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	bad := false
	for i := 0; i < len(s); i++ {
		bad = bad || !lowerHex[s[i]] // a table: comparisons mispredict between digits and letters
	}
	return !bad
}

// lowerHex holds which bytes are lowercase hex digits.
var lowerHex = func() (t [256]bool) {
	for _, c := range hexDigits {
		t[c] = true
	}
	return t
}()

// checkGenesis rejects a genesis that is not a 32-byte value in lowercase hex.
func checkGenesis(genesis string) error {
	if !isHash(genesis) {
		return fmt.Errorf("genesis %q is not 64 lowercase hex digits", genesis)
	}
	return nil
}

// appendCanonical appends the canonical JSON of e without its hash: keys in
// lexicographic order, no insignificant whitespace, strings escaped by
// appendString, detail copied as stored. It fails on a field that has no
// canonical form (invalid UTF-8, a detail that is not one JSON object).
func appendCanonical(buf []byte, e *Event) ([]byte, error) {
	if err := checkStrings(e); err != nil {
		return buf, err
	}
	if y := e.Time.UTC().Year(); y < 0 || y > 9999 {
		return buf, fmt.Errorf("time %s is outside years 0000-9999", e.Time.UTC())
	}
	detail := []byte(e.Detail)
	if len(detail) == 0 {
		detail = []byte("{}")
	} else if !isObject(detail) {
		return buf, errors.New("detail is not one JSON object")
	}
	buf = append(buf, `{"action":`...)
	buf = appendString(buf, e.Action)
	buf = append(buf, `,"case":`...)
	buf = appendString(buf, e.Case)
	buf = append(buf, `,"detail":`...)
	buf = append(buf, detail...)
	buf = append(buf, `,"officer":`...)
	buf = appendString(buf, e.Officer)
	buf = append(buf, `,"os_user":`...)
	buf = appendString(buf, e.OSUser)
	buf = append(buf, `,"prev_hash":`...)
	buf = appendString(buf, e.PrevHash)
	buf = append(buf, `,"seq":`...)
	buf = strconv.AppendInt(buf, e.Seq, 10)
	buf = append(buf, `,"subjects":`...)
	buf = appendSubjects(buf, e.Subjects)
	buf = append(buf, `,"time":"`...)
	buf = appendTime(buf, e.Time)
	buf = append(buf, `","url":`...)
	buf = appendString(buf, e.URL)
	return append(buf, '}'), nil
}

// checkStrings rejects string fields that are not valid UTF-8; they have no
// canonical JSON form.
func checkStrings(e *Event) error {
	fields := [...]struct{ name, value string }{
		{"action", e.Action}, {"case", e.Case}, {"officer", e.Officer},
		{"os_user", e.OSUser}, {"prev_hash", e.PrevHash}, {"url", e.URL},
	}
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return fmt.Errorf("%s is not valid UTF-8", f.name)
		}
	}
	for i, s := range e.Subjects {
		if !utf8.ValidString(s) {
			return fmt.Errorf("subject %d is not valid UTF-8", i)
		}
	}
	return nil
}

// isObject reports whether b is exactly one JSON object, in UTF-8, with
// nothing around it.
func isObject(b []byte) bool {
	return len(b) >= 2 && b[0] == '{' && b[len(b)-1] == '}' && utf8.Valid(b) && json.Valid(b)
}

// appendSubjects appends subjects as a JSON array; nil gives [].
func appendSubjects(buf []byte, subjects []string) []byte {
	buf = append(buf, '[')
	for i, s := range subjects {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, s)
	}
	return append(buf, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s, which must be valid UTF-8, as a JSON string
// escaped exactly as encoding/json does with SetEscapeHTML(false): \" and
// \\, the short forms \b \f \n \r \t, \u00XX (lowercase hex) for the other
// control characters, \u2028 and \u2029; everything else as is.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '\u2028' || r == '\u2029' {
				buf = append(buf, s[start:i]...)
				buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
				start = i + size
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		buf = append(buf, s[start:i]...)
		buf = appendEscape(buf, c)
		i++
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// appendEscape appends the escape for an ASCII byte that needs one.
func appendEscape(buf []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(buf, '\\', c)
	case '\b':
		return append(buf, '\\', 'b')
	case '\f':
		return append(buf, '\\', 'f')
	case '\n':
		return append(buf, '\\', 'n')
	case '\r':
		return append(buf, '\\', 'r')
	case '\t':
		return append(buf, '\\', 't')
	}
	return append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// hasher computes event hashes, reusing its buffer across events.
type hasher struct {
	buf []byte // prev_hash bytes, then the canonical JSON
}

func newHasher() *hasher {
	return &hasher{}
}

// sum returns hex(SHA-256(prev_hash bytes || canonical JSON of e)).
func (h *hasher) sum(e *Event) (string, error) {
	sum, err := h.hex(e)
	if err != nil {
		return "", err
	}
	return string(sum[:]), nil
}

// hex is sum in hex digits, without a string.
func (h *hasher) hex(e *Event) (out [2 * sha256.Size]byte, err error) {
	if !isHash(e.PrevHash) {
		return out, errors.New("prev_hash is not 64 lowercase hex digits")
	}
	h.buf = append(h.buf[:0], make([]byte, sha256.Size)...)
	hex.Decode(h.buf, []byte(e.PrevHash)) // cannot fail: isHash checked it
	if h.buf, err = appendCanonical(h.buf, e); err != nil {
		return out, err
	}
	sum := sha256.Sum256(h.buf)
	hex.Encode(out[:], sum[:])
	return out, nil
}
