// Package zipentry reads the entries of a ZIP file (a bundle, a pack) as a
// verifier must: decoded from the entry's data offset without the ZIP
// CRC-32 check, so that altered content is reported as a hash mismatch of
// the named file rather than as a ZIP error; cancellable inside a large
// entry; and bounded for the small metadata files a hostile ZIP could
// inflate.
package zipentry

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

// Open returns a reader of the entry's decoded content, unchecked.
func Open(f *zip.File) (io.ReadCloser, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	switch f.Method {
	case zip.Store:
		return io.NopCloser(raw), nil
	case zip.Deflate:
		return flate.NewReader(raw), nil
	}
	return nil, fmt.Errorf("compression method %d", f.Method)
}

// Copy copies the entry's content to w and returns how many bytes it
// copied. It stops with ctx's error once ctx is done.
func Copy(ctx context.Context, f *zip.File, w io.Writer) (int64, error) {
	rc, err := Open(f)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return io.CopyBuffer(w, Reader(ctx, rc), make([]byte, 1<<20))
}

// ReadAll returns the entry's content; more than max bytes is an error.
func ReadAll(ctx context.Context, f *zip.File, max int64) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := Copy(ctx, f, &limitWriter{w: &buf, n: max, max: max}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SHA256 returns the lower-case hex SHA-256 of the entry's content and its
// length.
func SHA256(ctx context.Context, f *zip.File) (string, int64, error) {
	h := sha256.New()
	n, err := Copy(ctx, f, h)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Reader fails reads once ctx is done, so work on a large file stops soon
// after cancellation.
func Reader(ctx context.Context, r io.Reader) io.Reader { return ctxReader{ctx: ctx, r: r} }

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// limitWriter fails once more than n bytes are written.
type limitWriter struct {
	w      io.Writer
	n, max int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		return 0, fmt.Errorf("larger than %d bytes", l.max)
	}
	l.n -= int64(len(p))
	return l.w.Write(p)
}
