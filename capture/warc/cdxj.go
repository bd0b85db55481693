package warc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// tsLayout is the CDXJ timestamp: 14 digits, UTC, whole seconds.
const tsLayout = "20060102150405"

// IndexEntry is one CDXJ line (FORMAT.md §5): where a replayable record is
// and what it holds. The line's key is SURT(URL) and its timestamp is Date
// in whole seconds.
type IndexEntry struct {
	URL      string    // WARC-Target-URI
	Date     time.Time // WARC-Date; the line keeps whole seconds
	MIME     string    // media type without parameters; "" for none
	Status   int       // HTTP status of a response; 0 for a resource
	Digest   string    // WARC-Payload-Digest, "sha256:<hex>"; "" for none
	Offset   int64     // of the record's gzip member in the WARC
	Length   int64     // of the gzip member, compressed
	Filename string    // the WARC's name inside archive/, "data.warc.gz"
}

// cdxjJSON is the JSON block of a line, members in the order pywb and
// warcio write them, numbers as strings as they do.
type cdxjJSON struct {
	URL      string `json:"url"`
	MIME     string `json:"mime,omitempty"`
	Status   string `json:"status,omitempty"`
	Digest   string `json:"digest,omitempty"`
	Length   string `json:"length"`
	Offset   string `json:"offset"`
	Filename string `json:"filename"`
}

// Index reads a WARC that Writer wrote and returns its index entries, one
// per response record and per resource record (but not resources of type
// application/warc-fields) with a WARC-Target-URI, in file order. Request,
// warcinfo and metadata records are not replayed and not indexed.
func Index(r io.Reader, filename string) ([]IndexEntry, error) {
	var entries []IndexEntry
	rd := NewReader(r)
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return entries, nil
		}
		if err != nil {
			return nil, fmt.Errorf("index %s: %w", filename, err)
		}
		e, ok, err := indexEntry(rec)
		if err != nil {
			return nil, fmt.Errorf("index %s: record %s: %w", filename, rec.ID, err)
		}
		if ok {
			e.Offset, e.Length = rd.Member()
			e.Filename = filename
			entries = append(entries, e)
		}
	}
}

// indexEntry returns the entry of rec without its position, or false when
// rec is not indexed.
func indexEntry(rec *Record) (IndexEntry, bool, error) {
	e := IndexEntry{URL: rec.TargetURI, Date: rec.Date, Digest: rec.PayloadDigest}
	switch {
	case rec.TargetURI == "":
		return e, false, nil
	case rec.Type == TypeResponse:
		head, err := parseHTTPHead(rec.Type, rec.Block)
		if err != nil {
			return e, false, err
		}
		e.Status, e.MIME = head.status, mediaType(head.contentType)
	case rec.Type == TypeResource && mediaType(rec.ContentType) != ContentTypeFields:
		e.MIME = mediaType(rec.ContentType)
	default:
		return e, false, nil
	}
	return e, true, nil
}

// mediaType returns a Content-Type without parameters.
func mediaType(ct string) string {
	t, _, _ := strings.Cut(ct, ";")
	return strings.TrimSpace(t)
}

// line renders e as one CDXJ line without its newline.
func (e *IndexEntry) line() ([]byte, error) {
	if !utf8.ValidString(e.URL + e.MIME + e.Filename) {
		return nil, fmt.Errorf("cdxj entry %q: url, mime or filename not UTF-8", e.URL)
	}
	if e.URL == "" || checkURIValue(e.URL) != nil {
		return nil, fmt.Errorf("cdxj entry: url %q empty or with spaces or control characters", e.URL)
	}
	if e.Filename == "" || checkURIValue(e.Filename) != nil {
		return nil, fmt.Errorf("cdxj entry %s: filename %q empty or with spaces or control characters", e.URL, e.Filename)
	}
	if err := checkText(e.MIME); err != nil || strings.Trim(e.MIME, " \t") != e.MIME {
		return nil, fmt.Errorf("cdxj entry %s: mime %q", e.URL, e.MIME)
	}
	if e.Digest != "" && !isDigest(e.Digest) {
		return nil, fmt.Errorf("cdxj entry %s: digest %q is not sha256:<hex>", e.URL, e.Digest)
	}
	if e.Status < 0 || e.Status > 999 || e.Offset < 0 || e.Length <= 0 {
		return nil, fmt.Errorf("cdxj entry %s: status %d, offset %d, length %d out of range", e.URL, e.Status, e.Offset, e.Length)
	}
	d := e.Date.UTC()
	if d.Year() < 1000 || d.Year() > 9999 {
		return nil, fmt.Errorf("cdxj entry %s: date %v out of range", e.URL, e.Date)
	}
	j := cdxjJSON{URL: e.URL, MIME: e.MIME, Digest: e.Digest, Filename: e.Filename,
		Length: strconv.FormatInt(e.Length, 10), Offset: strconv.FormatInt(e.Offset, 10)}
	if e.Status != 0 {
		j.Status = strconv.Itoa(e.Status)
	}
	var b bytes.Buffer
	key, _ := SURT(e.URL) // on error the URL itself is the key, as in warcio.js
	b.WriteString(key + " " + d.Format(tsLayout) + " ")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return nil, fmt.Errorf("cdxj entry %s: %w", e.URL, err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// WriteCDXJ writes the entries as a CDXJ index: one line each, sorted in
// byte order (by key, then timestamp), each ending in "\n".
func WriteCDXJ(w io.Writer, entries []IndexEntry) error {
	lines := make([][]byte, 0, len(entries))
	for i := range entries {
		l, err := entries[i].line()
		if err != nil {
			return fmt.Errorf("write cdxj: %w", err)
		}
		lines = append(lines, l)
	}
	slices.SortStableFunc(lines, bytes.Compare)
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		bw.Write(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write cdxj: %w", err)
	}
	return nil
}

// CDXJError reports a CDXJ line that is not one WriteCDXJ would write.
type CDXJError struct {
	Line   int // 1-based
	Reason string
}

func (e *CDXJError) Error() string { return fmt.Sprintf("cdxj line %d: %s", e.Line, e.Reason) }

// ReadCDXJ reads a CDXJ index as WriteCDXJ writes it. Besides the syntax it
// checks what would otherwise be lost in IndexEntry: each key is SURT(url),
// the timestamp is well formed, and the lines are in byte order. Unknown
// JSON members are ignored; numbers may be JSON strings or integers.
func ReadCDXJ(r io.Reader) ([]IndexEntry, error) {
	var entries []IndexEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var prev []byte
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		e, err := parseCDXJLine(line)
		if err != nil {
			return nil, &CDXJError{Line: n, Reason: err.Error()}
		}
		if prev != nil && bytes.Compare(prev, line) > 0 {
			return nil, &CDXJError{Line: n, Reason: "not in sorted order"}
		}
		prev = append(prev[:0], line...)
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read cdxj: %w", err)
	}
	return entries, nil
}

func parseCDXJLine(line []byte) (IndexEntry, error) {
	var e IndexEntry
	key, rest, ok1 := strings.Cut(string(line), " ")
	ts, js, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 {
		return e, errors.New("not <key> <timestamp> <json>")
	}
	date, err := time.Parse(tsLayout, ts)
	if err != nil || len(ts) != len(tsLayout) {
		return e, fmt.Errorf("timestamp %q is not 14 digits", ts)
	}
	var j struct {
		URL      string      `json:"url"`
		MIME     string      `json:"mime"`
		Status   json.Number `json:"status"`
		Digest   string      `json:"digest"`
		Length   json.Number `json:"length"`
		Offset   json.Number `json:"offset"`
		Filename string      `json:"filename"`
	}
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(&j); err != nil || dec.More() || !strings.HasPrefix(js, "{") {
		return e, fmt.Errorf("json block: %v", err)
	}
	e = IndexEntry{URL: j.URL, Date: date, MIME: j.MIME, Digest: j.Digest, Filename: j.Filename}
	if e.Status, err = cdxjInt[int](j.Status, true); err != nil {
		return e, fmt.Errorf("status: %w", err)
	}
	if e.Offset, err = cdxjInt[int64](j.Offset, false); err != nil {
		return e, fmt.Errorf("offset: %w", err)
	}
	if e.Length, err = cdxjInt[int64](j.Length, false); err != nil {
		return e, fmt.Errorf("length: %w", err)
	}
	want, err := e.line()
	if err != nil {
		return e, err
	}
	if wantKey, _, _ := strings.Cut(string(want), " "); wantKey != key {
		return e, fmt.Errorf("key %q, want SURT %q", key, wantKey)
	}
	return e, nil
}

// cdxjInt parses a number written as a JSON string or integer.
func cdxjInt[T int | int64](n json.Number, optional bool) (T, error) {
	if n == "" {
		if optional {
			return 0, nil
		}
		return 0, errors.New("missing")
	}
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || strconv.FormatInt(v, 10) != string(n) {
		return 0, fmt.Errorf("%q is not an integer", n)
	}
	if T(v) != 0 && int64(T(v)) != v {
		return 0, fmt.Errorf("%q out of range", n)
	}
	return T(v), nil
}
