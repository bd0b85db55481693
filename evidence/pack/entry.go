package pack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// maxSmall bounds how much of manifest.json, manifest.sig, public-key.pem
// or SHA256SUMS Verify reads, so a hostile pack cannot exhaust memory.
const maxSmall = 64 << 20

// openEntry returns a reader of an entry's content, decoded from its data
// offset. Unlike zip.File.Open it does not check the ZIP CRC-32, so an
// altered file is reported as a hash mismatch naming it, not as a ZIP
// error.
func openEntry(f *zip.File) (io.ReadCloser, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	switch f.Method {
	case zip.Store:
		return io.NopCloser(raw), nil
	case zip.Deflate:
		return flate.NewReader(raw), nil
	}
	return nil, fmt.Errorf("%s: unknown compression method %d", f.Name, f.Method)
}

// copyEntry copies an entry's content to w, stopping when ctx is done.
func copyEntry(ctx context.Context, f *zip.File, w io.Writer) (int64, error) {
	rc, err := openEntry(f)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	buf := make([]byte, 1<<20)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		k, rerr := rc.Read(buf)
		if k > 0 {
			if _, err := w.Write(buf[:k]); err != nil {
				return n, err
			}
			n += int64(k)
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, fmt.Errorf("%s: unreadable: %w", f.Name, rerr)
		}
	}
}

// readSmall returns an entry's content, up to maxSmall bytes.
func readSmall(ctx context.Context, f *zip.File) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := copyEntry(ctx, f, &limitWriter{w: &buf, n: maxSmall}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// limitWriter fails once more than n bytes are written.
type limitWriter struct {
	w io.Writer
	n int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		return 0, fmt.Errorf("larger than %d bytes", maxSmall)
	}
	l.n -= int64(len(p))
	return l.w.Write(p)
}

// digest is what hashing one entry found.
type digest struct {
	sha256 string // hex
	size   int64
	err    error // unreadable entry
}

// hashEntry hashes an entry's content.
func hashEntry(ctx context.Context, f *zip.File) digest {
	h := sha256.New()
	n, err := copyEntry(ctx, f, h)
	if err != nil {
		return digest{size: n, err: err}
	}
	return digest{sha256: hex.EncodeToString(h.Sum(nil)), size: n}
}
