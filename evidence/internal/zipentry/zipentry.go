// Package zipentry reads the entries of a ZIP file (a bundle, a pack) as a
// verifier must: decoded from the entry's data offset without the ZIP
// CRC-32 check, so that altered content is reported as a hash mismatch of
// the named file rather than as a ZIP error; cancellable inside a large
// entry; and bounded for the small metadata files a hostile ZIP could
// inflate.
package zipentry

import (
	"archive/zip"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/sightline-osint/sightline/evidence"
)

// errTooLarge is what limitWriter fails with past its bound.
var errTooLarge = errors.New("too large")

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

// CopyAtMost is Copy for an entry that may hold at most max bytes: past
// that it stops with an [*evidence.TooLargeError] naming the entry, having
// written at most max+1 bytes to w.
func CopyAtMost(ctx context.Context, f *zip.File, w io.Writer, max int64) (int64, error) {
	rc, err := Open(f)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	n, err := io.CopyBuffer(w, io.LimitReader(Reader(ctx, rc), max+1), make([]byte, 1<<20))
	if err == nil && n > max {
		err = &evidence.TooLargeError{File: f.Name, Max: max}
	}
	return n, err
}

// ReadAll returns the entry's content; more than max bytes is an
// [*evidence.TooLargeError] naming the entry. What the ZIP declares of the
// entry's size is not trusted: the buffer grows as content arrives, never
// past max, so a bomb costs at most about 1.5 × max of memory.
func ReadAll(ctx context.Context, f *zip.File, max int64) ([]byte, error) {
	w := &limitWriter{n: max, max: max}
	if _, err := Copy(ctx, f, w); errors.Is(err, errTooLarge) {
		return nil, &evidence.TooLargeError{File: f.Name, Max: max}
	} else if err != nil {
		return nil, err
	}
	if w.buf == nil {
		return []byte{}, nil // read, and empty
	}
	return w.buf, nil
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

// limitWriter collects what is written in buf and fails once more than
// max bytes are written. buf's capacity doubles but stops at max.
type limitWriter struct {
	buf    []byte
	n, max int64 // n: bytes still allowed
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		return 0, errTooLarge
	}
	l.n -= int64(len(p))
	if need := len(l.buf) + len(p); need > cap(l.buf) {
		c := int64(max(2*cap(l.buf), need, 512))
		c = min(c, max(l.max, int64(need)))
		grown := make([]byte, len(l.buf), c)
		copy(grown, l.buf)
		l.buf = grown
	}
	l.buf = append(l.buf, p...)
	return len(p), nil
}

// Unsafe says why an entry must not be trusted by a reader that extracts
// archives, or returns "" for a plain file or directory with a local
// name: a name that is absolute, leaves the archive's root ("../"), holds
// a backslash (a separator on Windows) or is empty, or an entry whose
// mode is a symbolic link or another non-regular file. The verifiers
// never extract, but a file that passes verification is handed on.
func Unsafe(f *zip.File) string {
	name := f.Name
	switch {
	case name == "":
		return "an empty name"
	case strings.Contains(name, `\`):
		return "a backslash in its name"
	case strings.HasPrefix(name, "/") || driveLetter(name):
		return "an absolute path"
	case !filepath.IsLocal(strings.TrimSuffix(name, "/")):
		return "a path outside the archive"
	}
	switch m := f.Mode(); {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeCharDevice|fs.ModeIrregular) != 0:
		return "a special file"
	}
	return ""
}

// CheckSafe returns an [*evidence.UnsafeEntryError] for an entry [Unsafe]
// rejects, and nil for a safe one.
func CheckSafe(f *zip.File) error {
	if why := Unsafe(f); why != "" {
		return &evidence.UnsafeEntryError{File: f.Name, Reason: why}
	}
	return nil
}

// driveLetter says whether name starts with a Windows drive ("C:"), which
// filepath does not see on other systems.
func driveLetter(name string) bool {
	return len(name) >= 2 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z')
}
