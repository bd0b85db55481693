package pack

import (
	"archive/zip"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
)

// bundleResult is what bundle.Verify found in one bundle of the pack; err
// is set when the file is not a readable ZIP.
type bundleResult struct {
	rep bundle.Report
	err error
}

// isBundle reports whether a pack path is a bundle: bundles/*.wacz.
func isBundle(name string) bool {
	return strings.HasPrefix(name, BundleDir) && strings.HasSuffix(name, ".wacz")
}

// hashAll hashes every entry once, on as many goroutines as there are
// CPUs, largest first so that no CPU is left with the one big file at the
// end. A bundle is copied to a file in tmp while it is hashed, then
// verified there by bundle.Verify.
func (v *verifier) hashAll(tmp string) error {
	v.digests = make(map[string]digest, len(v.names))
	v.bundles = map[string]bundleResult{}
	jobs := slices.Clone(v.names)
	slices.SortStableFunc(jobs, func(a, b string) int {
		return cmp.Compare(v.entries[b].UncompressedSize64, v.entries[a].UncompressedSize64)
	})
	var mu sync.Mutex
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for i := range work {
				d, b := v.hashOne(jobs[i], filepath.Join(tmp, fmt.Sprintf("%d.wacz", i)))
				mu.Lock()
				v.digests[jobs[i]] = d
				if b != nil {
					v.bundles[jobs[i]] = *b
				}
				mu.Unlock()
			}
		})
	}
feed:
	for i := range jobs {
		select {
		case work <- i:
		case <-v.ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	return v.ctx.Err()
}

// hashOne hashes one entry; a bundle is also extracted to extract and
// verified there, its file hashed at the same time on another goroutine,
// so that even a pack of one large bundle keeps two CPUs busy.
func (v *verifier) hashOne(name, extract string) (digest, *bundleResult) {
	f := v.entries[name]
	if !isBundle(name) {
		return hashEntry(v.ctx, f), nil
	}
	defer os.Remove(extract)
	if err := v.extract(f, extract); err != nil {
		d := digest{err: err}
		return d, &bundleResult{err: err}
	}
	var d digest
	var wg sync.WaitGroup
	wg.Go(func() { d = hashFile(v.ctx, extract) })
	rep, err := bundle.Verify(v.ctx, extract)
	wg.Wait()
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // drop the temporary file's name
		}
		return d, &bundleResult{err: fmt.Errorf("not a readable bundle: %w", err)}
	}
	return d, &bundleResult{rep: rep}
}

// extract copies an entry's content to a new file named dst. A stored
// entry is copied by the kernel (copy_file_range where there is one),
// never through this process.
func (v *verifier) extract(f *zip.File, dst string) error {
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("extract %s: %w", f.Name, err)
	}
	defer out.Close()
	if f.Method == zip.Store {
		err = v.copyStored(f, out)
	} else {
		_, err = zipentry.Copy(v.ctx, f, out)
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		return fmt.Errorf("extract %s: %w", f.Name, err)
	}
	return nil
}

// copyStored copies a stored entry's bytes from the pack file to out.
func (v *verifier) copyStored(f *zip.File, out *os.File) error {
	off, err := f.DataOffset()
	if err != nil {
		return err
	}
	in, err := os.Open(v.path)
	if err != nil {
		return err
	}
	defer in.Close()
	if _, err := in.Seek(off, io.SeekStart); err != nil {
		return err
	}
	size := int64(f.CompressedSize64)
	n, err := out.ReadFrom(&io.LimitedReader{R: in, N: size})
	if err == nil && n != size {
		err = fmt.Errorf("%s: %d of %d bytes: %w", f.Name, n, size, io.ErrUnexpectedEOF)
	}
	return err
}

// hashFile hashes the file at path.
func hashFile(ctx context.Context, path string) digest {
	f, err := os.Open(path)
	if err != nil {
		return digest{err: err}
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, zipentry.Reader(ctx, f), make([]byte, 1<<20))
	if err != nil {
		return digest{size: n, err: err}
	}
	return digest{sha256: hex.EncodeToString(h.Sum(nil)), size: n}
}
