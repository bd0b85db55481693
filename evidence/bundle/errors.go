package bundle

import (
	"errors"
	"fmt"

	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/keys"
)

// ErrSignatureInvalid reports that the digest file's signature does not
// verify under its embedded public key (or either is missing or malformed).
// It is the same value as keys.ErrSignatureInvalid.
var ErrSignatureInvalid = keys.ErrSignatureInvalid

// ErrDigestMismatch reports that datapackage.json does not match the hash in
// datapackage-digest.json, or that the digest file's "hash" and
// "signedData.hash" differ, or that the digest file cannot be read.
var ErrDigestMismatch = errors.New("datapackage digest mismatch")

// ErrUnsupportedVersion reports a datapackage.json whose profile or
// wacz_version this verifier does not know.
var ErrUnsupportedVersion = errors.New("unsupported bundle version")

// HashMismatchError reports a resource whose SHA-256 differs from the one
// listed in datapackage.json.
type HashMismatchError struct {
	File string // path in the bundle
	Want string // listed, "sha256:<hex>"
	Got  string // computed, "sha256:<hex>"
}

func (e *HashMismatchError) Error() string {
	return fmt.Sprintf("%s: hash %s, listed %s", e.File, e.Got, e.Want)
}

// SizeMismatchError reports a resource whose length differs from the
// "bytes" listed in datapackage.json.
type SizeMismatchError struct {
	File string
	Want int64 // listed
	Got  int64 // read
}

func (e *SizeMismatchError) Error() string {
	return fmt.Sprintf("%s: %d bytes, listed %d", e.File, e.Got, e.Want)
}

// MissingFileError reports a file listed in datapackage.json (or asked for
// by [ReadFile]) that the bundle does not contain.
type MissingFileError struct {
	File string
}

func (e *MissingFileError) Error() string {
	return fmt.Sprintf("%s: listed but not in the bundle", e.File)
}

// UnlistedFileError reports a file in the bundle that datapackage.json does
// not list.
type UnlistedFileError struct {
	File string
}

func (e *UnlistedFileError) Error() string {
	return fmt.Sprintf("%s: in the bundle but not listed", e.File)
}

// DuplicateFileError reports a path that occurs more than once in the ZIP
// directory or in the resource list. Readers may pick different copies, so
// a bundle with duplicates fails verification.
type DuplicateFileError struct {
	File string
}

func (e *DuplicateFileError) Error() string {
	return fmt.Sprintf("%s: occurs more than once", e.File)
}

// CorruptFileError reports an entry whose stored bytes cannot be read back:
// an undecodable compressed stream, an unknown compression method or a
// truncated entry. Altering a compressed entry's bytes usually causes it.
type CorruptFileError struct {
	File string
	Err  error
}

func (e *CorruptFileError) Error() string {
	return fmt.Sprintf("%s: unreadable: %v", e.File, e.Err)
}

func (e *CorruptFileError) Unwrap() error { return e.Err }

// TooLargeError reports an entry (datapackage.json or the digest file)
// longer than Verify reads of it, such as a ZIP bomb: it is not parsed.
type TooLargeError = evidence.TooLargeError

// UnsafeEntryError reports a ZIP entry a program extracting the bundle
// could be led by to write outside its directory or follow a link.
type UnsafeEntryError = evidence.UnsafeEntryError
