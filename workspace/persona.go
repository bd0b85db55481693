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

// Errors about personas.
var (
	ErrPersonaNotFound = errors.New("persona not found")
	ErrPersonaExists   = errors.New("persona already exists")
)

// Persona is a research identity with its own Chromium profile, so its
// logins persist and never mix with another's.
type Persona struct {
	Name    string    `json:"name"`
	Note    string    `json:"note,omitempty"`
	Officer string    `json:"officer"`
	Created time.Time `json:"created"`
	Profile string    `json:"profile"`
}

// personaPattern keeps names usable as profile directory names.
var personaPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,39}$`)

// AddPersona records a research identity; its browser profile is created on
// first use.
func (w *Workspace) AddPersona(ctx context.Context, p Persona) (Persona, error) {
	p.Name = strings.ToLower(strings.TrimSpace(p.Name))
	if !personaPattern.MatchString(p.Name) {
		return Persona{}, fmt.Errorf("add persona %q: a persona name is 1 to 40 lower-case letters, digits, '.', '_' or '-'", p.Name)
	}
	err := w.act(ctx, need{officer: true}, func(tx *tx) ([]audit.Event, error) {
		if _, err := getPersona(ctx, tx, p.Name); err == nil {
			return nil, ErrPersonaExists
		}
		p.Officer, p.Created = tx.officer.ID, tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO personas (name, note, officer, created) VALUES (?, ?, ?, ?)`,
			p.Name, p.Note, p.Officer, sqltime.Format(p.Created)); err != nil {
			return nil, err
		}
		detail := audit.Detail(map[string]string{"persona": p.Name, "note": p.Note})
		return []audit.Event{{Action: "persona.add", Time: p.Created, Detail: detail}}, nil
	})
	if err != nil {
		return Persona{}, fmt.Errorf("add persona %s: %w", p.Name, err)
	}
	p.Profile = w.ProfileDir(p.Name)
	return p, nil
}

// Personas lists the research identities, the default one first.
func (w *Workspace) Personas(ctx context.Context) ([]Persona, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT name, note, officer, created FROM personas
		ORDER BY name != ?, name`, DefaultPersona)
	if err != nil {
		return nil, fmt.Errorf("list personas: %w", err)
	}
	defer rows.Close()
	var out []Persona
	for rows.Next() {
		p, err := w.scanPersona(rows)
		if err != nil {
			return nil, fmt.Errorf("list personas: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Persona reads one research identity; ErrPersonaNotFound when unknown.
func (w *Workspace) Persona(ctx context.Context, name string) (Persona, error) {
	p, err := getPersona(ctx, w.reader, name)
	if err != nil {
		return Persona{}, err
	}
	p.Profile = w.ProfileDir(p.Name)
	return p, nil
}

func getPersona(ctx context.Context, q queryer, name string) (Persona, error) {
	var p Persona
	var created string
	err := q.QueryRowContext(ctx, `SELECT name, note, officer, created FROM personas WHERE name = ?`, name).
		Scan(&p.Name, &p.Note, &p.Officer, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Persona{}, fmt.Errorf("persona %s: %w", name, ErrPersonaNotFound)
	}
	p.Created = sqltime.Parse(created)
	return p, err
}

func (w *Workspace) scanPersona(rows *sql.Rows) (Persona, error) {
	var p Persona
	var created string
	err := rows.Scan(&p.Name, &p.Note, &p.Officer, &created)
	p.Created, p.Profile = sqltime.Parse(created), w.ProfileDir(p.Name)
	return p, err
}
