package pack

import (
	"errors"
	"fmt"

	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/keys"
)

// ErrSignatureInvalid reports a manifest.sig that does not verify under
// public-key.pem. It is the same value as keys.ErrSignatureInvalid.
var ErrSignatureInvalid = keys.ErrSignatureInvalid

// ErrKeyMismatch reports a public-key.pem whose fingerprint is not the
// manifest's key_fingerprint, or a bundle signed by another key than the
// pack.
var ErrKeyMismatch = errors.New("key fingerprint mismatch")

// ErrAuditExtract is matched (errors.Is) by every finding about audit.jsonl.
var ErrAuditExtract = errors.New("audit extract does not verify")

// BundleChangedError reports, when writing a pack, a bundle file whose
// SHA-256 is not the one recorded when it was sealed.
type BundleChangedError struct {
	Ref  string // exhibit reference
	File string // the bundle's path on disk
	Want string // recorded hex SHA-256
	Got  string // hex SHA-256 of the file now
}

func (e *BundleChangedError) Error() string {
	return fmt.Sprintf("exhibit %s: bundle %s has SHA-256 %s, recorded %s", e.Ref, e.File, e.Got, e.Want)
}

// HashMismatchError reports a pack file whose SHA-256 or size is not the
// one a list (SHA256SUMS, the manifest's files or exhibits) gives.
type HashMismatchError struct {
	File   string
	List   string // "SHA256SUMS", "manifest files", "manifest exhibit JS/1"
	Want   string // listed: hex SHA-256, or a size in bytes
	Got    string
	IsSize bool // Want and Got are sizes
}

func (e *HashMismatchError) Error() string {
	what := "hash"
	if e.IsSize {
		what = "size"
	}
	return fmt.Sprintf("%s: %s %s, %s lists %s", e.File, what, e.Got, e.List, e.Want)
}

// MissingFileError reports a file a list names that the pack lacks.
type MissingFileError struct {
	File string
	List string
}

func (e *MissingFileError) Error() string {
	return fmt.Sprintf("%s: listed in %s but not in the pack", e.File, e.List)
}

// UnlistedFileError reports a file in the pack that a list leaves out:
// added after the pack was made, or by someone else.
type UnlistedFileError struct {
	File string
	List string
}

func (e *UnlistedFileError) Error() string {
	return fmt.Sprintf("%s: in the pack but not listed in %s", e.File, e.List)
}

// DuplicateFileError reports a name that occurs more than once in the
// pack's ZIP directory; readers may pick different copies.
type DuplicateFileError struct {
	File string
}

func (e *DuplicateFileError) Error() string {
	return fmt.Sprintf("%s: occurs more than once in the pack", e.File)
}

// TooLargeError reports a small file of the pack (manifest.json,
// manifest.sig, public-key.pem, SHA256SUMS) longer than Verify reads of
// it, or a compressed bundle that inflates past the size the manifest
// lists for it, such as a ZIP bomb. It is the bundle's type too.
type TooLargeError = evidence.TooLargeError

// UnsafeEntryError reports a pack entry a program unzipping the pack could
// be led by to write outside its directory or follow a link. It is the
// bundle's type too.
type UnsafeEntryError = evidence.UnsafeEntryError
