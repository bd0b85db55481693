package bundle

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

// maxJSON bounds how much of datapackage.json or datapackage-digest.json
// Verify reads, so a hostile file cannot exhaust memory.
const maxJSON = 64 << 20

// ReadFile returns the content of the entry name in the bundle at path,
// e.g. "evidence/screenshot.png". The ZIP checksum is checked; the
// datapackage hash is not (use [Verify]). A name not in the bundle gives a
// [*MissingFileError], a name that occurs twice a [*DuplicateFileError].
func ReadFile(path, name string) ([]byte, error) {
	data, err := readFile(path, name)
	if err != nil {
		return nil, fmt.Errorf("read %s from bundle %s: %w", name, path, err)
	}
	return data, nil
}

func readFile(path, name string) ([]byte, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var found *zip.File
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		if found != nil {
			return nil, &DuplicateFileError{File: name}
		}
		found = f
	}
	if found == nil {
		return nil, &MissingFileError{File: name}
	}
	rc, err := found.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// readEntry decodes an entry's stored bytes itself, from its data offset,
// and copies the content to w. Unlike zip.File.Open it does not check the
// ZIP CRC-32, so altered content is reported by Verify as a hash mismatch
// naming the file, not as a ZIP checksum error. Undecodable data gives a
// [*CorruptFileError].
func readEntry(ctx context.Context, f *zip.File, w io.Writer) (int64, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return 0, &CorruptFileError{File: f.Name, Err: err}
	}
	var r io.Reader
	switch f.Method {
	case zip.Store:
		r = raw
	case zip.Deflate:
		fr := flate.NewReader(raw)
		defer fr.Close()
		r = fr
	default:
		return 0, &CorruptFileError{File: f.Name, Err: fmt.Errorf("compression method %d", f.Method)}
	}
	n, err := io.Copy(w, ctxReader{ctx: ctx, r: r})
	if err != nil {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		return n, &CorruptFileError{File: f.Name, Err: err}
	}
	return n, nil
}

// hashEntry returns "sha256:<hex>" of an entry's content and its length.
func hashEntry(ctx context.Context, f *zip.File) (string, int64, error) {
	h := sha256.New()
	n, err := readEntry(ctx, f, h)
	if err != nil {
		return "", n, err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), n, nil
}

// readSmallEntry returns an entry's content, up to maxJSON bytes.
func readSmallEntry(ctx context.Context, f *zip.File) ([]byte, error) {
	var buf bytes.Buffer
	_, err := readEntry(ctx, f, &limitWriter{w: &buf, n: maxJSON})
	if err != nil {
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
		return 0, fmt.Errorf("larger than %d bytes", maxJSON)
	}
	l.n -= int64(len(p))
	return l.w.Write(p)
}
