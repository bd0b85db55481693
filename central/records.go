package central

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Officer, Case, Subject, Authorisation and View are a workstation's rows
// as the store holds them: enough to count views, match subjects by key
// across cases and workstations, and tell case owners of each other.

// Officer is a workstation's officer.
type Officer struct {
	ID, Name, Role string
}

// Case is a workstation's case.
type Case struct {
	Ref, Title, Officer string
	Created             time.Time
}

// Subject is a subject of a case with its canonical identifier keys.
type Subject struct {
	ID      string // the workstation's id for it, "S3"
	Case    string
	Name    string
	Officer string
	Created time.Time
	Keys    []string
}

// Authorisation is a recorded authorisation with the keys of the subjects
// it covers; Expired is set once it was ended early.
type Authorisation struct {
	ID        int64
	Case, Ref string
	From, To  time.Time
	GrantedBy string
	Officer   string
	Created   time.Time
	Keys      []string
	Expired   time.Time // zero while not expired early
}

// View is one recorded view with the keys it is known by: the page's
// own, the profile it shows, and those of every subject it matched on its
// workstation.
type View struct {
	ID      int64
	Time    time.Time
	Officer string
	Case    string
	URL     string
	Key     string
	Verdict string
	Keys    []string
}

// Records are rows a workstation pushes; what the store holds already is
// kept as it is.
type Records struct {
	Officers       []Officer
	Cases          []Case
	Subjects       []Subject
	Authorisations []Authorisation
	Views          []View
}

// Len counts the rows.
func (r Records) Len() int {
	return len(r.Officers) + len(r.Cases) + len(r.Subjects) + len(r.Authorisations) + len(r.Views)
}

// PushRecords adds the rows in one transaction; a row the store holds
// already (same workstation and id) is left as it is, so pushing again is
// harmless.
func (s *Store) PushRecords(ctx context.Context, ws string, r Records) error {
	b := &pgx.Batch{}
	for _, o := range r.Officers {
		b.Queue(`INSERT INTO officers (workstation, id, name, role) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, ws, o.ID, o.Name, o.Role)
	}
	for _, c := range r.Cases {
		b.Queue(`INSERT INTO cases (workstation, ref, title, officer, created) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
			ws, c.Ref, c.Title, c.Officer, c.Created)
	}
	for _, sub := range r.Subjects {
		b.Queue(`INSERT INTO subjects (workstation, id, case_ref, name, officer, created) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
			ws, sub.ID, sub.Case, sub.Name, sub.Officer, sub.Created)
		for _, k := range sub.Keys {
			b.Queue(`INSERT INTO subject_keys (workstation, subject, key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, ws, sub.ID, k)
		}
	}
	for _, a := range r.Authorisations {
		b.Queue(`INSERT INTO authorisations (workstation, id, case_ref, ref, valid_from, valid_to, granted_by, officer, created)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
			ws, a.ID, a.Case, a.Ref, a.From, a.To, a.GrantedBy, a.Officer, a.Created)
		for _, k := range a.Keys {
			b.Queue(`INSERT INTO authorisation_keys (workstation, authorisation, key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, ws, a.ID, k)
		}
		if !a.Expired.IsZero() {
			b.Queue(`INSERT INTO authorisation_expiries (workstation, authorisation, expired) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				ws, a.ID, a.Expired)
		}
	}
	for _, v := range r.Views {
		b.Queue(`INSERT INTO views (workstation, id, time, officer, case_ref, url, key, verdict) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT DO NOTHING`, ws, v.ID, v.Time, v.Officer, v.Case, v.URL, v.Key, v.Verdict)
		for _, k := range v.Keys {
			b.Queue(`INSERT INTO view_keys (workstation, view, key, time) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, ws, v.ID, k, v.Time)
		}
	}
	if b.Len() == 0 {
		return nil
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error { return tx.SendBatch(ctx, b).Close() })
	if err != nil {
		return fmt.Errorf("push records of %.12s: %w", ws, err)
	}
	return nil
}

// ViewHead returns the highest view id the store holds for the
// workstation, 0 when none: a sync pushes the views after it.
func (s *Store) ViewHead(ctx context.Context, ws string) (int64, error) {
	var id int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM views WHERE workstation = $1`, ws).Scan(&id); err != nil {
		return 0, fmt.Errorf("read central views of %.12s: %w", ws, err)
	}
	return id, nil
}
