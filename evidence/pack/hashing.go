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
// end. A bundle is verified by bundle.VerifyReader at the same time.
func (v *verifier) hashAll() error {
	v.digests = make(map[string]digest, len(v.names))
	v.bundles = map[string]bundleResult{}
	jobs := slices.Clone(v.names)
	slices.SortStableFunc(jobs, func(a, b string) int {
		return cmp.Compare(v.entries[b].UncompressedSize64, v.entries[a].UncompressedSize64)
	})
	var mu sync.Mutex
	work := make(chan string)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for name := range work {
				d, b := v.hashOne(name)
				mu.Lock()
				v.digests[name] = d
				if b != nil {
					v.bundles[name] = *b
				}
				mu.Unlock()
			}
		})
	}
feed:
	for _, name := range jobs {
		select {
		case work <- name:
		case <-v.ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	return v.ctx.Err()
}

// hashOne hashes one entry. A bundle is also verified, its file hashed at
// the same time on another goroutine, so that even a pack of one large
// bundle keeps two CPUs busy.
func (v *verifier) hashOne(name string) (digest, *bundleResult) {
	f := v.entries[name]
	if !isBundle(name) {
		return hashEntry(v.ctx, f), nil
	}
	r, size, cleanup, err := v.bundleReader(f)
	if err != nil {
		return digest{err: err}, &bundleResult{err: err}
	}
	defer cleanup()
	var d digest
	var wg sync.WaitGroup
	wg.Go(func() { d = hashReader(v.ctx, io.NewSectionReader(r, 0, size)) })
	rep, err := bundle.VerifyReader(v.ctx, name, r, size)
	wg.Wait()
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // drop "verify bundle <name>", which the check names
		}
		return d, &bundleResult{err: fmt.Errorf("not a readable bundle: %w", err)}
	}
	return d, &bundleResult{rep: rep}
}

// bundleReader gives random access to a bundle's bytes. A stored entry, as
// Sightline writes bundles, is read where it lies in the pack; a compressed
// one is first decompressed to a temporary file, which cleanup removes,
// and only up to the size the manifest lists for it, so that a ZIP bomb
// cannot fill the disk: one the manifest does not list is not extracted.
func (v *verifier) bundleReader(f *zip.File) (r io.ReaderAt, size int64, cleanup func(), err error) {
	if f.Method == zip.Store {
		off, err := f.DataOffset()
		if err != nil {
			return nil, 0, nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		size := int64(f.CompressedSize64)
		return io.NewSectionReader(v.file, off, size), size, func() {}, nil
	}
	limit, ok := v.listedSize(f.Name)
	if !ok {
		return nil, 0, nil, fmt.Errorf("%s: compressed, and %s lists no size for it: not extracted", f.Name, ManifestName)
	}
	tmp, err := os.CreateTemp("", "sightline-verify-*.wacz")
	if err != nil {
		return nil, 0, nil, fmt.Errorf("extract %s: %w", f.Name, err)
	}
	cleanup = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	if size, err = zipentry.CopyAtMost(v.ctx, f, tmp, limit); err != nil {
		cleanup()
		if tl := (*TooLargeError)(nil); errors.As(err, &tl) {
			return nil, 0, nil, tl
		}
		return nil, 0, nil, fmt.Errorf("extract %s: %w", f.Name, err)
	}
	return tmp, size, cleanup, nil
}

// listedSize returns the size manifest.json lists for the file name.
func (v *verifier) listedSize(name string) (int64, bool) {
	if !v.manifestOK {
		return 0, false
	}
	for _, f := range v.rep.Manifest.Files {
		if f.Path == name {
			return max(f.Bytes, 0), true
		}
	}
	return 0, false
}

// hashReader hashes what r holds.
func hashReader(ctx context.Context, r io.Reader) digest {
	h := sha256.New()
	n, err := io.CopyBuffer(h, zipentry.Reader(ctx, r), make([]byte, 1<<20))
	if err != nil {
		return digest{size: n, err: err}
	}
	return digest{sha256: hex.EncodeToString(h.Sum(nil)), size: n}
}
