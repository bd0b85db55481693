package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/evidence/pack"
)

// Verifying needs no workspace: VerifyFile and VerifyAuditFile check what
// anyone hands them. When a workspace exists, its methods of the same
// names, and VerifyAudit for its own log, also record each verification
// ("verify", with what was checked and whether it held), whoever asks:
// the app and the command line alike.

// FileVerification is what VerifyFile found in a bundle or a pack.
type FileVerification struct {
	Bundle *bundle.Report // the file is a bundle
	Pack   *pack.Report   // the file is an evidence pack
}

// Kind is "bundle" or "pack".
func (v FileVerification) Kind() string {
	if v.Pack != nil {
		return "pack"
	}
	return "bundle"
}

// Checks is the verification's list of checks, of either kind.
func (v FileVerification) Checks() evidence.Verification {
	if v.Pack != nil {
		return v.Pack.Verification
	}
	if v.Bundle != nil {
		return v.Bundle.Verification
	}
	return evidence.Verification{}
}

// VerifyFile checks the bundle (.wacz) or evidence pack at path, told apart
// by content (bundle.Verify, pack.Verify). The error is for a file that
// cannot be read as either; a damaged one gives failed checks.
func VerifyFile(ctx context.Context, path string) (FileVerification, error) {
	if isPack, _ := pack.IsPack(path); isPack {
		rep, err := pack.Verify(ctx, path)
		if err != nil {
			return FileVerification{}, err
		}
		return FileVerification{Pack: &rep}, nil
	}
	rep, err := bundle.Verify(ctx, path)
	if err != nil {
		return FileVerification{}, err
	}
	return FileVerification{Bundle: &rep}, nil
}

// VerifyAuditFile checks an exported JSON Lines audit log: each event
// against the one before, from the first event's prev_hash.
func VerifyAuditFile(path string) (audit.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return audit.Report{}, fmt.Errorf("verify audit extract: %w", err)
	}
	defer f.Close()
	var events []audit.Event
	for e, err := range audit.ReadJSONL(f) {
		if err != nil {
			return audit.Report{}, fmt.Errorf("verify audit extract %s: %w", path, err)
		}
		events = append(events, e)
	}
	if len(events) == 0 {
		return audit.Report{}, fmt.Errorf("verify audit extract %s: no events", path)
	}
	return audit.VerifyEvents(events[0].PrevHash, func(yield func(audit.Event, error) bool) {
		for _, e := range events {
			if !yield(e, nil) {
				return
			}
		}
	})
}

// VerifyFile is VerifyFile, recorded in this workspace's audit log (a file
// that could not be read is recorded as not verified, with why). A result
// that could not be recorded comes with a *NotRecordedError.
func (w *Workspace) VerifyFile(ctx context.Context, path string) (FileVerification, error) {
	v, err := VerifyFile(ctx, path)
	detail := map[string]any{"kind": v.Kind(), "id": v.Checks().ID, "fingerprint": v.Checks().Fingerprint}
	if err != nil {
		detail = map[string]any{"error": err.Error()}
	}
	rerr := w.recordVerification(ctx, absolute(path), err == nil && v.Checks().OK(), detail)
	if err != nil {
		return v, err
	}
	return v, rerr
}

// VerifyAuditFile is VerifyAuditFile, recorded in this workspace's log; a
// result that could not be recorded comes with a *NotRecordedError.
func (w *Workspace) VerifyAuditFile(ctx context.Context, path string) (audit.Report, error) {
	rep, err := VerifyAuditFile(path)
	if err != nil {
		return rep, err
	}
	return rep, w.recordVerification(ctx, absolute(path), rep.OK(), auditDetail(rep))
}

// VerifyAudit recomputes this workspace's audit chain from its id, checks
// its signed checkpoints (audit.Verify) and records that it did; a result
// that could not be recorded comes with a *NotRecordedError.
func (w *Workspace) VerifyAudit(ctx context.Context) (audit.Report, error) {
	rep, err := audit.Verify(ctx, w.reader, w.id)
	if err != nil {
		return rep, err
	}
	return rep, w.recordVerification(ctx, "audit log", rep.OK(), auditDetail(rep))
}

func auditDetail(rep audit.Report) map[string]any {
	return map[string]any{"events": rep.Events, "head_seq": rep.HeadSeq}
}

// NotRecordedError says that a verification ran, and its result stands,
// but the audit log could not record it.
type NotRecordedError struct {
	Target string
	Err    error
}

func (e *NotRecordedError) Error() string {
	return fmt.Sprintf("the verification of %s was not recorded in the audit log: %v", e.Target, e.Err)
}

func (e *NotRecordedError) Unwrap() error { return e.Err }

// recordVerification audits a verification run on this workstation: what
// was checked (a bundle, a pack, an audit log) and what it found. Its
// error is a *NotRecordedError.
func (w *Workspace) recordVerification(ctx context.Context, target string, ok bool, detail map[string]any) error {
	detail["target"], detail["ok"] = target, ok
	if err := w.audit(ctx, need{}, audit.Event{Action: "verify", Detail: audit.Detail(detail)}); err != nil {
		return &NotRecordedError{Target: target, Err: err}
	}
	return nil
}

func absolute(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// Exists reports whether dir holds a workspace, without making one.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, dbName))
	return err == nil
}
