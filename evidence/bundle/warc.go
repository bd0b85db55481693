package bundle

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sightline-osint/sightline/capture/warc"
	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
)

// checkWARCs reads every WARC the bundle lists and recomputes each record's
// block and payload digests: check "warc" per WARC file, which names the
// first record that fails. The file hash already covers the bytes; this
// checks that what the WARC says of itself is true, as a WARC reader that
// never saw datapackage.json would.
func (v *verifier) checkWARCs(dp datapackage) {
	for _, r := range dp.Resources {
		if !strings.HasSuffix(r.Path, ".warc.gz") || v.ctx.Err() != nil {
			continue
		}
		f := v.entry(r.Path)
		if f == nil {
			continue // reported by checkResources
		}
		rc, err := zipentry.Open(f)
		if err != nil {
			v.fail("warc", r.Path, fmt.Errorf("open %s: %w", r.Path, err))
			continue
		}
		n, err := checkRecords(warc.NewReader(zipentry.Reader(v.ctx, rc)))
		rc.Close()
		if err != nil {
			v.fail("warc", r.Path, fmt.Errorf("%s: %w", r.Path, err))
		} else {
			v.pass("warc", fmt.Sprintf("%s (%d records)", r.Path, n))
		}
	}
}

func checkRecords(r *warc.Reader) (int, error) {
	n := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("record %d: %w", n+1, err)
		}
		n++
		if err := rec.CheckDigests(); err != nil {
			return n, fmt.Errorf("record %d (%s %s): %w", n, rec.Type, rec.TargetURI, err)
		}
	}
}
