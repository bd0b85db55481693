package warc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// DigestPrefix starts every digest Sightline writes. The digest itself is
// 64 lower-case hex digits: the encoding gowarc's verifier recomputes and
// compares as a string, and the one warcio.js and WACZ use (FORMAT.md §3).
const DigestPrefix = "sha256:"

// Digest returns "sha256:" and the lower-case hex SHA-256 of b.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return DigestPrefix + hex.EncodeToString(sum[:])
}

// isDigest reports whether s has the form Digest returns.
func isDigest(s string) bool {
	if len(s) != len(DigestPrefix)+64 || s[:len(DigestPrefix)] != DigestPrefix {
		return false
	}
	for i := len(DigestPrefix); i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// DigestMismatchError reports a record whose WARC-Block-Digest or
// WARC-Payload-Digest does not match its bytes.
type DigestMismatchError struct {
	ID    string // WARC-Record-ID
	Field string // "WARC-Block-Digest" or "WARC-Payload-Digest"
	Want  string // as recorded
	Got   string // computed
}

func (e *DigestMismatchError) Error() string {
	return fmt.Sprintf("record %s: %s %s, computed %s", e.ID, e.Field, e.Want, e.Got)
}

// CheckDigests recomputes the record's digests from Block and compares them
// with BlockDigest and PayloadDigest, as a verifier must (FORMAT.md §6).
// Each that differs gives a *DigestMismatchError, the block digest's
// first; with both, they come joined (errors.Join), so errors.As finds the
// first and Unwrap() []error lists both.
func (r *Record) CheckDigests() error {
	block := Digest(r.Block)
	payload := noPayload
	switch {
	case r.PayloadOffset == 0:
		payload = block // a resource record: the payload is the block
	case r.PayloadOffset > 0 && r.PayloadOffset <= len(r.Block):
		payload = Digest(r.Block[r.PayloadOffset:])
	}
	return r.compareDigests(block, payload)
}

// noPayload stands for the computed payload digest of an HTTP block that
// has no end of head.
const noPayload = "(no payload)"

// compareDigests compares the digests computed from the block with those
// the record claims. payload is only looked at when the record claims a
// payload digest or has a payload offset.
func (r *Record) compareDigests(block, payload string) error {
	var errs []error
	if block != r.BlockDigest {
		errs = append(errs, &DigestMismatchError{ID: r.ID, Field: hBlockDigest, Want: r.BlockDigest, Got: block})
	}
	if (r.PayloadDigest != "" || r.PayloadOffset >= 0) && payload != r.PayloadDigest {
		errs = append(errs, &DigestMismatchError{ID: r.ID, Field: hPayloadDigest, Want: r.PayloadDigest, Got: payload})
	}
	return errors.Join(errs...)
}

// streamDigests reads a block of length bytes and returns its block and
// payload digests, computed as CheckDigests computes them, holding one
// buffer of the block at a time. It sets PayloadOffset as setPayloadOffset
// would from the whole block.
func (r *Record) streamDigests(block io.Reader, length int64) (blockDigest, payload string, err error) {
	blockHash := sha256.New()
	writers := []io.Writer{blockHash}
	var split *headSplitter
	r.PayloadOffset = -1
	switch {
	case r.PayloadDigest == "":
	case r.Type == TypeResource:
		r.PayloadOffset = 0
	default:
		split = &headSplitter{payload: sha256.New()}
		writers = append(writers, split)
	}
	var n int64
	if length >= fanoutMin {
		n, err = copyFanout(block, writers...)
	} else {
		n, err = io.Copy(io.MultiWriter(writers...), block)
	}
	if err == nil && n != length {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return "", "", err
	}
	blockDigest = DigestPrefix + hex.EncodeToString(blockHash.Sum(nil))
	payload = noPayload
	switch {
	case r.PayloadOffset == 0:
		payload = blockDigest
	case split != nil && split.found:
		r.PayloadOffset = int(split.at)
		payload = DigestPrefix + hex.EncodeToString(split.payload.Sum(nil))
	}
	return blockDigest, payload, nil
}

// headSplitter passes what follows the first CRLF CRLF written to it (an
// HTTP message's payload) to payload, and records where that starts.
type headSplitter struct {
	payload hash.Hash
	found   bool
	at      int64  // offset of the payload in the block, once found
	seen    int64  // bytes written before found
	tail    []byte // the last bytes written, up to 3, while not found
}

var endOfHead = []byte("\r\n\r\n")

func (s *headSplitter) Write(p []byte) (int, error) {
	if s.found {
		return s.payload.Write(p)
	}
	const keep = len("\r\n\r\n") - 1
	// A CRLF CRLF may straddle the previous write and this one.
	joint := append(append([]byte(nil), s.tail...), p[:min(len(p), keep)]...)
	start := -1
	if i := bytes.Index(joint, endOfHead); i >= 0 {
		start = i + len(endOfHead) - len(s.tail)
	} else if i := bytes.Index(p, endOfHead); i >= 0 {
		start = i + len(endOfHead)
	}
	if start < 0 {
		s.seen += int64(len(p))
		if len(p) >= keep {
			joint = p
		}
		s.tail = append(s.tail[:0], joint[max(0, len(joint)-keep):]...)
		return len(p), nil
	}
	s.found, s.at = true, s.seen+int64(start)
	s.payload.Write(p[start:])
	return len(p), nil
}
