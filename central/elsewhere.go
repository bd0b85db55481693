package central

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Seen is a view recorded on another workstation of a page known by one
// of the keys asked about.
type Seen struct {
	Workstation string
	View        int64
	Time        time.Time
}

// ViewsOf returns the views the store holds, from every workstation but
// ws, known by any of keys (a page's own key, the profile it shows, or a
// key of a subject it matched there) at or after since, in time order:
// one index range per key on view_keys (key, time).
func (s *Store) ViewsOf(ctx context.Context, ws string, keys []string, since time.Time) ([]Seen, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT workstation, view, time FROM view_keys
		WHERE key = ANY($1) AND time >= $2 AND workstation <> $3 ORDER BY time, workstation, view`, keys, since, ws)
	if err != nil {
		return nil, fmt.Errorf("read central views: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Seen, error) {
		var v Seen
		return v, r.Scan(&v.Workstation, &v.View, &v.Time)
	})
	if err != nil {
		return nil, fmt.Errorf("read central views: %w", err)
	}
	return out, nil
}

// Covering is an authorisation recorded on another workstation that covers
// a subject known by one of the keys asked about; To is its end, or its
// early expiry when sooner.
type Covering struct {
	Workstation string
	Case, Ref   string
	From, To    time.Time
	GrantedBy   string
}

// AuthorisationsOf returns the authorisations the store holds, from every
// workstation but ws, that cover a subject known by any of keys and end
// at or after since.
func (s *Store) AuthorisationsOf(ctx context.Context, ws string, keys []string, since time.Time) ([]Covering, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT a.workstation, a.case_ref, a.ref, a.valid_from,
			least(a.valid_to, coalesce(e.expired, a.valid_to)), a.granted_by
		FROM authorisations a
		JOIN (SELECT DISTINCT workstation, authorisation FROM authorisation_keys WHERE key = ANY($1)) k
			ON k.workstation = a.workstation AND k.authorisation = a.id
		LEFT JOIN authorisation_expiries e ON e.workstation = a.workstation AND e.authorisation = a.id
		WHERE a.workstation <> $2 AND least(a.valid_to, coalesce(e.expired, a.valid_to)) >= $3
		ORDER BY a.valid_from, a.ref`, keys, ws, since)
	if err != nil {
		return nil, fmt.Errorf("read central authorisations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Covering, error) {
		var c Covering
		return c, r.Scan(&c.Workstation, &c.Case, &c.Ref, &c.From, &c.To, &c.GrantedBy)
	})
	if err != nil {
		return nil, fmt.Errorf("read central authorisations: %w", err)
	}
	return out, nil
}

// Holder is a case, on any workstation, holding a subject with one of the
// keys asked about: who holds it, in which case, since when. Never what
// was seen.
type Holder struct {
	Workstation string    `json:"workstation"`
	Case        string    `json:"case"`
	Officer     string    `json:"officer"` // the case's officer in charge
	OfficerName string    `json:"officer_name,omitempty"`
	Key         string    `json:"key"`
	Since       time.Time `json:"since"` // when the subject was added there
}

// HoldersOf returns the other cases holding a subject known by any of
// keys: those of other workstations, and other cases of ws. Each case is
// given once per key, with its earliest subject.
func (s *Store) HoldersOf(ctx context.Context, ws, caseRef string, keys []string) ([]Holder, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT sub.workstation, sub.case_ref, coalesce(c.officer, sub.officer),
			coalesce(o.name, ''), k.key, min(sub.created)
		FROM subject_keys k
		JOIN subjects sub ON sub.workstation = k.workstation AND sub.id = k.subject
		LEFT JOIN cases c ON c.workstation = sub.workstation AND c.ref = sub.case_ref
		LEFT JOIN officers o ON o.workstation = sub.workstation AND o.id = coalesce(c.officer, sub.officer)
		WHERE k.key = ANY($1) AND NOT (sub.workstation = $2 AND sub.case_ref = $3)
		GROUP BY 1, 2, 3, 4, 5 ORDER BY 6, 1, 2`, keys, ws, caseRef)
	if err != nil {
		return nil, fmt.Errorf("read central subjects: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Holder, error) {
		var h Holder
		return h, r.Scan(&h.Workstation, &h.Case, &h.Officer, &h.OfficerName, &h.Key, &h.Since)
	})
	if err != nil {
		return nil, fmt.Errorf("read central subjects: %w", err)
	}
	return out, nil
}

// Notice tells the owner of one case (To) that another case (From) holds a
// subject with the same key: who, which case, since when.
type Notice struct {
	ID              int64     `json:"id"`
	Time            time.Time `json:"time"`
	Key             string    `json:"key"`
	FromWorkstation string    `json:"from_workstation"`
	FromCase        string    `json:"from_case"`
	FromOfficer     string    `json:"from_officer"`
	ToWorkstation   string    `json:"to_workstation"`
	ToCase          string    `json:"to_case"`
	Since           time.Time `json:"since"` // since when the From case holds the subject
}

// Notify records a notice for the To case's workstation to collect; the
// same notice (key, from, to) is recorded once.
func (s *Store) Notify(ctx context.Context, n Notice) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO notices (time, key, from_workstation, from_case, from_officer, to_workstation, to_case, since)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
		n.Time, n.Key, n.FromWorkstation, n.FromCase, n.FromOfficer, n.ToWorkstation, n.ToCase, n.Since)
	if err != nil {
		return fmt.Errorf("record deconfliction notice for %s: %w", n.ToCase, err)
	}
	return nil
}

// NoticesFor returns the notices addressed to ws after the notice id
// after, oldest first.
func (s *Store) NoticesFor(ctx context.Context, ws string, after int64) ([]Notice, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, time, key, from_workstation, from_case, from_officer, to_workstation, to_case, since
		FROM notices WHERE to_workstation = $1 AND id > $2 ORDER BY id`, ws, after)
	if err != nil {
		return nil, fmt.Errorf("read deconfliction notices: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Notice, error) {
		var n Notice
		return n, r.Scan(&n.ID, &n.Time, &n.Key, &n.FromWorkstation, &n.FromCase, &n.FromOfficer, &n.ToWorkstation, &n.ToCase, &n.Since)
	})
	if err != nil {
		return nil, fmt.Errorf("read deconfliction notices: %w", err)
	}
	return out, nil
}
