package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/report"
)

// FlagCollateral is the kind of flag that reports a subject's collateral
// intrusion: third-party profiles viewed while researching the subject.
const FlagCollateral = "collateral-intrusion"

// Flag is a finding for auditors (DESIGN.md §6): a kind of ripa.FlagKind
// about one view of a subject, a justification not yet followed by a
// view, or FlagCollateral with the third-party profiles counted for a
// subject (no time or view).
type Flag struct {
	Kind        string    `json:"kind"`
	Case        string    `json:"case"`
	Subject     string    `json:"subject"`
	SubjectName string    `json:"subject_name"`
	Time        time.Time `json:"time,omitzero"`
	View        int64     `json:"view,omitempty"`
	URL         string    `json:"url,omitempty"`
	Episode     int       `json:"episode"`
	Ref         string    `json:"ref,omitempty"`
	Detail      string    `json:"detail"`
	Profiles    []string  `json:"profiles,omitempty"`
}

// Flags derives the auditor's findings for a case, or for every case when
// caseRef is "": ripa.Flags over all its views, authorisations and
// justifications, in time order; then a justification flag for each
// justification no view has followed yet; then, per subject, its
// collateral intrusion (ripa.Collateral), by subject.
func (w *Workspace) Flags(ctx context.Context, caseRef string) ([]Flag, error) {
	if caseRef != "" {
		if _, err := w.Case(ctx, caseRef); err != nil {
			return nil, fmt.Errorf("flags: %w", err)
		}
	}
	p, err := w.Policy()
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	r, err := w.loadReview(ctx, caseRef)
	if err != nil {
		return nil, fmt.Errorf("flags of %q: %w", caseRef, err)
	}
	var out []Flag
	for _, f := range ripa.Flags(p, r.views, r.auths) {
		v := r.byID[f.View]
		out = append(out, r.flag(string(f.Kind), f.Subject, Flag{Case: v.Case, Time: f.Time, View: f.View,
			URL: v.URL, Episode: f.Episode, Ref: f.Ref, Detail: f.Detail}))
	}
	for _, j := range r.pending {
		out = append(out, r.flag(string(ripa.FlagJustification), j.Subject, Flag{Case: j.Case, Time: j.Time,
			Detail: "Justification recorded; no view of the subject has followed it yet."}))
	}
	slices.SortStableFunc(out, func(a, b Flag) int { return a.Time.Compare(b.Time) })
	return append(out, r.collateralFlags(p)...), nil
}

// review is what the findings of a case (or all cases) are derived from.
type review struct {
	views   []ripa.View
	byID    map[int64]*ripa.View
	auths   []ripa.Authorisation
	pending []Justification
	names   map[string]string // subject id -> name
	cases   map[string]string // subject id -> case
}

func (w *Workspace) loadReview(ctx context.Context, caseRef string) (*review, error) {
	where, args := "1", []any{}
	if caseRef != "" {
		where, args = "case_ref = ?", []any{caseRef}
	}
	r := &review{byID: map[int64]*ripa.View{}, names: map[string]string{}, cases: map[string]string{}}
	var err error
	if r.views, err = loadViews(ctx, w.reader, strings.ReplaceAll(where, "case_ref", "v.case_ref"), args...); err != nil {
		return nil, err
	}
	for i := range r.views {
		r.byID[r.views[i].ID] = &r.views[i]
	}
	as, err := queryAuthorisations(ctx, w.reader, strings.ReplaceAll(where, "case_ref", "a.case_ref"), args...)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		r.auths = append(r.auths, a.rules())
	}
	if r.pending, err = queryJustifications(ctx, w.reader, where+" AND view IS NULL", args...); err != nil {
		return nil, err
	}
	return r, r.loadNames(ctx, w, where, args)
}

func (r *review) loadNames(ctx context.Context, w *Workspace, where string, args []any) error {
	rows, err := w.reader.QueryContext(ctx, `SELECT id, name, case_ref FROM subjects WHERE `+where, args...)
	if err != nil {
		return fmt.Errorf("read subjects: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var name, c string
		if err := rows.Scan(&n, &name, &c); err != nil {
			return fmt.Errorf("read subjects: %w", err)
		}
		r.names[subjectID(n)], r.cases[subjectID(n)] = name, c
	}
	return rows.Err()
}

// flag completes f with its kind and subject.
func (r *review) flag(kind, subject string, f Flag) Flag {
	f.Kind, f.Subject, f.SubjectName = kind, subject, r.names[subject]
	if f.Case == "" {
		f.Case = r.cases[subject]
	}
	return f
}

func (r *review) collateralFlags(p ripa.Policy) []Flag {
	found := ripa.Collateral(p, r.views)
	ids := make([]string, 0, len(found))
	for s := range found {
		ids = append(ids, s)
	}
	var out []Flag
	for _, s := range sortIDs(ids) {
		n := len(found[s])
		out = append(out, r.flag(FlagCollateral, s, Flag{Profiles: found[s], Detail: fmt.Sprintf(
			"%d third-party %s viewed while researching '%s'.", n, plural(n, "profile", "profiles"), r.names[s])}))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// loadViews reads views with their subjects, justified subjects and
// linked authorisation, in time order.
func loadViews(ctx context.Context, q rowsQueryer, where string, args ...any) ([]ripa.View, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.id, v.time, v.officer, v.case_ref, v.persona, v.url, v.profile, v.authorisation,
		coalesce((SELECT group_concat(s.subject) FROM view_subjects s WHERE s.view = v.id), ''),
		coalesce((SELECT group_concat(j.subject) FROM justifications j WHERE j.view = v.id), '')
		FROM views v WHERE `+where+` ORDER BY v.time, v.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read views: %w", err)
	}
	defer rows.Close()
	var out []ripa.View
	for rows.Next() {
		var v ripa.View
		var t, subjects, justified string
		if err := rows.Scan(&v.ID, &t, &v.Officer, &v.Case, &v.Persona, &v.URL, &v.Profile, &v.Authorisation,
			&subjects, &justified); err != nil {
			return nil, fmt.Errorf("read views: %w", err)
		}
		v.Time, v.Subjects = parseStamp(t), numberList(subjects)
		if justified != "" {
			v.Justified = numberList(justified)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// rowsQueryer is what reads need: the reader pool or a transaction.
type rowsQueryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// matchNamed returns the case's subjects that viewing id counts as
// viewing, with their names.
func matchNamed(ctx context.Context, q rowsQueryer, caseRef string, id identifier.Identity) ([]ripa.Subject, error) {
	ids, err := MatchSubjects(ctx, q, caseRef, id)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	args, in, err := subjectArgs(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM subjects WHERE id IN (`+in+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read subject names: %w", err)
	}
	defer rows.Close()
	var out []ripa.Subject
	for rows.Next() {
		var n int64
		var s ripa.Subject
		if err := rows.Scan(&n, &s.Name); err != nil {
			return nil, fmt.Errorf("read subject names: %w", err)
		}
		s.ID = subjectID(n)
		out = append(out, s)
	}
	return out, rows.Err()
}

// subjectViews returns the views of the subjects at or after since, in
// time order, one ripa.View per (view, subject) with that subject alone:
// one range query on view_subjects' (subject, time) key.
func subjectViews(ctx context.Context, q rowsQueryer, ids []string, since time.Time) ([]ripa.View, error) {
	args, in, err := subjectArgs(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT vs.subject, vs.time, vs.view, v.authorisation,
		EXISTS (SELECT 1 FROM justifications j WHERE j.view = vs.view AND j.subject = vs.subject)
		FROM view_subjects vs JOIN views v ON v.id = vs.view
		WHERE vs.subject IN (`+in+`) AND vs.time >= ? ORDER BY vs.time, vs.view`,
		append(args, stamp(since.Truncate(time.Millisecond)))...)
	if err != nil {
		return nil, fmt.Errorf("read views: %w", err)
	}
	defer rows.Close()
	var out []ripa.View
	for rows.Next() {
		var n int64
		var t string
		var justified bool
		var v ripa.View
		if err := rows.Scan(&n, &t, &v.ID, &v.Authorisation, &justified); err != nil {
			return nil, fmt.Errorf("read views: %w", err)
		}
		v.Time, v.Subjects = parseStamp(t), []string{subjectID(n)}
		if justified {
			v.Justified = v.Subjects
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SubjectViewing is a subject's viewing history, for the subject's page.
type SubjectViewing struct {
	Subject string `json:"subject"`
	Views   int    `json:"views"`
	// Episodes are all the subject's viewing episodes, oldest first;
	// InWindow counts those with a view in the policy's window before now.
	Episodes []EpisodeSpan `json:"episodes"`
	InWindow int           `json:"in_window"`
	// Collateral are the third-party profiles viewed while researching
	// the subject (ripa.Collateral); the collateral count is their number.
	Collateral []string `json:"collateral"`
}

// SubjectViewing reads the viewing history of a subject.
func (w *Workspace) SubjectViewing(ctx context.Context, id string) (SubjectViewing, error) {
	s, err := w.Subject(ctx, id)
	if err != nil {
		return SubjectViewing{}, err
	}
	p, err := w.Policy()
	if err != nil {
		return SubjectViewing{}, fmt.Errorf("viewing history of %s: %w", s.ID, err)
	}
	views, err := loadViews(ctx, w.reader, `v.case_ref = ?`, s.Case)
	if err != nil {
		return SubjectViewing{}, fmt.Errorf("viewing history of %s: %w", s.ID, err)
	}
	eps := ripa.Episodes(p, s.ID, views)
	out := SubjectViewing{Subject: s.ID, Episodes: spans(eps), Collateral: ripa.Collateral(p, views)[s.ID]}
	if out.Collateral == nil {
		out.Collateral = []string{}
	}
	since := p.Since(w.Now())
	for _, e := range eps {
		out.Views += len(e.Views)
		if !e.End.Before(since) {
			out.InWindow++
		}
	}
	return out, nil
}

// AuditEvents lists the audit events f selects, oldest first (audit.List),
// for the app's audit review.
func (w *Workspace) AuditEvents(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	return audit.List(ctx, w.reader, f)
}

// VerifyAudit recomputes the audit chain from the workspace id and checks
// its signed checkpoints (audit.Verify).
func (w *Workspace) VerifyAudit(ctx context.Context) (audit.Report, error) {
	return audit.Verify(ctx, w.reader, w.id)
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
	if _, err := w.CurrentOfficer(ctx); err != nil {
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
	detail := mustJSON(map[string]any{"format": format, "events": n, "selection": Selection(f)})
	if err := w.Audit(ctx, audit.Event{Case: f.Case, Action: "audit.export", Subjects: subjects, Detail: detail}); err != nil {
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
	return len(events), report.WriteAuditLog(out, l)
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
		parts = append(parts, "from "+stamp(f.From))
	}
	if !f.To.IsZero() {
		parts = append(parts, "before "+stamp(f.To))
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

func flagSelected(fl Flag, f audit.Filter) bool {
	if f.Subject != "" && !strings.EqualFold(fl.Subject, f.Subject) {
		return false
	}
	if fl.Time.IsZero() {
		return true
	}
	return (f.From.IsZero() || !fl.Time.Before(f.From)) && (f.To.IsZero() || fl.Time.Before(f.To))
}

func flagRow(fl Flag) report.FlagRow {
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
		return Classifications[0], nil
	}
	return Classifications[best], nil
}
