package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/evidence/pack"
	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/internal/stream"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// ErrNothingToExport is returned for an export with no captures in it.
var ErrNothingToExport = errors.New("no captures to export")

// ExportRequest asks for an evidence pack of a case (DESIGN.md §7).
type ExportRequest struct {
	Case string
	// Captures are the captures to export by id, in exhibit order. Empty
	// means every capture of the case that is not withdrawn, oldest first;
	// a withdrawn capture is exported only when named here.
	Captures []string
	// ExhibitPrefix makes the exhibit refs PREFIX/1, PREFIX/2, ...; empty
	// means the exporting officer's initials (pack.DefaultPrefix).
	ExhibitPrefix string
	// Output is the pack's path; empty means exports/<case>-<date>.zip in
	// the workspace. An existing file is never replaced.
	Output string
	// OverrideBerkeley exports captures that lack the Berkeley minimum,
	// with OverrideReason (required) recorded in the export's audit event.
	OverrideBerkeley bool
	OverrideReason   string
}

// ExportResult describes a pack that was written and audited.
type ExportResult struct {
	Path     string       `json:"path"`
	SHA256   string       `json:"sha256"`  // hex SHA-256 of the pack file
	Bytes    int64        `json:"bytes"`   // its size
	PackID   string       `json:"pack_id"` // "sha256:<hex>" of its manifest.json
	Exhibits []pack.Entry `json:"exhibits"`
	// AuditStatus is the workspace log's verification at export, as the
	// report shows it ("intact: ..." or "BROKEN: ...").
	AuditStatus string `json:"audit_status"`
	// Overridden lists the captures exported without the Berkeley minimum.
	Overridden []BerkeleyGap `json:"berkeley_overridden,omitempty"`
}

// BerkeleyGap is what one capture lacks of the Berkeley Protocol's
// minimum for a web capture: its URL, its HTML source and a dated
// full-page screenshot.
type BerkeleyGap struct {
	Capture string   `json:"capture"`
	Missing []string `json:"missing"`
}

// BerkeleyError refuses an export because captures lack the Berkeley
// minimum. ExportRequest.OverrideBerkeley, with a reason, exports them
// anyway and audits the override.
type BerkeleyError struct {
	Gaps []BerkeleyGap
}

func (e *BerkeleyError) Error() string {
	parts := make([]string, len(e.Gaps))
	for i, g := range e.Gaps {
		parts[i] = fmt.Sprintf("%s lacks %s", g.Capture, strings.Join(g.Missing, ", "))
	}
	return "Berkeley minimum not met: " + strings.Join(parts, "; ")
}

// Export writes an evidence pack of req.Case: the chosen captures' bundles
// as exhibits, the PDF report (the case's classification on every page),
// the audit extract of the case and these captures, all signed with the
// workstation key. It records an "export" event in a transaction of its
// own, and the pack appears at its path only once that event has
// committed: the pack is written in the scratch directory and fsynced, the
// event committed, and then the pack given its name. If anything fails
// before the event, nothing is left and nothing recorded; a process
// killed after it leaves the pack for the next start to put in place.
//
// A capture lacking the Berkeley minimum gives a *BerkeleyError naming it
// and what it lacks, unless req.OverrideBerkeley is set with a reason.
func (w *Workspace) Export(ctx context.Context, req ExportRequest, p pack.Progress) (ExportResult, error) {
	res, err := w.export(ctx, req, p)
	if err != nil {
		return ExportResult{}, fmt.Errorf("export case %s: %w", req.Case, w.storage(err))
	}
	return res, nil
}

func (w *Workspace) export(ctx context.Context, req ExportRequest, p pack.Progress) (ExportResult, error) {
	pk, gaps, err := w.preparePack(ctx, &req)
	if err != nil {
		return ExportResult{}, err
	}
	if len(gaps) > 0 && !req.OverrideBerkeley {
		return ExportResult{}, &BerkeleyError{Gaps: gaps}
	}
	key, err := w.Key()
	if err != nil {
		return ExportResult{}, err
	}
	final, err := w.exportPath(req.Output, pk.Case, pk.Created)
	if err != nil {
		return ExportResult{}, err
	}
	st, err := w.stagePack(ctx, pk, key, p)
	if err != nil {
		return ExportResult{}, err
	}
	res := ExportResult{
		Path: final, SHA256: st.sha256, Bytes: st.bytes, PackID: st.written.ID,
		Exhibits: st.written.Manifest.Exhibits, AuditStatus: pk.Audit.Status,
	}
	if req.OverrideBerkeley {
		res.Overridden = gaps
	}
	// On another file system (a removable disk) the copy is made before
	// the event, so that a full or missing disk records nothing.
	from, err := beside(st.path, final)
	if err != nil {
		atomicfile.Remove(st.path)
		return ExportResult{}, fmt.Errorf("put the pack beside %s: %w", final, err)
	}
	if from != st.path {
		defer atomicfile.Remove(from)
	}
	if err := w.recordExport(ctx, pk, res, req); err != nil {
		atomicfile.Remove(st.path)
		return ExportResult{}, err
	}
	// Recorded: the staged pack is kept until it has its name; if that
	// fails, the next start gives it (recoverScratch).
	if err := atomicfile.Link(from, final); err != nil {
		return ExportResult{}, fmt.Errorf("export recorded, but the pack could not be put in place (the next start retries): %w", err)
	}
	atomicfile.Remove(st.path)
	return res, nil
}

// preparePack gathers everything the pack holds and checks each capture
// against the Berkeley minimum.
func (w *Workspace) preparePack(ctx context.Context, req *ExportRequest) (pack.Pack, []BerkeleyGap, error) {
	if req.OverrideBerkeley && strings.TrimSpace(req.OverrideReason) == "" {
		return pack.Pack{}, nil, errors.New("overriding the Berkeley minimum needs a reason")
	}
	officer, err := w.ready(ctx, need{officer: true})
	if err != nil {
		return pack.Pack{}, nil, err
	}
	if req.ExhibitPrefix == "" {
		req.ExhibitPrefix = pack.DefaultPrefix(officer.Name)
	}
	if err := pack.CheckPrefix(req.ExhibitPrefix); err != nil {
		return pack.Pack{}, nil, err
	}
	cs, err := w.Case(ctx, req.Case)
	if err != nil {
		return pack.Pack{}, nil, err
	}
	caps, withdrawn, err := w.exportCaptures(ctx, *req)
	if err != nil {
		return pack.Pack{}, nil, err
	}
	stamps, err := w.stampFiles(ctx)
	if err != nil {
		return pack.Pack{}, nil, err
	}
	exhibits, gaps, err := exportExhibits(caps, withdrawn, stamps, req.ExhibitPrefix)
	if err != nil {
		return pack.Pack{}, nil, err
	}
	extract, err := w.packAudit(ctx, cs.Ref, caps)
	if err != nil {
		return pack.Pack{}, nil, err
	}
	printer, err := w.reportPrinter(ctx)
	if err != nil {
		return pack.Pack{}, nil, err
	}
	return pack.Pack{
		Case: cs.Ref, CaseTitle: cs.Title, Classification: w.stamp(cs.Classification), Officer: officer.ID,
		OfficerName: officer.Name, Created: w.Now(), Software: evidence.Software,
		Exhibits: exhibits, Audit: extract, Printer: printer,
	}, gaps, nil
}

// exportCaptures returns the captures to export and the case's withdrawals.
func (w *Workspace) exportCaptures(ctx context.Context, req ExportRequest) ([]Capture, map[string]Withdrawal, error) {
	withdrawn, err := w.withdrawals(ctx, req.Case)
	if err != nil {
		return nil, nil, err
	}
	var caps []Capture
	if len(req.Captures) == 0 {
		all, err := w.Captures(ctx, req.Case)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range all {
			if _, out := withdrawn[c.ID]; !out {
				caps = append(caps, c)
			}
		}
	}
	seen := map[string]bool{}
	for _, id := range req.Captures {
		c, err := w.CaptureByID(ctx, id)
		switch {
		case err != nil:
			return nil, nil, err
		case c.Case != req.Case:
			return nil, nil, fmt.Errorf("capture %s belongs to case %s, not %s", id, c.Case, req.Case)
		case seen[id]:
			return nil, nil, fmt.Errorf("capture %s is named twice", id)
		}
		seen[id] = true
		caps = append(caps, c)
	}
	if len(caps) == 0 {
		return nil, nil, ErrNothingToExport
	}
	return caps, withdrawn, nil
}

// exportExhibits numbers the captures as exhibits, with their
// timestamps' replies (by capture id), reads their screenshots and finds
// what each lacks of the Berkeley minimum.
func exportExhibits(caps []Capture, withdrawn map[string]Withdrawal, stamps map[string][]string, prefix string) ([]pack.Exhibit, []BerkeleyGap, error) {
	var exhibits []pack.Exhibit
	var gaps []BerkeleyGap
	for i, c := range caps {
		shot, missing, err := bundle.Berkeley(c.Bundle)
		if err != nil {
			return nil, nil, fmt.Errorf("capture %s: %w", c.ID, err)
		}
		if strings.TrimSpace(c.URL) == "" {
			missing = append([]string{"URL"}, missing...)
		}
		if len(missing) > 0 {
			gaps = append(gaps, BerkeleyGap{Capture: c.ID, Missing: missing})
		}
		exhibits = append(exhibits, pack.Exhibit{
			Ref: pack.Ref(prefix, i+1), CaptureID: c.ID, Bundle: c.Bundle, SHA256: c.SHA256, PackageID: c.PackageID,
			Title: c.Title, URL: c.URL, FinalURL: c.FinalURL, Started: c.Started, Ended: c.Ended,
			Officer: c.Officer, Persona: c.Persona, Note: c.Note, Incomplete: c.Incomplete,
			Withdrawn: withdrawn[c.ID].Reason, Screenshot: shot, Timestamps: stamps[c.ID],
		})
	}
	return exhibits, gaps, nil
}

// packAudit returns the audit extract: the case's events, leaving out
// those about captures not in the pack and the deconfliction notices
// (they name other cases, which a court pack must never disclose), and
// the verified chain's head.
// The head is read after the events, so no event of the extract is past it.
func (w *Workspace) packAudit(ctx context.Context, caseRef string, caps []Capture) (pack.Extract, error) {
	chosen := map[string]bool{}
	for _, c := range caps {
		chosen[c.ID] = true
	}
	events, err := audit.List(ctx, w.reader, audit.Filter{Case: caseRef})
	if err != nil {
		return pack.Extract{}, err
	}
	var kept []audit.Event
	for _, e := range events {
		if e.Action == "deconfliction" {
			continue
		}
		var d struct {
			Capture string `json:"capture"`
		}
		if json.Unmarshal(e.Detail, &d) != nil || d.Capture == "" || chosen[d.Capture] {
			kept = append(kept, e)
		}
	}
	rep, err := audit.Verify(ctx, w.reader, w.id)
	if err != nil {
		return pack.Extract{}, err
	}
	status := fmt.Sprintf("intact: the workspace log of %d events verified at export, head seq %d, hash %s; this extract holds %d of them",
		rep.Events, rep.HeadSeq, rep.HeadHash, len(kept))
	if !rep.OK() {
		status = "BROKEN: the workspace log did not verify at export: " + rep.Broken.Error()
	}
	return pack.Extract{Genesis: w.id, HeadSeq: rep.HeadSeq, HeadHash: rep.HeadHash, Status: status, Events: kept}, nil
}

// recordExport appends the export event, alone in its transaction.
func (w *Workspace) recordExport(ctx context.Context, pk pack.Pack, res ExportResult, req ExportRequest) error {
	refs := make([]map[string]string, len(res.Exhibits))
	for i, e := range res.Exhibits {
		refs[i] = map[string]string{"ref": e.Ref, "capture": e.CaptureID}
	}
	d := map[string]any{
		"pack": res.Path, "sha256": res.SHA256, "bytes": res.Bytes, "pack_id": res.PackID,
		"exhibits": refs, "classification": pk.Classification, "created": sqltime.Format(pk.Created),
	}
	if req.OverrideBerkeley {
		d["berkeley_override"] = map[string]any{"reason": strings.TrimSpace(req.OverrideReason), "captures": res.Overridden}
	}
	detail := audit.Detail(d)
	return w.audit(ctx, need{officer: true}, audit.Event{Case: pk.Case, Action: "export", Detail: detail})
}

// exportPath is where the pack goes: output made absolute, or a free name
// exports/<case>-<date>[-N].zip. An existing output is refused.
func (w *Workspace) exportPath(output, caseRef string, now time.Time) (string, error) {
	if output != "" {
		abs, err := filepath.Abs(output)
		if err != nil {
			return "", err
		}
		if _, err := os.Lstat(abs); err == nil {
			return "", &fs.PathError{Op: "export", Path: abs, Err: fs.ErrExist}
		}
		return abs, nil
	}
	base := filepath.Join(w.dir, "exports", caseRef+"-"+now.UTC().Format("2006-01-02"))
	for n := 1; ; n++ {
		name := base + ".zip"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.zip", base, n)
		}
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
	}
}

// stagedPack is a pack written, fsynced and waiting beside its final path.
type stagedPack struct {
	path    string
	sha256  string
	bytes   int64
	written pack.Written
}

// stagePack writes the pack in the scratch directory, fsyncs it, makes it
// read-only and names it export-<hex of its pack id>.zip, by which a
// recovery finds its export event.
func (w *Workspace) stagePack(ctx context.Context, pk pack.Pack, key pack.Signer, p pack.Progress) (stagedPack, error) {
	partial, err := atomicfile.Create(w.scratch.dir, ".export-*.zip.partial")
	if err != nil {
		return stagedPack{}, fmt.Errorf("create partial pack: %w", err)
	}
	defer partial.Discard()
	h := sha256.New()
	cw := &stream.Counter{W: io.MultiWriter(partial, h)}
	written, err := pack.Write(ctx, cw, pk, key, p)
	if err != nil {
		return stagedPack{}, err
	}
	if err := partial.Finish(sealedFile); err != nil {
		return stagedPack{}, fmt.Errorf("finish partial pack: %w", err)
	}
	staged := filepath.Join(w.scratch.dir, stagedPackPrefix+strings.TrimPrefix(written.ID, "sha256:")+".zip")
	if err := os.Rename(partial.Name(), staged); err != nil {
		return stagedPack{}, fmt.Errorf("stage pack: %w", err)
	}
	return stagedPack{path: staged, sha256: hex.EncodeToString(h.Sum(nil)), bytes: cw.N, written: written}, nil
}

// stagedPackPrefix names a staged pack in the scratch directory.
const stagedPackPrefix = "export-"
