package viewing

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
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

// Flags derives the auditor's findings under policy p for a case, or for
// every case when caseRef is "": ripa.Flags over all its views,
// authorisations and justifications, in time order; then a justification
// flag for each justification no view has followed yet; then, per
// subject, its collateral intrusion (ripa.Collateral), by subject.
func Flags(ctx context.Context, q Queryer, p ripa.Policy, caseRef string) ([]Flag, error) {
	r, err := loadReview(ctx, q, caseRef)
	if err != nil {
		return nil, fmt.Errorf("flags of %q: %w", caseRef, err)
	}
	found := ripa.Flags(p, r.views, r.auths)
	out := make([]Flag, 0, len(found)+len(r.pending))
	for _, f := range found {
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

func loadReview(ctx context.Context, q Queryer, caseRef string) (*review, error) {
	where, args := "1", []any{}
	if caseRef != "" {
		where, args = "case_ref = ?", []any{caseRef}
	}
	r := &review{byID: map[int64]*ripa.View{}, names: map[string]string{}, cases: map[string]string{}}
	var err error
	if r.views, err = loadViews(ctx, q, strings.ReplaceAll(where, "case_ref", "v.case_ref"), args...); err != nil {
		return nil, err
	}
	for i := range r.views {
		r.byID[r.views[i].ID] = &r.views[i]
	}
	as, err := queryAuthorisations(ctx, q, strings.ReplaceAll(where, "case_ref", "a.case_ref"), args...)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		r.auths = append(r.auths, a.rules())
	}
	if r.pending, err = queryJustifications(ctx, q, where+" AND view IS NULL", args...); err != nil {
		return nil, err
	}
	return r, r.loadNames(ctx, q, where, args)
}

func (r *review) loadNames(ctx context.Context, q Queryer, where string, args []any) error {
	rows, err := q.QueryContext(ctx, `SELECT id, name, case_ref FROM subjects WHERE `+where, args...)
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
// linked authorisation, in time order: the views, then the subjects and
// the justified subjects of the same views (a subquery per view took
// three times as long for a whole case).
func loadViews(ctx context.Context, q Queryer, where string, args ...any) ([]ripa.View, error) {
	out, err := readViews(ctx, q, where, args...)
	if err != nil {
		return nil, err
	}
	at := viewIndex(out)
	ids := map[int64]string{}
	for _, table := range []string{"view_subjects", "justifications"} {
		rows, err := q.QueryContext(ctx, `SELECT s.view, s.subject FROM `+table+` s
			WHERE s.view IN (SELECT v.id FROM views v WHERE `+where+`) ORDER BY s.view, s.subject`, args...)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
		if err := addSubjects(rows, out, at, ids, table == "justifications"); err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
	}
	return out, nil
}

// readViews is loadViews without the subjects and justified subjects.
func readViews(ctx context.Context, q Queryer, where string, args ...any) ([]ripa.View, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM views v WHERE `+where, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("count views: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT v.id, v.time, v.officer, v.case_ref, v.persona, v.url, v.profile, v.authorisation
		FROM views v WHERE `+where+` ORDER BY v.time, v.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read views: %w", err)
	}
	defer rows.Close()
	out := make([]ripa.View, 0, n)
	var t, officer, kase, persona, authorisation sql.RawBytes
	same := map[string]string{} // officers, cases, personas and references repeat: one string each
	for rows.Next() {
		var v ripa.View
		if err := rows.Scan(&v.ID, &t, &officer, &kase, &persona, &v.URL, &v.Profile, &authorisation); err != nil {
			return nil, fmt.Errorf("read views: %w", err)
		}
		v.Time, v.Subjects = sqltime.Parse(string(t)), []string{}
		v.Officer, v.Case, v.Persona, v.Authorisation = once(same, officer), once(same, kase), once(same, persona), once(same, authorisation)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read views: %w", err)
	}
	return out, nil
}

// viewIndex returns where a view id is in views: by binary search when
// their time order is also their id order, as it is unless a clock was
// set back, else through a map.
func viewIndex(views []ripa.View) func(id int64) (int, bool) {
	byID := func(v ripa.View, id int64) int { return cmp.Compare(v.ID, id) }
	if slices.IsSortedFunc(views, func(a, b ripa.View) int { return cmp.Compare(a.ID, b.ID) }) {
		return func(id int64) (int, bool) { return slices.BinarySearchFunc(views, id, byID) }
	}
	m := make(map[int64]int, len(views))
	for i, v := range views {
		m[v.ID] = i
	}
	return func(id int64) (int, bool) { i, ok := m[id]; return i, ok }
}

// once returns b as a string, the same string for the same bytes.
func once(same map[string]string, b []byte) string {
	if s, ok := same[string(b)]; ok {
		return s
	}
	s := string(b)
	same[s] = s
	return s
}

// addSubjects adds the subjects of rows (view, subject) to the views'
// Subjects, or Justified when justified is set. ids keeps one string per
// subject id.
func addSubjects(rows *sql.Rows, views []ripa.View, at func(int64) (int, bool), ids map[int64]string, justified bool) error {
	defer rows.Close()
	for rows.Next() {
		var view, n int64
		if err := rows.Scan(&view, &n); err != nil {
			return err
		}
		k, ok := at(view)
		if !ok {
			return fmt.Errorf("view %d is not among the views read", view)
		}
		id, ok := ids[n]
		if !ok {
			id = subjectID(n)
			ids[n] = id
		}
		if justified {
			views[k].Justified = append(views[k].Justified, id)
		} else {
			views[k].Subjects = append(views[k].Subjects, id)
		}
	}
	return rows.Err()
}

// Queryer is what reads need: the workspace's reader pool, or the write
// transaction an action runs in.
type Queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// matchNamed returns the case's subjects that viewing id counts as
// viewing, with their names.
func matchNamed(ctx context.Context, q Queryer, caseRef string, id identifier.Identity) ([]ripa.Subject, error) {
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
func subjectViews(ctx context.Context, q Queryer, ids []string, since time.Time) ([]ripa.View, error) {
	args, in, err := subjectArgs(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT vs.subject, vs.time, vs.view, v.authorisation,
		EXISTS (SELECT 1 FROM justifications j WHERE j.view = vs.view AND j.subject = vs.subject)
		FROM view_subjects vs JOIN views v ON v.id = vs.view
		WHERE vs.subject IN (`+in+`) AND vs.time >= ? ORDER BY vs.time, vs.view`,
		append(args, sqltime.Format(since.Truncate(time.Millisecond)))...)
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
		v.Time, v.Subjects = sqltime.Parse(t), []string{subjectID(n)}
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

// History reads the viewing history of subject s under policy p at now.
func History(ctx context.Context, q Queryer, p ripa.Policy, s Subject, now time.Time) (SubjectViewing, error) {
	views, err := historyViews(ctx, q, p, s)
	if err != nil {
		return SubjectViewing{}, fmt.Errorf("viewing history of %s: %w", s.ID, err)
	}
	eps := ripa.Episodes(p, s.ID, views)
	out := SubjectViewing{Subject: s.ID, Episodes: spans(eps), Collateral: ripa.Collateral(p, views)[s.ID]}
	if out.Collateral == nil {
		out.Collateral = []string{}
	}
	since := p.Since(now)
	for _, e := range eps {
		out.Views += len(e.Views)
		if !e.End.Before(since) {
			out.InWindow++
		}
	}
	return out, nil
}

// historyViews reads what subject s's history is derived from, rather
// than every view of its case: the views of s (on view_subjects' key;
// the + keeps SQLite from scanning the case's views instead),
// then the candidates for its collateral intrusion, the unmatched profile
// views by the same officer at most p.EpisodeGap after one of them (a
// range of views_case_time per stretch of such views).
func historyViews(ctx context.Context, q Queryer, p ripa.Policy, s Subject) ([]ripa.View, error) {
	n, err := subjectNumber(s.ID)
	if err != nil {
		return nil, err
	}
	views, err := loadViews(ctx, q, `+v.case_ref = ? AND v.id IN (SELECT view FROM view_subjects WHERE subject = ?)`, s.Case, n)
	if err != nil {
		return nil, err
	}
	type stretch struct {
		officer  string
		from, to time.Time
	}
	var stretches []stretch
	last := map[string]int{} // officer -> their latest stretch
	for _, v := range views {
		end := v.Time.Add(p.EpisodeGap)
		if k, ok := last[v.Officer]; ok && !v.Time.After(stretches[k].to) {
			stretches[k].to = end
			continue
		}
		last[v.Officer] = len(stretches)
		stretches = append(stretches, stretch{v.Officer, v.Time, end})
	}
	out := views
	for part := range slices.Chunk(stretches, 200) {
		terms := make([]string, len(part))
		args := make([]any, 0, 4*len(part))
		for i, st := range part {
			terms[i] = `(v.case_ref = ? AND v.time >= ? AND v.time <= ? AND v.officer = ?)`
			args = append(args, s.Case, sqltime.Format(st.from), sqltime.Format(st.to), st.officer)
		}
		found, err := readViews(ctx, q, `(`+strings.Join(terms, ` OR `)+`) AND v.profile != ''
			AND NOT EXISTS (SELECT 1 FROM view_subjects x WHERE x.view = v.id)`, args...) // no subjects, by the last term
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}
