package bundle

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"

	"github.com/sightline-osint/sightline/capture/warc"
	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
)

// isWARC reports whether a bundle path names a WARC file.
func isWARC(path string) bool { return strings.HasSuffix(path, ".warc.gz") }

// warcResult is what hashWARC found in a WARC's records.
type warcResult struct {
	records int
	err     error // the first record whose digests are wrong or that cannot be read
}

// hashWARC is hashEntry for a WARC file that also recomputes each record's
// block and payload digests, reading the file again on other goroutines so
// that one large WARC keeps every CPU busy. The file hash covers the bytes;
// the records check that what the WARC says of itself is true, as a WARC
// reader that never saw datapackage.json would.
func (v *verifier) hashWARC(f *zip.File) (string, int64, warcResult, error) {
	var res warcResult
	var wg sync.WaitGroup
	wg.Go(func() { res = v.readRecords(f) })
	sum, n, err := hashEntry(v.ctx, f)
	wg.Wait()
	return sum, n, res, err
}

// readRecords checks every record of the WARC f, in parts on several
// goroutines where splitWARC finds where records start, else in one pass.
// If a part fails, the whole WARC is read again in one pass, which names
// the record.
func (v *verifier) readRecords(f *zip.File) warcResult {
	if parts := v.splitWARC(f); len(parts) > 1 {
		if res, ok := v.readParts(parts); ok {
			return res
		}
	}
	rc, err := zipentry.Open(f)
	if err != nil {
		return warcResult{err: err}
	}
	defer rc.Close()
	var res warcResult
	res.records, res.err = checkRecords(v.warcReader(rc))
	return res
}

// warcReader reads a WARC from r. klauspost/compress's gzip decodes the
// same format as compress/gzip with about a fifth less CPU, which decides
// how fast a pack of text-heavy captures verifies (BenchmarkVerifyPack).
// warcio.js, not this reader, is the independent check of what Sightline
// writes.
func (v *verifier) warcReader(r io.Reader) *warc.Reader {
	return warc.NewReaderGunzip(zipentry.Reader(v.ctx, r), new(gzip.Reader))
}

// checkWARC records check "warc" for one WARC file, naming the first
// record that fails.
func (v *verifier) checkWARC(path string, res warcResult) {
	if res.err != nil {
		v.fail("warc", path, fmt.Errorf("%s: %w", path, res.err))
	} else {
		v.pass("warc", fmt.Sprintf("%s (%d records)", path, res.records))
	}
}

func checkRecords(r *warc.Reader) (int, error) {
	n := 0
	for {
		rec, err := r.NextChecked()
		switch {
		case errors.Is(err, io.EOF):
			return n, nil
		case rec == nil:
			return n, fmt.Errorf("record %d: %w", n+1, err)
		case err != nil:
			return n + 1, fmt.Errorf("record %d (%s %s): %w", n+1, rec.Type, rec.TargetURI, err)
		}
		n++
	}
}
