package bundle

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"runtime"
	"slices"
	"sync"

	"github.com/sightline-osint/sightline/capture/warc"
)

// splitMin is the WARC size from which readRecords reads it in parts.
const splitMin = 16 << 20

// part is a run of whole gzip members of a stored WARC: its bytes in the
// bundle.
type part struct{ off, n int64 }

// splitWARC cuts a stored WARC into one part per CPU at offsets where,
// according to the bundle's CDXJ, a record's gzip member starts, so that
// the parts can be decompressed at once: a gzip stream can only be
// decompressed from the start of a member. It returns nil when the WARC is
// small, compressed inside the bundle, or not indexed. The CDXJ is only a
// hint: a part that does not start and end on members fails to read, and
// readRecords then reads the WARC in one pass.
func (v *verifier) splitWARC(f *zip.File) []part {
	size := int64(f.CompressedSize64)
	if f.Method != zip.Store || size < splitMin || runtime.GOMAXPROCS(0) < 2 {
		return nil
	}
	start, err := f.DataOffset()
	if err != nil {
		return nil
	}
	index := v.entry(IndexName)
	if index == nil {
		return nil
	}
	data, err := readSmallEntry(v.ctx, index)
	if err != nil {
		return nil
	}
	entries, err := warc.ReadCDXJ(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	var offsets []int64
	for _, e := range entries {
		if e.Filename == path.Base(f.Name) && e.Offset > 0 && e.Offset < size {
			offsets = append(offsets, e.Offset)
		}
	}
	slices.Sort(offsets)
	cuts := []int64{0}
	n := int64(runtime.GOMAXPROCS(0))
	for k := int64(1); k < n; k++ {
		i, _ := slices.BinarySearch(offsets, k*size/n)
		if i < len(offsets) && offsets[i] > cuts[len(cuts)-1] {
			cuts = append(cuts, offsets[i])
		}
	}
	cuts = append(cuts, size)
	parts := make([]part, len(cuts)-1)
	for i := range parts {
		parts[i] = part{off: start + cuts[i], n: cuts[i+1] - cuts[i]}
	}
	return parts
}

// readParts checks the records of each part on its own goroutine. ok is
// false when a part fails; the caller then reads the whole WARC to name
// the record.
func (v *verifier) readParts(parts []part) (res warcResult, ok bool) {
	counts := make([]int, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Go(func() { counts[i], errs[i] = checkRecords(v.warcReader(io.NewSectionReader(v.bundle, p.off, p.n))) })
	}
	wg.Wait()
	for i := range parts {
		if errs[i] != nil {
			return warcResult{}, false
		}
		res.records += counts[i]
	}
	return res, true
}
