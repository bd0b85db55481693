package bundle

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/internal/stream"
)

// Seal writes a bundle to finalPath atomically: it writes a partial file in
// tmpDir (created if needed), fsyncs it, makes it read-only to its owner (0400) and
// moves it to finalPath (creating its directory), then fsyncs that
// directory. It returns the bundle id as [Write] does.
//
// finalPath is never overwritten: if it exists, Seal fails with an error
// matching fs.ErrExist. On any error, including a cancelled ctx, neither
// the partial file nor finalPath is left behind. tmpDir and finalPath must
// be on one file system.
func Seal(ctx context.Context, tmpDir, finalPath string, files []File, meta Meta, signer Signer) (id string, err error) {
	id, err = seal(ctx, tmpDir, finalPath, files, meta, signer)
	if err != nil {
		return "", fmt.Errorf("seal bundle %s: %w", finalPath, err)
	}
	return id, nil
}

func seal(ctx context.Context, tmpDir, finalPath string, files []File, meta Meta, signer Signer) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if _, err := os.Lstat(finalPath); err == nil {
		return "", &fs.PathError{Op: "seal", Path: finalPath, Err: fs.ErrExist}
	}
	partial, err := atomicfile.Create(tmpDir, ".seal-*.wacz.partial")
	if err != nil {
		return "", fmt.Errorf("create partial file: %w", err)
	}
	defer partial.Discard() // after Publish it is a second name of finalPath
	id, err := Write(stream.WithContext(ctx, partial), files, meta, signer)
	if err != nil {
		return "", err
	}
	if err := partial.Finish(0o400); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := partial.Publish(finalPath); err != nil {
		return "", fmt.Errorf("move bundle into place: %w", err)
	}
	return id, nil
}
