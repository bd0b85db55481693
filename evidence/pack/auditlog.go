package pack

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
)

// AuditError is one finding about audit.jsonl. It matches ErrAuditExtract.
type AuditError struct {
	Line   int   // 1-based; 0 for the file as a whole
	Seq    int64 // the event's seq; 0 when unknown
	Reason string
}

func (e *AuditError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", AuditName, e.Reason)
	case e.Seq == 0:
		return fmt.Sprintf("%s line %d: %s", AuditName, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s line %d (seq %d): %s", AuditName, e.Line, e.Seq, e.Reason)
}

// Unwrap makes errors.Is(err, ErrAuditExtract) true.
func (e *AuditError) Unwrap() error { return ErrAuditExtract }

// maxAuditFindings bounds the findings listed for audit.jsonl.
const maxAuditFindings = 100

// maxLine bounds one line of audit.jsonl, as audit.ReadJSONL does.
const maxLine = 16 << 20

// captureRecord is what a capture event's detail says of its bundle.
type captureRecord struct {
	PackageID string `json:"package_id"`
	SHA256    string `json:"sha256"`
}

// extractChecker checks audit.jsonl line by line: canonical form, each
// event's hash from its own prev_hash, seqs ascending, consecutive seqs
// linked, and where the manifest says so, the genesis and the head.
type extractChecker struct {
	a        AuditEntry
	manifest bool // a holds the manifest's audit member
	problems []error
	lines    int
	have     bool // prevSeq and prevHash are set
	prevSeq  int64
	prevHash string
	wanted   map[string]bool          // the exhibits' capture ids
	captures map[string]captureRecord // of wanted captures only, so a hostile extract cannot grow it
}

// checkAudit checks audit.jsonl and that it records each exhibit's capture.
func (v *verifier) checkAudit() {
	x := &extractChecker{a: v.rep.Manifest.Audit, manifest: v.manifestOK, wanted: map[string]bool{}, captures: map[string]captureRecord{}}
	for _, e := range v.rep.Manifest.Exhibits {
		x.wanted[e.CaptureID] = true
	}
	if err := v.readAudit(x); err != nil {
		x.problem(0, 0, err.Error())
	}
	if x.manifest && x.lines != x.a.Events {
		x.problem(0, 0, fmt.Sprintf("%d events, %s lists %d", x.lines, ManifestName, x.a.Events))
	}
	for _, p := range x.problems {
		v.fail("audit", AuditName, p)
	}
	if len(x.problems) == 0 {
		v.pass("audit", AuditName)
	}
	if !v.manifestOK {
		return
	}
	for _, e := range v.rep.Manifest.Exhibits {
		rec, ok := x.captures[e.CaptureID]
		if ok && rec.PackageID == e.PackageID && rec.SHA256 == e.SHA256 {
			v.pass("audit-capture", e.File)
			continue
		}
		v.fail("audit-capture", e.File, fmt.Errorf("%w: no capture event of %s (exhibit %s) with bundle id %s and SHA-256 %s",
			ErrAuditExtract, e.CaptureID, e.Ref, e.PackageID, e.SHA256))
	}
}

func (v *verifier) readAudit(x *extractChecker) error {
	f := v.entries[AuditName]
	if f == nil {
		return &MissingFileError{File: AuditName, List: "the pack format"}
	}
	rc, err := zipentry.Open(f)
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	return x.read(v.ctx, rc)
}

func (x *extractChecker) problem(line int, seq int64, reason string) {
	switch n := len(x.problems); {
	case n < maxAuditFindings:
		x.problems = append(x.problems, &AuditError{Line: line, Seq: seq, Reason: reason})
	case n == maxAuditFindings:
		x.problems = append(x.problems, &AuditError{Reason: "more findings not listed"})
	}
}

func (x *extractChecker) read(ctx context.Context, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		buf, err = readLine(br, buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		x.line(n, buf)
	}
}

// readLine reads up to the next LF, reusing buf, and returns the line
// without it; io.EOF only when no bytes remain.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	buf = buf[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		switch {
		case len(buf) > maxLine:
			return nil, fmt.Errorf("longer than %d bytes", maxLine)
		case err == nil:
			return buf[:len(buf)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
		case err == io.EOF && len(buf) > 0:
			return buf, nil
		default:
			return nil, err
		}
	}
}

// line checks one line of the extract.
func (x *extractChecker) line(n int, line []byte) {
	x.lines++
	e, err := audit.ParseLine(line)
	var ce *audit.ChainError
	switch {
	case err != nil && !errors.As(err, &ce):
		x.problem(n, 0, "not an audit event: "+err.Error())
		return
	case err != nil:
		x.problem(n, e.Seq, "not in canonical form")
	default:
		if sum, ok := lineHash(line, e.PrevHash); !ok || sum != e.Hash {
			x.problem(n, e.Seq, "hash mismatch")
		}
	}
	x.checkPlace(n, e)
	if e.Action == "capture" {
		var d struct {
			Capture string `json:"capture"`
			captureRecord
		}
		if json.Unmarshal(e.Detail, &d) == nil && x.wanted[d.Capture] {
			x.captures[d.Capture] = d.captureRecord
		}
	}
}

// checkPlace checks e's seq and prev_hash against the line before, the
// genesis and the head.
func (x *extractChecker) checkPlace(n int, e audit.Event) {
	switch {
	case x.have && e.Seq <= x.prevSeq:
		x.problem(n, e.Seq, fmt.Sprintf("out of order after seq %d", x.prevSeq))
	case x.have && e.Seq == x.prevSeq+1 && e.PrevHash != x.prevHash:
		x.problem(n, e.Seq, fmt.Sprintf("prev_hash is not the hash of seq %d on the line before", x.prevSeq))
	}
	if x.manifest {
		switch {
		case e.Seq == 1 && e.PrevHash != x.a.Genesis:
			x.problem(n, e.Seq, "prev_hash is not the genesis the manifest gives")
		case e.Seq > x.a.HeadSeq:
			x.problem(n, e.Seq, fmt.Sprintf("after the head the manifest gives (seq %d)", x.a.HeadSeq))
		case e.Seq == x.a.HeadSeq && e.Hash != x.a.HeadHash:
			x.problem(n, e.Seq, "hash is not the head hash the manifest gives")
		}
	}
	x.have, x.prevSeq, x.prevHash = true, e.Seq, e.Hash
}

// lineHash computes a canonical line's hash as audit/FORMAT.md defines it:
// SHA-256 over the 32 bytes of prevHash, then the line without its last 75
// bytes (,"hash":"<64 hex>"}) and with "}" in their place.
func lineHash(line []byte, prevHash string) (string, bool) {
	prev, err := hex.DecodeString(prevHash)
	if err != nil || len(prev) != sha256.Size || len(line) < 76 {
		return "", false
	}
	h := sha256.New()
	h.Write(prev)
	h.Write(line[:len(line)-75])
	h.Write([]byte("}"))
	return hex.EncodeToString(h.Sum(nil)), true
}
