package viewing

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// Justification is what a researcher recorded when the rules asked before
// viewing a subject again and no authorisation was in force: the Code of
// Practice's factors and free text (ripa.Justification). It applies to one
// view: the one it was recorded with, or else the next view of the
// subject in the case.
type Justification struct {
	ID      int64        `json:"id"`
	Case    string       `json:"case"`
	Subject string       `json:"subject"`
	Officer string       `json:"officer"`
	Time    time.Time    `json:"time"`
	Factors ripa.Factors `json:"factors"`
	Text    string       `json:"text"`
	View    int64        `json:"view,omitempty"` // 0 while waiting for the next view
}

// Justify records j, a justification for viewing j.Subject in j.Case by
// j.Officer at j.Time, inside tx; it applies to the next view of the
// subject in the case (RULES.md §5, §8). It returns the audit event
// "justification", which names the subject and carries the factors and
// text; every justification is flagged for review. The caller checks that
// the officer and the open case exist.
func Justify(ctx context.Context, tx *sql.Tx, j *Justification) ([]audit.Event, error) {
	ids, err := normaliseSubjects([]string{j.Subject})
	if err != nil {
		return nil, err
	}
	if err := subjectsInCase(ctx, tx, j.Case, ids); err != nil {
		return nil, err
	}
	j.Subject = ids[0]
	ev, err := insertJustification(ctx, tx, j)
	if err != nil {
		return nil, err
	}
	return []audit.Event{ev}, nil
}

// insertJustification validates and stores j and returns its audit event.
func insertJustification(ctx context.Context, tx *sql.Tx, j *Justification) (audit.Event, error) {
	r := ripa.Justification{Subject: j.Subject, Officer: j.Officer, Time: j.Time, Factors: j.Factors, Text: j.Text}
	if err := r.Validate(); err != nil {
		return audit.Event{}, err
	}
	sn, err := subjectNumber(j.Subject)
	if err != nil {
		return audit.Event{}, err
	}
	factors := audit.Detail(j.Factors)
	var view any
	if j.View != 0 {
		view = j.View
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO justifications (case_ref, subject, officer, time, factors, text, view)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, j.Case, sn, j.Officer, sqltime.Format(j.Time), string(factors), j.Text, view)
	if err != nil {
		return audit.Event{}, fmt.Errorf("insert justification: %w", err)
	}
	if j.ID, err = res.LastInsertId(); err != nil {
		return audit.Event{}, fmt.Errorf("insert justification: %w", err)
	}
	keys := []string{}
	for _, f := range j.Factors.Checked() {
		keys = append(keys, f.Key)
	}
	detail := map[string]any{"justification": j.ID, "factors": keys, "text": j.Text}
	if j.View != 0 {
		detail["view"] = j.View
	}
	return audit.Event{Officer: j.Officer, Case: j.Case, Action: "justification", Subjects: []string{j.Subject},
		Time: j.Time, Detail: audit.Detail(detail)}, nil
}

// Justifications lists a case's justifications, oldest first.
func Justifications(ctx context.Context, q Queryer, caseRef string) ([]Justification, error) {
	js, err := queryJustifications(ctx, q, `case_ref = ?`, caseRef)
	if err != nil {
		return nil, fmt.Errorf("list justifications of %s: %w", caseRef, err)
	}
	return js, nil
}

func queryJustifications(ctx context.Context, q Queryer, where string, args ...any) ([]Justification, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_ref, subject, officer, time, factors, text, coalesce(view, 0)
		FROM justifications WHERE `+where+` ORDER BY time, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read justifications: %w", err)
	}
	defer rows.Close()
	var out []Justification
	for rows.Next() {
		var j Justification
		var n int64
		var t, factors string
		if err := rows.Scan(&j.ID, &j.Case, &n, &j.Officer, &t, &factors, &j.Text, &j.View); err != nil {
			return nil, fmt.Errorf("read justifications: %w", err)
		}
		if err := json.Unmarshal([]byte(factors), &j.Factors); err != nil {
			return nil, fmt.Errorf("read justification %d: %w", j.ID, err)
		}
		j.Subject, j.Time = subjectID(n), sqltime.Parse(t)
		out = append(out, j)
	}
	return out, rows.Err()
}

// pendingJustifications lists which of the subjects have a justification
// in the case waiting for their next view.
func pendingJustifications(ctx context.Context, q Queryer, caseRef string, ids []string) ([]string, error) {
	args, in, err := subjectArgs(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT subject FROM justifications
		WHERE case_ref = ? AND view IS NULL AND subject IN (`+in+`) ORDER BY subject`, append([]any{caseRef}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read pending justifications: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("read pending justifications: %w", err)
		}
		out = append(out, subjectID(n))
	}
	return out, rows.Err()
}

// justifyView attaches the justifications waiting for this view of its
// subjects and records the one given with it, if any, for each subject
// the rules ask about (or every matched subject when they ask about
// none). It returns their audit events.
func justifyView(ctx context.Context, tx *sql.Tx, v View, vc *ViewCheck) ([]audit.Event, error) {
	if len(vc.Justified) > 0 {
		args, list, err := subjectArgs(vc.Justified)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE justifications SET view = ? WHERE case_ref = ? AND view IS NULL AND subject IN (`+list+`)`,
			append([]any{vc.View, v.Case}, args...)...); err != nil {
			return nil, fmt.Errorf("attach justifications to view %d: %w", vc.View, err)
		}
	}
	if v.Justification == nil {
		return nil, nil
	}
	targets := vc.Unresolved()
	if len(targets) == 0 {
		targets = vc.Subjects
	}
	if len(targets) == 0 {
		return nil, ErrNothingToJustify
	}
	var events []audit.Event
	for _, s := range targets {
		j := Justification{Case: v.Case, Subject: s.ID, Officer: v.Officer, Time: v.Time,
			Factors: v.Justification.Factors, Text: v.Justification.Text, View: vc.View}
		ev, err := insertJustification(ctx, tx, &j)
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
		if !slices.Contains(vc.Justified, s.ID) {
			vc.Justified = sortIDs(append(vc.Justified, s.ID))
		}
	}
	return events, nil
}
