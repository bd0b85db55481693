package pack

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"

	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
)

// maxSmall bounds how much of manifest.json, manifest.sig, public-key.pem
// or SHA256SUMS Verify reads, so a hostile pack cannot exhaust memory.
const maxSmall = 64 << 20

// readSmall returns an entry's content, up to maxSmall bytes, read without
// the ZIP CRC check (package zipentry); a longer one gives a
// [*TooLargeError].
func readSmall(ctx context.Context, f *zip.File) ([]byte, error) {
	data, err := zipentry.ReadAll(ctx, f, maxSmall)
	if tl := (*TooLargeError)(nil); errors.As(err, &tl) {
		return nil, tl
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return data, nil
}

// digest is what hashing one entry found.
type digest struct {
	sha256 string // hex
	size   int64
	err    error // unreadable entry
}

// hashEntry hashes an entry's content.
func hashEntry(ctx context.Context, f *zip.File) digest {
	sum, n, err := zipentry.SHA256(ctx, f)
	if err != nil {
		return digest{size: n, err: fmt.Errorf("%s: unreadable: %w", f.Name, err)}
	}
	return digest{sha256: sum, size: n}
}
