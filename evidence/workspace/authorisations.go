package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
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

// AddAuthorisation records an authorisation in a.Case, covering
// a.Subjects (subjects of that case) from a.From until a.To. References are
// unique in a case. The audit event "authorisation.add" lists the subjects.
func (w *Workspace) AddAuthorisation(ctx context.Context, a Authorisation) (Authorisation, error) {
	a.Ref, a.GrantedBy, a.Notes = strings.TrimSpace(a.Ref), strings.TrimSpace(a.GrantedBy), strings.TrimSpace(a.Notes)
	a.From, a.To = a.From.UTC().Truncate(time.Millisecond), a.To.UTC().Truncate(time.Millisecond)
	ids, err := normaliseSubjects(a.Subjects)
	if err != nil {
		return Authorisation{}, fmt.Errorf("add authorisation %s: %w", a.Ref, err)
	}
	a.Subjects = ids
	if err := a.rules().Validate(); err != nil {
		return Authorisation{}, fmt.Errorf("add authorisation: %w", err)
	}
	err = w.act(ctx, func(tx *sql.Tx) ([]audit.Event, error) {
		return w.insertAuthorisation(ctx, tx, &a)
	})
	if err != nil {
		return Authorisation{}, fmt.Errorf("add authorisation %s to %s: %w", a.Ref, a.Case, err)
	}
	return a, nil
}

func (w *Workspace) insertAuthorisation(ctx context.Context, tx *sql.Tx, a *Authorisation) ([]audit.Event, error) {
	o, err := currentOfficer(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := openCaseTx(ctx, tx, a.Case); err != nil {
		return nil, err
	}
	if err := subjectsInCase(ctx, tx, a.Case, a.Subjects); err != nil {
		return nil, err
	}
	if _, err := authorisationByRef(ctx, tx, a.Case, a.Ref); err == nil {
		return nil, ErrAuthorisationExists
	}
	a.Officer, a.Created = o.ID, w.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO authorisations (case_ref, ref, valid_from, valid_to, granted_by, notes, officer, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Case, a.Ref, stamp(a.From), stamp(a.To), a.GrantedBy, a.Notes, a.Officer, stamp(a.Created))
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
	detail := mustJSON(map[string]any{"ref": a.Ref, "from": stamp(a.From), "to": stamp(a.To),
		"granted_by": a.GrantedBy, "notes": a.Notes})
	return []audit.Event{{Case: a.Case, Action: "authorisation.add", Subjects: a.Subjects, Time: a.Created, Detail: detail}}, nil
}

// Authorisations lists a case's authorisations, by start then reference.
func (w *Workspace) Authorisations(ctx context.Context, caseRef string) ([]Authorisation, error) {
	if _, err := w.Case(ctx, caseRef); err != nil {
		return nil, fmt.Errorf("list authorisations: %w", err)
	}
	as, err := queryAuthorisations(ctx, w.reader, `a.case_ref = ?`, caseRef)
	if err != nil {
		return nil, fmt.Errorf("list authorisations of %s: %w", caseRef, err)
	}
	return as, nil
}

// ExpireAuthorisation ends the case's authorisation ref now: its expiry
// becomes the current time (the start, for one not yet in force, which
// then never is). The audit event "authorisation.expire" records the
// expiry it replaced.
func (w *Workspace) ExpireAuthorisation(ctx context.Context, caseRef, ref string) (Authorisation, error) {
	var a Authorisation
	err := w.act(ctx, func(tx *sql.Tx) ([]audit.Event, error) {
		var err error
		if a, err = authorisationByRef(ctx, tx, caseRef, ref); err != nil {
			return nil, err
		}
		now := w.Now().Truncate(time.Millisecond)
		if !now.Before(a.To) {
			return nil, fmt.Errorf("%s expired at %s: %w", ref, stamp(a.To), ErrAuthorisationExpired)
		}
		was := a.To
		a.To, a.Expired = now, now
		if now.Before(a.From) {
			a.To = a.From
		}
		if _, err := tx.ExecContext(ctx, `UPDATE authorisations SET valid_to = ?, expired = ? WHERE case_ref = ? AND ref = ?`,
			stamp(a.To), stamp(now), caseRef, a.Ref); err != nil {
			return nil, err
		}
		detail := mustJSON(map[string]string{"ref": a.Ref, "to": stamp(a.To), "was": stamp(was)})
		return []audit.Event{{Case: caseRef, Action: "authorisation.expire", Subjects: a.Subjects, Time: now, Detail: detail}}, nil
	})
	if err != nil {
		return Authorisation{}, fmt.Errorf("expire authorisation %s of %s: %w", ref, caseRef, err)
	}
	return a, nil
}

func authorisationByRef(ctx context.Context, q rowsQueryer, caseRef, ref string) (Authorisation, error) {
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

func queryAuthorisations(ctx context.Context, q rowsQueryer, where string, args ...any) ([]Authorisation, error) {
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
		a.From, a.To, a.Created, a.Expired = parseStamp(from), parseStamp(to), parseStamp(created), parseStamp(expired)
		a.Subjects = numberList(subjects)
		out = append(out, a)
	}
	return out, rows.Err()
}

// coveringAuthorisations returns, for the rules, the authorisations that
// cover any of the subjects and expire at or after since.
func coveringAuthorisations(ctx context.Context, q rowsQueryer, ids []string, since time.Time) ([]ripa.Authorisation, error) {
	args, in, err := subjectArgs(ids)
	if err != nil {
		return nil, err
	}
	as, err := queryAuthorisations(ctx, q, `a.valid_to >= ? AND a.id IN (SELECT authorisation FROM authorisation_subjects WHERE subject IN (`+in+`))`,
		append([]any{stamp(since.Truncate(time.Millisecond))}, args...)...)
	if err != nil {
		return nil, err
	}
	out := make([]ripa.Authorisation, len(as))
	for i, a := range as {
		out[i] = a.rules()
	}
	return out, nil
}

// normaliseSubjects writes subject ids as "S<n>", sorted, without repeats.
func normaliseSubjects(ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		n, err := subjectNumber(strings.TrimSpace(id))
		if err != nil {
			return nil, err
		}
		if s := subjectID(n); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return sortIDs(out), nil
}

// subjectsInCase checks that every subject belongs to the case.
func subjectsInCase(ctx context.Context, q rowsQueryer, caseRef string, ids []string) error {
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

// ripaMigration creates the tables of the repeated-viewing safeguard
// (schema.go runs it as one migration):
// views and the subjects they matched (append-only, like the audit log),
// authorisations with their subjects, and justifications.
var ripaMigration = []string{
	`CREATE TABLE views (
		id INTEGER PRIMARY KEY,
		time TEXT NOT NULL,
		officer TEXT NOT NULL REFERENCES officers(id),
		case_ref TEXT NOT NULL REFERENCES cases(ref),
		persona TEXT NOT NULL REFERENCES personas(name),
		url TEXT NOT NULL,
		key TEXT NOT NULL,
		platform TEXT NOT NULL,
		kind TEXT NOT NULL,
		account TEXT NOT NULL,
		post TEXT NOT NULL,
		profile TEXT NOT NULL,
		authorisation TEXT NOT NULL,
		verdict TEXT NOT NULL,
		episode INTEGER NOT NULL,
		capture TEXT NOT NULL)`,
	`CREATE INDEX views_case_time ON views(case_ref, time)`,
	`CREATE TABLE view_subjects (
		subject INTEGER NOT NULL REFERENCES subjects(id),
		time TEXT NOT NULL,
		view INTEGER NOT NULL REFERENCES views(id),
		PRIMARY KEY (subject, time, view)) WITHOUT ROWID`,
	`CREATE INDEX view_subjects_view ON view_subjects(view)`,
	`CREATE TRIGGER views_no_update BEFORE UPDATE ON views
	BEGIN SELECT RAISE(ABORT, 'views are append-only'); END`,
	`CREATE TRIGGER views_no_delete BEFORE DELETE ON views
	BEGIN SELECT RAISE(ABORT, 'views are append-only'); END`,
	`CREATE TRIGGER view_subjects_no_update BEFORE UPDATE ON view_subjects
	BEGIN SELECT RAISE(ABORT, 'view_subjects are append-only'); END`,
	`CREATE TRIGGER view_subjects_no_delete BEFORE DELETE ON view_subjects
	BEGIN SELECT RAISE(ABORT, 'view_subjects are append-only'); END`,
	`CREATE TABLE authorisations (
		id INTEGER PRIMARY KEY,
		case_ref TEXT NOT NULL REFERENCES cases(ref),
		ref TEXT NOT NULL,
		valid_from TEXT NOT NULL,
		valid_to TEXT NOT NULL,
		granted_by TEXT NOT NULL,
		notes TEXT NOT NULL,
		officer TEXT NOT NULL REFERENCES officers(id),
		created TEXT NOT NULL,
		expired TEXT,
		UNIQUE (case_ref, ref))`,
	`CREATE TABLE authorisation_subjects (
		subject INTEGER NOT NULL REFERENCES subjects(id),
		authorisation INTEGER NOT NULL REFERENCES authorisations(id),
		PRIMARY KEY (subject, authorisation)) WITHOUT ROWID`,
	`CREATE INDEX authorisation_subjects_authorisation ON authorisation_subjects(authorisation)`,
	`CREATE TABLE justifications (
		id INTEGER PRIMARY KEY,
		case_ref TEXT NOT NULL REFERENCES cases(ref),
		subject INTEGER NOT NULL REFERENCES subjects(id),
		officer TEXT NOT NULL REFERENCES officers(id),
		time TEXT NOT NULL,
		factors TEXT NOT NULL,
		text TEXT NOT NULL,
		view INTEGER REFERENCES views(id))`,
	`CREATE INDEX justifications_view ON justifications(view)`,
	`CREATE INDEX justifications_case ON justifications(case_ref, subject)`,
}
