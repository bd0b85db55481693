package workspace

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
)

// ErrSubjectNotFound is returned for an unknown subject id.
var ErrSubjectNotFound = errors.New("subject not found")

// Subject is a person or group of interest in a case, known by identifiers:
// profile URLs, handles, emails, phone numbers.
type Subject struct {
	ID          string       `json:"id"` // "S" and a number, unique in the workspace
	Case        string       `json:"case"`
	Name        string       `json:"name"`
	Officer     string       `json:"officer"`
	Created     time.Time    `json:"created"`
	Identifiers []Identifier `json:"identifiers"`
}

// Identifier is one way a subject is known, as typed and in canonical form.
type Identifier struct {
	Raw      string `json:"raw"`
	Key      string `json:"key"`
	Platform string `json:"platform"`
	Kind     string `json:"kind"`
	Account  string `json:"account,omitempty"`
	Post     string `json:"post,omitempty"`
}

func (i Identifier) identity() identifier.Identity {
	return identifier.Identity{Platform: i.Platform, Kind: i.Kind, Account: i.Account, Post: i.Post, Key: i.Key}
}

// ParseIdentifiers canonicalises what a researcher typed; every bad one is
// named in the error.
func ParseIdentifiers(raw []string) ([]Identifier, error) {
	var out []Identifier
	var bad []string
	seen := map[string]bool{}
	for _, r := range raw {
		r = strings.TrimSpace(r)
		id, err := identifier.Parse(r)
		if err != nil {
			bad = append(bad, err.Error())
			continue
		}
		if !seen[id.Key] {
			seen[id.Key] = true
			out = append(out, Identifier{Raw: r, Key: id.Key, Platform: id.Platform, Kind: id.Kind, Account: id.Account, Post: id.Post})
		}
	}
	if len(bad) > 0 {
		return nil, errors.New(strings.Join(bad, "; "))
	}
	if len(out) == 0 {
		return nil, errors.New("a subject needs at least one identifier (a profile URL, x:@handle, email or phone)")
	}
	return out, nil
}

// AddSubject records a subject of a case with its identifiers.
func (w *Workspace) AddSubject(ctx context.Context, caseRef, name string, raw []string) (Subject, error) {
	s := Subject{Case: caseRef, Name: strings.TrimSpace(name)}
	if s.Name == "" {
		return Subject{}, fmt.Errorf("add subject to %s: a subject needs a name", caseRef)
	}
	ids, err := ParseIdentifiers(raw)
	if err != nil {
		return Subject{}, fmt.Errorf("add subject %q: %w", s.Name, err)
	}
	s.Identifiers = ids
	err = w.act(ctx, func(tx *sql.Tx) ([]audit.Event, error) {
		return w.insertSubject(ctx, tx, &s)
	})
	if err != nil {
		return Subject{}, fmt.Errorf("add subject %q to %s: %w", s.Name, caseRef, err)
	}
	return s, nil
}

func (w *Workspace) insertSubject(ctx context.Context, tx *sql.Tx, s *Subject) ([]audit.Event, error) {
	o, err := currentOfficer(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := openCaseTx(ctx, tx, s.Case); err != nil {
		return nil, err
	}
	s.Officer, s.Created = o.ID, w.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO subjects (case_ref, name, officer, created) VALUES (?, ?, ?, ?)`,
		s.Case, s.Name, s.Officer, stamp(s.Created))
	if err != nil {
		return nil, err
	}
	n, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	s.ID = "S" + strconv.FormatInt(n, 10)
	for _, i := range s.Identifiers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO subject_identifiers (subject, raw, key, platform, kind, account, post)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, n, i.Raw, i.Key, i.Platform, i.Kind, i.Account, i.Post); err != nil {
			return nil, err
		}
	}
	detail, _ := json.Marshal(map[string]any{"name": s.Name, "identifiers": s.Identifiers})
	events := []audit.Event{{Case: s.Case, Action: "subject.add", Subjects: []string{s.ID}, Time: s.Created, Detail: detail}}
	rematched, err := rematchTx(ctx, tx, *s) // earlier views of these identifiers now count
	if err != nil {
		return nil, err
	}
	return append(events, rematched...), nil
}

func openCaseTx(ctx context.Context, q queryer, ref string) error {
	c, err := getCase(ctx, q, ref)
	if err != nil {
		return err
	}
	if !c.Closed.IsZero() {
		return fmt.Errorf("case %s: %w", ref, ErrCaseClosed)
	}
	return nil
}

// subjectNumber turns "S12" (or "12") into 12.
func subjectNumber(id string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(id), "S"), 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("subject %q: %w", id, ErrSubjectNotFound)
	}
	return n, nil
}

// Subjects lists a case's subjects with their identifiers.
func (w *Workspace) Subjects(ctx context.Context, caseRef string) ([]Subject, error) {
	if _, err := w.Case(ctx, caseRef); err != nil {
		return nil, fmt.Errorf("list subjects: %w", err)
	}
	return w.querySubjects(ctx, `s.case_ref = ?`, caseRef)
}

// Subject reads one subject.
func (w *Workspace) Subject(ctx context.Context, id string) (Subject, error) {
	n, err := subjectNumber(id)
	if err != nil {
		return Subject{}, err
	}
	ss, err := w.querySubjects(ctx, `s.id = ?`, n)
	if err != nil {
		return Subject{}, err
	}
	if len(ss) == 0 {
		return Subject{}, fmt.Errorf("subject %s: %w", id, ErrSubjectNotFound)
	}
	return ss[0], nil
}

func (w *Workspace) querySubjects(ctx context.Context, where string, args ...any) ([]Subject, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT s.id, s.case_ref, s.name, s.officer, s.created,
		i.raw, i.key, i.platform, i.kind, i.account, i.post
		FROM subjects s JOIN subject_identifiers i ON i.subject = s.id WHERE `+where+` ORDER BY s.id, i.rowid`, args...)
	if err != nil {
		return nil, fmt.Errorf("read subjects: %w", err)
	}
	defer rows.Close()
	var out []Subject
	for rows.Next() {
		var s Subject
		var n int64
		var created string
		var i Identifier
		if err := rows.Scan(&n, &s.Case, &s.Name, &s.Officer, &created, &i.Raw, &i.Key, &i.Platform, &i.Kind, &i.Account, &i.Post); err != nil {
			return nil, fmt.Errorf("read subjects: %w", err)
		}
		s.ID, s.Created = "S"+strconv.FormatInt(n, 10), parseStamp(created)
		if len(out) == 0 || out[len(out)-1].ID != s.ID {
			out = append(out, s)
		}
		last := &out[len(out)-1]
		last.Identifiers = append(last.Identifiers, i)
	}
	return out, rows.Err()
}

// MatchSubjects lists the subjects of a case that viewing v counts as
// viewing (DESIGN.md §6): an identifier with the same key, or the account a
// post belongs to.
func MatchSubjects(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, caseRef string, v identifier.Identity) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.subject, i.key, i.platform, i.kind, i.account, i.post
		FROM subject_identifiers i JOIN subjects s ON s.id = i.subject
		WHERE s.case_ref = ? AND i.platform = ?`, caseRef, v.Platform)
	if err != nil {
		return nil, fmt.Errorf("match subjects: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n int64
		var i Identifier
		if err := rows.Scan(&n, &i.Key, &i.Platform, &i.Kind, &i.Account, &i.Post); err != nil {
			return nil, fmt.Errorf("match subjects: %w", err)
		}
		id := "S" + strconv.FormatInt(n, 10)
		if identifier.Matches(i.identity(), v) && (len(out) == 0 || out[len(out)-1] != id) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}
