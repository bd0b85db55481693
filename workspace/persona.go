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
	"github.com/sightline-osint/sightline/capture"
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
	Network Network   `json:"network"`
}

// Network is how a persona reaches the web (SetPersonaNetwork): all empty
// is a direct connection with Chromium's own user agent, language and the
// workstation's time zone.
type Network struct {
	Proxy string `json:"proxy,omitempty"` // capture.Options.Proxy
	// ProxyCredentials says the proxy is given a user name and password
	// (SetPersonaProxyAuth), kept in the workstation key's store; they are
	// never in the database, the audit log or a bundle.
	ProxyCredentials bool   `json:"proxy_credentials,omitempty"`
	UserAgent        string `json:"user_agent,omitempty"`
	Language         string `json:"language,omitempty"`
	Timezone         string `json:"timezone,omitempty"`
	// EchoURL answers with the address it sees as its page's text; each
	// capture asks it, through the persona's proxy, which address sites saw.
	EchoURL string `json:"echo_url,omitempty"`
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
	rows, err := w.reader.QueryContext(ctx, `SELECT `+personaColumns+` FROM personas
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

const personaColumns = `name, note, officer, created, proxy, user_agent, language, timezone, echo_url, proxy_credentials`

func getPersona(ctx context.Context, q queryer, name string) (Persona, error) {
	p, err := scanPersona(q.QueryRowContext(ctx, `SELECT `+personaColumns+` FROM personas WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return Persona{}, fmt.Errorf("persona %s: %w", name, ErrPersonaNotFound)
	}
	return p, err
}

func scanPersona(s interface{ Scan(...any) error }) (Persona, error) {
	var p Persona
	var created string
	n := &p.Network
	err := s.Scan(&p.Name, &p.Note, &p.Officer, &created, &n.Proxy, &n.UserAgent, &n.Language, &n.Timezone, &n.EchoURL,
		&n.ProxyCredentials)
	p.Created = sqltime.Parse(created)
	return p, err
}

func (w *Workspace) scanPersona(rows *sql.Rows) (Persona, error) {
	p, err := scanPersona(rows)
	p.Profile = w.ProfileDir(p.Name)
	return p, err
}

// SetPersonaNetwork sets how the persona reaches the web, audited as a
// setting change with the old and new values; it takes effect on the
// persona's next browser. A proxy URL with credentials is refused: they
// would be in the audit log (SetPersonaProxyAuth keeps them apart).
// n.ProxyCredentials is ignored: the persona keeps its credentials, and a
// proxy they cannot go to (not http:// or socks5://) is refused while it
// has them.
func (w *Workspace) SetPersonaNetwork(ctx context.Context, name string, n Network) error {
	if err := (capture.Options{Proxy: n.Proxy, Timezone: n.Timezone}).CheckIdentity(); err != nil {
		return fmt.Errorf("persona %s: %w", name, err)
	}
	if n.EchoURL != "" && !strings.HasPrefix(n.EchoURL, "http://") && !strings.HasPrefix(n.EchoURL, "https://") {
		return fmt.Errorf("persona %s: echo URL %q: want http or https", name, n.EchoURL)
	}
	err := w.act(ctx, need{officer: true}, func(t *tx) ([]audit.Event, error) {
		old, err := getPersona(ctx, t, name)
		if err != nil {
			return nil, err
		}
		n.ProxyCredentials = old.Network.ProxyCredentials
		if n.ProxyCredentials {
			if err := capture.CheckProxyAuth(n.Proxy); err != nil {
				return nil, fmt.Errorf("%w (the persona has proxy credentials: clear them first)", err)
			}
		}
		if _, err := t.ExecContext(ctx, `UPDATE personas SET proxy = ?, user_agent = ?, language = ?, timezone = ?, echo_url = ?
			WHERE name = ?`, n.Proxy, n.UserAgent, n.Language, n.Timezone, n.EchoURL, name); err != nil {
			return nil, err
		}
		return []audit.Event{{Action: "settings.change", Detail: audit.Detail(map[string]any{
			"setting": "persona.network", "persona": name, "old": old.Network, "new": n})}}, nil
	})
	if err != nil {
		return fmt.Errorf("set the network of persona %s: %w", name, err)
	}
	return nil
}
