package bundle

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
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

// hashEntry returns "sha256:<hex>" of an entry's content and its length,
// read without the ZIP CRC check (package zipentry): altered content is a
// hash mismatch naming the file. Undecodable data gives a
// [*CorruptFileError].
func hashEntry(ctx context.Context, f *zip.File) (string, int64, error) {
	sum, n, err := zipentry.SHA256(ctx, f)
	if err != nil {
		return "", n, entryError(ctx, f, err)
	}
	return "sha256:" + sum, n, nil
}

// readSmallEntry returns an entry's content, up to maxJSON bytes.
func readSmallEntry(ctx context.Context, f *zip.File) ([]byte, error) {
	data, err := zipentry.ReadAll(ctx, f, maxJSON)
	if tl := (*TooLargeError)(nil); errors.As(err, &tl) && ctx.Err() == nil {
		return nil, tl
	}
	if err != nil {
		return nil, entryError(ctx, f, err)
	}
	return data, nil
}

func entryError(ctx context.Context, f *zip.File, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &CorruptFileError{File: f.Name, Err: err}
}
