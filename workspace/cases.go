package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// Classifications are the Government Security Classification markings a case
// can carry; every report page shows the case's marking.
var Classifications = []string{"OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"}

// Case is an investigation.
type Case struct {
	Ref            string    `json:"ref"`
	Title          string    `json:"title"`
	Classification string    `json:"classification"`
	Officer        string    `json:"officer"`
	Created        time.Time `json:"created"`
	Closed         time.Time `json:"closed,omitzero"`
	Captures       int       `json:"captures"`
}

// refPattern keeps references usable as directory names and in exhibit refs.
var refPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// NewCase opens a case; the current officer is its officer in charge.
func (w *Workspace) NewCase(ctx context.Context, c Case) (Case, error) {
	c.Ref, c.Title = strings.TrimSpace(c.Ref), strings.TrimSpace(c.Title)
	if c.Classification == "" {
		c.Classification = DefaultClassification
	}
	if err := validateCase(c); err != nil {
		return Case{}, fmt.Errorf("new case %s: %w", c.Ref, err)
	}
	err := w.act(ctx, need{officer: true}, func(tx *tx) ([]audit.Event, error) {
		c.Officer, c.Created = tx.officer.ID, tx.now
		_, err := tx.ExecContext(ctx, `INSERT INTO cases (ref, title, classification, officer, created) VALUES (?, ?, ?, ?, ?)`,
			c.Ref, c.Title, c.Classification, c.Officer, sqltime.Format(c.Created))
		if err != nil {
			if exists, _ := caseExists(ctx, tx, c.Ref); exists {
				return nil, ErrCaseExists
			}
			return nil, err
		}
		detail := audit.Detail(map[string]string{"title": c.Title, "classification": c.Classification})
		return []audit.Event{{Case: c.Ref, Action: "case.create", Time: c.Created, Detail: detail}}, nil
	})
	if err != nil {
		return Case{}, fmt.Errorf("new case %s: %w", c.Ref, err)
	}
	return c, nil
}

func validateCase(c Case) error {
	if !refPattern.MatchString(c.Ref) {
		return errors.New("a case reference is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	for _, m := range Classifications {
		if c.Classification == m {
			return nil
		}
	}
	return fmt.Errorf("unknown classification %q (one of %s)", c.Classification, strings.Join(Classifications, ", "))
}

func caseExists(ctx context.Context, q queryer, ref string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE ref = ?`, ref).Scan(&n)
	return n > 0, err
}

const caseColumns = `c.ref, c.title, c.classification, c.officer, c.created, coalesce(c.closed, ''),
	(SELECT count(*) FROM captures p WHERE p.case_ref = c.ref)`

func scanCase(s interface{ Scan(...any) error }) (Case, error) {
	var c Case
	var created, closed string
	if err := s.Scan(&c.Ref, &c.Title, &c.Classification, &c.Officer, &created, &closed, &c.Captures); err != nil {
		return Case{}, err
	}
	c.Created, c.Closed = sqltime.Parse(created), sqltime.Parse(closed)
	return c, nil
}

// Cases lists every case, newest first.
func (w *Workspace) Cases(ctx context.Context) ([]Case, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases c ORDER BY c.created DESC, c.ref`)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	var cases []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, fmt.Errorf("list cases: %w", err)
		}
		cases = append(cases, c)
	}
	return cases, rows.Err()
}

// Case reads one case; ErrCaseNotFound when there is none.
func (w *Workspace) Case(ctx context.Context, ref string) (Case, error) {
	return getCase(ctx, w.reader, ref)
}

func getCase(ctx context.Context, q queryer, ref string) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.ref = ?`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, fmt.Errorf("case %s: %w", ref, ErrCaseNotFound)
	}
	return c, err
}

// CloseCase closes a case: it keeps its captures but takes no new ones.
func (w *Workspace) CloseCase(ctx context.Context, ref string) error {
	err := w.act(ctx, need{officer: true}, func(tx *tx) ([]audit.Event, error) {
		c, err := getCase(ctx, tx, ref)
		if err != nil {
			return nil, err
		}
		if !c.Closed.IsZero() {
			return nil, ErrCaseClosed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET closed = ? WHERE ref = ?`, sqltime.Format(tx.now), ref); err != nil {
			return nil, err
		}
		return []audit.Event{{Case: ref, Action: "case.close"}}, nil
	})
	if err != nil {
		return fmt.Errorf("close case %s: %w", ref, err)
	}
	return nil
}
