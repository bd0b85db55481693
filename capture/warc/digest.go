package warc

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
	var errs []error
	block := Digest(r.Block)
	if block != r.BlockDigest {
		errs = append(errs, &DigestMismatchError{ID: r.ID, Field: hBlockDigest, Want: r.BlockDigest, Got: block})
	}
	if r.PayloadDigest != "" || r.PayloadOffset >= 0 {
		got := "(no payload)"
		switch {
		case r.PayloadOffset == 0:
			got = block // a resource record: the payload is the block
		case r.PayloadOffset > 0 && r.PayloadOffset <= len(r.Block):
			got = Digest(r.Block[r.PayloadOffset:])
		}
		if got != r.PayloadDigest {
			errs = append(errs, &DigestMismatchError{ID: r.ID, Field: hPayloadDigest, Want: r.PayloadDigest, Got: got})
		}
	}
	return errors.Join(errs...)
}
