package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"fmt"
	"io"

	"github.com/sightline-osint/sightline/internal/stream"
)

// Writer appends records to a WARC file, each record as its own gzip
// member so that a reader can seek to one record (FORMAT.md §2).
//
// A Writer is not safe for concurrent use. After an error it writes
// nothing more and returns that error.
type Writer struct {
	w      stream.Counter
	gz     *gzip.Writer
	header bytes.Buffer
	err    error
}

// NewWriter returns a Writer that writes to w. Offsets are counted from
// the first byte it writes to w.
func NewWriter(w io.Writer) *Writer {
	wr := &Writer{w: stream.Counter{W: w}}
	wr.gz = gzip.NewWriter(&wr.w)
	return wr
}

// Write appends r as one gzip member and returns where the member starts
// and its compressed length, the offset and length of its CDXJ line.
//
// Write sets r.ID to a random urn:uuid when it is empty, r.ContentType for
// request and response records when it is empty, and r.BlockDigest and
// r.PayloadDigest to the digests it writes; it writes WARC-Date,
// Content-Length and WARC-Block-Digest always and WARC-Payload-Digest when
// r.PayloadOffset applies. It rejects a record that would not read back
// the same (see Record and FORMAT.md §2-4), writing nothing.
func (w *Writer) Write(r *Record) (offset, length int64, err error) {
	if w.err != nil {
		return 0, 0, w.err
	}
	if r.ID == "" {
		id, err := newID()
		if err != nil {
			return 0, 0, err
		}
		r.ID = id
	}
	if r.ContentType == "" && isHTTP(r.Type) {
		r.ContentType = httpContentType(r.Type)
	}
	payloadOffset, err := r.check()
	if err != nil {
		return 0, 0, fmt.Errorf("write warc record: %w", err)
	}
	r.BlockDigest = Digest(r.Block)
	r.PayloadDigest = ""
	if payloadOffset >= 0 {
		r.PayloadDigest = Digest(r.Block[payloadOffset:])
	}
	w.header.Reset()
	r.appendHeader(&w.header, r.BlockDigest, r.PayloadDigest)

	offset = w.w.N
	w.gz.Reset(&w.w)
	for _, part := range [][]byte{w.header.Bytes(), r.Block, []byte("\r\n\r\n")} {
		if _, err := w.gz.Write(part); err != nil {
			w.err = fmt.Errorf("write warc record %s: %w", r.ID, err)
			return 0, 0, w.err
		}
	}
	if err := w.gz.Close(); err != nil {
		w.err = fmt.Errorf("write warc record %s: %w", r.ID, err)
		return 0, 0, w.err
	}
	return offset, w.w.N - offset, nil
}

// newID returns a random (version 4) UUID as a WARC record ID.
func newID() (string, error) {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		return "", fmt.Errorf("generate warc record id: %w", err)
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]), nil
}
