package viewing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
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

// AddSubject records s, a subject of s.Case added by s.Officer at
// s.Created, with its identifiers (ParseIdentifiers), inside tx. It
// returns the audit events: "subject.add", and "subject.rematch" when
// views of the case recorded before match the new subject, which from now
// on count as views of it. The caller checks that the officer and the open
// case exist.
func AddSubject(ctx context.Context, tx *sql.Tx, s *Subject) ([]audit.Event, error) {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return nil, errors.New("a subject needs a name")
	}
	if len(s.Identifiers) == 0 {
		return nil, errors.New("a subject needs at least one identifier (a profile URL, x:@handle, email or phone)")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO subjects (case_ref, name, officer, created) VALUES (?, ?, ?, ?)`,
		s.Case, s.Name, s.Officer, sqltime.Format(s.Created))
	if err != nil {
		return nil, err
	}
	n, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	s.ID = subjectID(n)
	for _, i := range s.Identifiers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO subject_identifiers (subject, raw, key, platform, kind, account, post)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, n, i.Raw, i.Key, i.Platform, i.Kind, i.Account, i.Post); err != nil {
			return nil, err
		}
	}
	detail := audit.Detail(map[string]any{"name": s.Name, "identifiers": s.Identifiers})
	events := []audit.Event{{Officer: s.Officer, Case: s.Case, Action: "subject.add", Subjects: []string{s.ID}, Time: s.Created, Detail: detail}}
	rematched, err := rematchTx(ctx, tx, *s) // earlier views of these identifiers now count
	if err != nil {
		return nil, err
	}
	return append(events, rematched...), nil
}

// Subjects lists a case's subjects with their identifiers.
func Subjects(ctx context.Context, q Queryer, caseRef string) ([]Subject, error) {
	return querySubjects(ctx, q, `s.case_ref = ?`, caseRef)
}

// SubjectByID reads one subject; ErrSubjectNotFound when there is none.
func SubjectByID(ctx context.Context, q Queryer, id string) (Subject, error) {
	n, err := subjectNumber(id)
	if err != nil {
		return Subject{}, err
	}
	ss, err := querySubjects(ctx, q, `s.id = ?`, n)
	if err != nil {
		return Subject{}, err
	}
	if len(ss) == 0 {
		return Subject{}, fmt.Errorf("subject %s: %w", id, ErrSubjectNotFound)
	}
	return ss[0], nil
}

func querySubjects(ctx context.Context, q Queryer, where string, args ...any) ([]Subject, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.case_ref, s.name, s.officer, s.created,
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
		s.ID, s.Created = subjectID(n), sqltime.Parse(created)
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
func MatchSubjects(ctx context.Context, q Queryer, caseRef string, v identifier.Identity) ([]string, error) {
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
		id := subjectID(n)
		if identifier.Matches(i.identity(), v) && (len(out) == 0 || out[len(out)-1] != id) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}
