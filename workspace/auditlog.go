package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/report"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// AuditEvents lists the audit events f selects, oldest first (audit.List),
// for the app's audit review.
func (w *Workspace) AuditEvents(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	return audit.List(ctx, w.reader, f)
}

// CountAuditEvents is how many events f selects, its Limit aside.
func (w *Workspace) CountAuditEvents(ctx context.Context, f audit.Filter) (int64, error) {
	return audit.Count(ctx, w.reader, f)
}

// AuditHead returns the seq of the latest audit event, 0 for none. Every
// change to what Flags derives (views, subjects, authorisations,
// justifications, the policy) appends an event, so the same head means
// the same flags.
func (w *Workspace) AuditHead(ctx context.Context) (int64, error) {
	var seq int64
	if err := w.reader.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM audit_events`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("read the audit head: %w", err)
	}
	return seq, nil
}

// ErrWholeChainOnly is returned for a JSON Lines export with a filter
// other than an end time: the export is the chain from seq 1, so that
// `sightline audit verify FILE` can check it.
var ErrWholeChainOnly = errors.New("a JSON Lines export is the whole chain from seq 1, so only an end time (--to) applies")

// AuditFormats are the formats of ExportAudit.
var AuditFormats = []string{"csv", "jsonl", "pdf"}

// ExportAudit writes the audit log to out in format "csv" (the events f
// selects, audit.WriteCSV), "jsonl" (the chain from seq 1 to f.To,
// audit.WriteJSONL, verifiable) or "pdf" (the events f selects, the whole
// chain's status and the flags of f's case, or of every case; see
// WriteAuditReport). It needs an officer, audits the export
// ("audit.export") and returns the number of events written.
func (w *Workspace) ExportAudit(ctx context.Context, out io.Writer, format string, f audit.Filter) (int, error) {
	if _, err := w.ready(ctx, need{officer: true}); err != nil {
		return 0, fmt.Errorf("export audit log: %w", err)
	}
	n, err := w.exportAudit(ctx, out, format, f)
	if err != nil {
		return 0, fmt.Errorf("export audit log as %s: %w", format, err)
	}
	var subjects []string
	if f.Subject != "" {
		subjects = []string{f.Subject}
	}
	detail := audit.Detail(map[string]any{"format": format, "events": n, "selection": Selection(f)})
	if err := w.audit(ctx, need{officer: true}, audit.Event{Case: f.Case, Action: "audit.export", Subjects: subjects, Detail: detail}); err != nil {
		return 0, fmt.Errorf("export audit log: %w", err)
	}
	return n, nil
}

func (w *Workspace) exportAudit(ctx context.Context, out io.Writer, format string, f audit.Filter) (int, error) {
	n := 0
	counted := func(events iter.Seq2[audit.Event, error]) iter.Seq2[audit.Event, error] {
		return func(yield func(audit.Event, error) bool) {
			for e, err := range events {
				n++
				if !yield(e, err) {
					return
				}
			}
		}
	}
	switch format {
	case "csv":
		return n, audit.WriteCSV(out, counted(audit.Events(ctx, w.reader, f)))
	case "jsonl":
		if (f != audit.Filter{To: f.To}) {
			return 0, ErrWholeChainOnly
		}
		return n, audit.WriteJSONL(out, counted(audit.Events(ctx, w.reader, f)))
	case "pdf":
		return w.WriteAuditReport(ctx, out, f)
	}
	return 0, fmt.Errorf("unknown format %q (one of %s)", format, strings.Join(AuditFormats, ", "))
}

// WriteAuditReport writes the PDF audit log report (report.WriteAuditLog)
// of the events f selects, with the status of the whole chain
// (audit.Verify) and the flags of f.Case (every case when it is ""), kept
// to f's subject and time range. It returns the number of events shown.
func (w *Workspace) WriteAuditReport(ctx context.Context, out io.Writer, f audit.Filter) (int, error) {
	rep, err := audit.Verify(ctx, w.reader, w.id)
	if err != nil {
		return 0, err
	}
	events, err := audit.List(ctx, w.reader, f)
	if err != nil {
		return 0, err
	}
	flags, err := w.Flags(ctx, f.Case)
	if err != nil {
		return 0, err
	}
	l := report.AuditLog{Workspace: w.id, Created: w.Now(), Software: evidence.Software, Selection: Selection(f),
		Chain: ChainStatus(rep), KeyFingerprint: strings.Join(rep.CheckpointKeys, ", ")}
	if l.Classification, err = w.marking(ctx, f.Case); err != nil {
		return 0, err
	}
	if o, err := w.CurrentOfficer(ctx); err == nil {
		l.Officer, l.OfficerName = o.ID, o.Name
	}
	for _, e := range events {
		l.Events = append(l.Events, report.AuditRow{Seq: e.Seq, Time: e.Time, Officer: e.Officer, Action: e.Action,
			Case: e.Case, URL: e.URL, Detail: eventDetail(e)})
	}
	for _, fl := range flags {
		if flagSelected(fl, f) {
			l.Flags = append(l.Flags, flagRow(fl))
		}
	}
	printer, err := w.reportPrinter(ctx)
	if err != nil {
		return 0, err
	}
	if _, err := report.WriteAuditLog(ctx, out, l, printer); err != nil {
		return 0, err
	}
	return len(events), nil
}

// ChainStatus says in words what audit.Verify found.
func ChainStatus(rep audit.Report) string {
	if !rep.OK() {
		return fmt.Sprintf("broken at seq %d: %s", rep.Broken.Seq, rep.Broken.Reason)
	}
	s := fmt.Sprintf("intact: %d events, head seq %d, hash %s", rep.Events, rep.HeadSeq, rep.HeadHash)
	if rep.Checkpoints > 0 {
		s += fmt.Sprintf("; %d signed checkpoints agree", rep.Checkpoints)
	}
	return s
}

// Selection says in words which events f selects; "" for all.
func Selection(f audit.Filter) string {
	var parts []string
	for _, p := range []struct{ label, v string }{{"case", f.Case}, {"officer", f.Officer}, {"subject", f.Subject}, {"action", f.Action}} {
		if p.v != "" {
			parts = append(parts, p.label+" "+p.v)
		}
	}
	if !f.From.IsZero() {
		parts = append(parts, "from "+sqltime.Format(f.From))
	}
	if !f.To.IsZero() {
		parts = append(parts, "before "+sqltime.Format(f.To))
	}
	return strings.Join(parts, ", ")
}

func eventDetail(e audit.Event) string {
	parts := []string{}
	if len(e.Subjects) > 0 {
		parts = append(parts, "subjects "+strings.Join(e.Subjects, " "))
	}
	if d := string(e.Detail); d != "" && d != "{}" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

func flagSelected(fl viewing.Flag, f audit.Filter) bool {
	if f.Subject != "" && !strings.EqualFold(fl.Subject, f.Subject) {
		return false
	}
	if fl.Time.IsZero() {
		return true
	}
	return (f.From.IsZero() || !fl.Time.Before(f.From)) && (f.To.IsZero() || fl.Time.Before(f.To))
}

func flagRow(fl viewing.Flag) report.FlagRow {
	detail := fl.Detail
	if len(fl.Profiles) > 0 {
		detail += " " + strings.Join(fl.Profiles, ", ")
	}
	return report.FlagRow{Time: fl.Time, Kind: fl.Kind, Case: fl.Case, Subject: strings.TrimSpace(fl.Subject + " " + fl.SubjectName),
		Episode: fl.Episode, Ref: fl.Ref, URL: fl.URL, Detail: detail}
}

// marking is the classification of the case, or the highest of every
// case's when caseRef is "".
func (w *Workspace) marking(ctx context.Context, caseRef string) (string, error) {
	cases, err := w.Cases(ctx)
	if err != nil {
		return "", err
	}
	best := -1
	for _, c := range cases {
		if i := slices.Index(Classifications, c.Classification); (caseRef == "" || c.Ref == caseRef) && i > best {
			best = i
		}
	}
	if best < 0 {
		return w.stamp(Classifications[0]), nil
	}
	return w.stamp(Classifications[best]), nil
}
