package viewing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// Errors about authorisations.
var (
	ErrAuthorisationNotFound = errors.New("authorisation not found")
	ErrAuthorisationExists   = errors.New("authorisation reference already recorded in the case")
	ErrAuthorisationExpired  = errors.New("authorisation is no longer in force")
)

// Authorisation is a directed surveillance authorisation recorded in a
// case: it covers its subjects from From until just before To.
type Authorisation struct {
	Ref       string    `json:"ref"`
	Case      string    `json:"case"`
	Subjects  []string  `json:"subjects"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	GrantedBy string    `json:"granted_by,omitempty"`
	Notes     string    `json:"notes,omitempty"`
	Officer   string    `json:"officer"` // who recorded it
	Created   time.Time `json:"created"`
	// Expired is when it was ended early (ExpireAuthorisation); zero if not.
	Expired time.Time `json:"expired,omitzero"`
}

// State says whether a is "pending", "in force" or "expired" at t.
func (a Authorisation) State(t time.Time) string {
	switch {
	case t.Before(a.From):
		return "pending"
	case t.Before(a.To):
		return "in force"
	}
	return "expired"
}

func (a Authorisation) rules() ripa.Authorisation {
	return ripa.Authorisation{Ref: a.Ref, Subjects: a.Subjects, From: a.From, To: a.To, GrantedBy: a.GrantedBy, Notes: a.Notes}
}

// AddAuthorisation records a in a.Case inside tx, covering a.Subjects
// (subjects of that case) from a.From until a.To, recorded by a.Officer
// at a.Created. References are unique in a case. It returns the audit
// event "authorisation.add", which lists the subjects. The caller checks
// that the officer and the open case exist.
func AddAuthorisation(ctx context.Context, tx *sql.Tx, a *Authorisation) ([]audit.Event, error) {
	a.Ref, a.GrantedBy, a.Notes = strings.TrimSpace(a.Ref), strings.TrimSpace(a.GrantedBy), strings.TrimSpace(a.Notes)
	a.From, a.To = a.From.UTC().Truncate(time.Millisecond), a.To.UTC().Truncate(time.Millisecond)
	ids, err := normaliseSubjects(a.Subjects)
	if err != nil {
		return nil, err
	}
	a.Subjects = ids
	if err := a.rules().Validate(); err != nil {
		return nil, err
	}
	if err := subjectsInCase(ctx, tx, a.Case, a.Subjects); err != nil {
		return nil, err
	}
	if _, err := authorisationByRef(ctx, tx, a.Case, a.Ref); err == nil {
		return nil, ErrAuthorisationExists
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO authorisations (case_ref, ref, valid_from, valid_to, granted_by, notes, officer, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Case, a.Ref, sqltime.Format(a.From), sqltime.Format(a.To), a.GrantedBy, a.Notes, a.Officer, sqltime.Format(a.Created))
	if err != nil {
		return nil, err
	}
	n, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	for _, s := range a.Subjects {
		sn, _ := subjectNumber(s) // normaliseSubjects checked it
		if _, err := tx.ExecContext(ctx, `INSERT INTO authorisation_subjects (authorisation, subject) VALUES (?, ?)`, n, sn); err != nil {
			return nil, err
		}
	}
	detail := audit.Detail(map[string]any{"ref": a.Ref, "from": sqltime.Format(a.From), "to": sqltime.Format(a.To),
		"granted_by": a.GrantedBy, "notes": a.Notes})
	return []audit.Event{{Officer: a.Officer, Case: a.Case, Action: "authorisation.add", Subjects: a.Subjects, Time: a.Created, Detail: detail}}, nil
}

// Authorisations lists a case's authorisations, by start then reference.
func Authorisations(ctx context.Context, q Queryer, caseRef string) ([]Authorisation, error) {
	as, err := queryAuthorisations(ctx, q, `a.case_ref = ?`, caseRef)
	if err != nil {
		return nil, fmt.Errorf("list authorisations of %s: %w", caseRef, err)
	}
	return as, nil
}

// ExpireAuthorisation ends the case's authorisation ref at now, inside tx:
// its expiry becomes now (the start, for one not yet in force, which then
// never is). It returns the authorisation as it now stands and the audit
// event "authorisation.expire", which records the expiry it replaced.
func ExpireAuthorisation(ctx context.Context, tx *sql.Tx, caseRef, ref string, now time.Time) (Authorisation, []audit.Event, error) {
	a, err := authorisationByRef(ctx, tx, caseRef, ref)
	if err != nil {
		return Authorisation{}, nil, err
	}
	now = now.UTC().Truncate(time.Millisecond)
	if !now.Before(a.To) {
		return Authorisation{}, nil, fmt.Errorf("%s expired at %s: %w", ref, sqltime.Format(a.To), ErrAuthorisationExpired)
	}
	was := a.To
	a.To, a.Expired = now, now
	if now.Before(a.From) {
		a.To = a.From
	}
	if _, err := tx.ExecContext(ctx, `UPDATE authorisations SET valid_to = ?, expired = ? WHERE case_ref = ? AND ref = ?`,
		sqltime.Format(a.To), sqltime.Format(now), caseRef, a.Ref); err != nil {
		return Authorisation{}, nil, err
	}
	detail := audit.Detail(map[string]string{"ref": a.Ref, "to": sqltime.Format(a.To), "was": sqltime.Format(was)})
	return a, []audit.Event{{Case: caseRef, Action: "authorisation.expire", Subjects: a.Subjects, Time: now, Detail: detail}}, nil
}

func authorisationByRef(ctx context.Context, q Queryer, caseRef, ref string) (Authorisation, error) {
	as, err := queryAuthorisations(ctx, q, `a.case_ref = ? AND a.ref = ?`, caseRef, ref)
	if err != nil {
		return Authorisation{}, err
	}
	if len(as) == 0 {
		return Authorisation{}, fmt.Errorf("authorisation %s in case %s: %w", ref, caseRef, ErrAuthorisationNotFound)
	}
	return as[0], nil
}

const authorisationColumns = `a.ref, a.case_ref, a.valid_from, a.valid_to, a.granted_by, a.notes, a.officer, a.created,
	coalesce(a.expired, ''), (SELECT group_concat(s.subject) FROM authorisation_subjects s WHERE s.authorisation = a.id)`

func queryAuthorisations(ctx context.Context, q Queryer, where string, args ...any) ([]Authorisation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+authorisationColumns+` FROM authorisations a WHERE `+where+
		` ORDER BY a.valid_from, a.ref`, args...)
	if err != nil {
		return nil, fmt.Errorf("read authorisations: %w", err)
	}
	defer rows.Close()
	var out []Authorisation
	for rows.Next() {
		var a Authorisation
		var from, to, created, expired, subjects string
		if err := rows.Scan(&a.Ref, &a.Case, &from, &to, &a.GrantedBy, &a.Notes, &a.Officer, &created, &expired, &subjects); err != nil {
			return nil, fmt.Errorf("read authorisations: %w", err)
		}
		a.From, a.To, a.Created, a.Expired = sqltime.Parse(from), sqltime.Parse(to), sqltime.Parse(created), sqltime.Parse(expired)
		a.Subjects = numberList(subjects)
		out = append(out, a)
	}
	return out, rows.Err()
}

// coveringAuthorisations returns, for the rules, the authorisations that
// cover any of the subjects and expire at or after since.
func coveringAuthorisations(ctx context.Context, q Queryer, ids []string, since time.Time) ([]ripa.Authorisation, error) {
	args, in, err := subjectArgs(ids)
	if err != nil {
		return nil, err
	}
	as, err := queryAuthorisations(ctx, q, `a.valid_to >= ? AND a.id IN (SELECT authorisation FROM authorisation_subjects WHERE subject IN (`+in+`))`,
		append([]any{sqltime.Format(since.Truncate(time.Millisecond))}, args...)...)
	if err != nil {
		return nil, err
	}
	out := make([]ripa.Authorisation, len(as))
	for i, a := range as {
		out[i] = a.rules()
	}
	return out, nil
}

// subjectsInCase checks that every subject belongs to the case.
func subjectsInCase(ctx context.Context, q Queryer, caseRef string, ids []string) error {
	for _, id := range ids {
		n, err := subjectNumber(id)
		if err != nil {
			return err
		}
		var c string
		err = q.QueryRowContext(ctx, `SELECT case_ref FROM subjects WHERE id = ?`, n).Scan(&c)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && c != caseRef) {
			return fmt.Errorf("subject %s in case %s: %w", id, caseRef, ErrSubjectNotFound)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
