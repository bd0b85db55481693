package bundle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Seal writes a bundle to finalPath atomically: it writes a partial file in
// tmpDir (created if needed), fsyncs it, makes it read-only (0444) and
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
	partial, id, err := writePartial(ctx, tmpDir, files, meta, signer)
	if err != nil {
		return "", err
	}
	defer os.Remove(partial) // after publish it is a second name of finalPath
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := publish(partial, finalPath); err != nil {
		return "", err
	}
	return id, nil
}

// writePartial writes the bundle to a new file in tmpDir, fsynced, closed
// and read-only, and returns its name. On error the file is removed.
func writePartial(ctx context.Context, tmpDir string, files []File, meta Meta, signer Signer) (name string, id string, err error) {
	if err := os.MkdirAll(tmpDir, 0o700); err != nil {
		return "", "", fmt.Errorf("create tmp directory: %w", err)
	}
	f, err := os.CreateTemp(tmpDir, ".seal-*.wacz.partial")
	if err != nil {
		return "", "", fmt.Errorf("create partial file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	id, err = Write(ctxWriter{ctx: ctx, w: f}, files, meta, signer)
	if err != nil {
		return "", "", err
	}
	if err = f.Chmod(0o444); err != nil {
		return "", "", fmt.Errorf("make partial file read-only: %w", err)
	}
	if err = f.Sync(); err != nil {
		return "", "", fmt.Errorf("sync partial file: %w", err)
	}
	if err = f.Close(); err != nil {
		return "", "", fmt.Errorf("close partial file: %w", err)
	}
	return f.Name(), id, nil
}

// publish gives partial the name finalPath without replacing an existing
// file, and fsyncs finalPath's directory. It uses a hard link, which fails
// if finalPath exists; where the file system has no hard links it checks
// and renames.
func publish(partial, finalPath string) error {
	dir := filepath.Dir(finalPath)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create bundle directory: %w", err)
	}
	err := os.Link(partial, finalPath)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		if _, lerr := os.Lstat(finalPath); lerr == nil {
			return &fs.PathError{Op: "seal", Path: finalPath, Err: fs.ErrExist}
		}
		err = os.Rename(partial, finalPath)
	}
	if err != nil {
		return fmt.Errorf("move bundle into place: %w", err)
	}
	if err := syncDir(dir); err != nil {
		os.Remove(finalPath)
		return fmt.Errorf("sync bundle directory: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // directories cannot be opened for fsync there
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// ctxWriter fails writes once ctx is done, so a cancelled seal stops at the
// next write.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
