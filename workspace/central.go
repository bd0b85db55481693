package workspace

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// CentralEnv is the environment variable that names the central store's
// DSN when --central does not.
const CentralEnv = "SIGHTLINE_CENTRAL"

// CentralDSN returns flag, or $SIGHTLINE_CENTRAL when flag is "".
func CentralDSN(flag string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv(CentralEnv)
}

// WithCentral makes the workspace count views recorded in the central
// store at dsn ("" for none), tell case owners of each other, and sync to
// it. The store is reached on first use; when it cannot be, the local
// checks still run and say the central count is missing.
func WithCentral(dsn string) Option {
	return func(w *Workspace) { w.central.dsn = dsn }
}

// WithSyncBatch makes each store transaction of a sync take up to n
// events or views (default 5,000): smaller batches lose less work on a
// link that drops.
func WithSyncBatch(n int) Option {
	return func(w *Workspace) {
		if n > 0 {
			w.central.batch = n
		}
	}
}

// centralLink is the workspace's connection to the central store, opened
// on first use and again after a failure.
type centralLink struct {
	dsn   string
	batch int // events or views per store transaction; 0 for syncBatch
	mu    sync.Mutex
	store *central.Store
}

// Central reports whether a central store is configured.
func (w *Workspace) Central() bool { return w.central.dsn != "" }

// centralStore opens the store, once it answers.
func (w *Workspace) centralStore(ctx context.Context) (*central.Store, error) {
	l := &w.central
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.store != nil {
		return l.store, nil
	}
	s, err := central.Open(ctx, l.dsn)
	if err != nil {
		return nil, err
	}
	if err := s.Register(ctx, w.id); err != nil {
		s.Close()
		return nil, err
	}
	l.store = s
	return s, nil
}

func (w *Workspace) closeCentral() {
	if w.central.store != nil {
		w.central.store.Close()
	}
}

// elsewhere reads from the central store what counts toward a view of
// rawURL in the case: the views and authorisations on other workstations
// of the case's subjects that the page matches, found by their identifier
// keys. Without a store it is the zero Elsewhere; when the store cannot be
// read, Missing says why.
func (w *Workspace) elsewhere(ctx context.Context, caseRef, rawURL string, p ripa.Policy) viewing.Elsewhere {
	if !w.Central() {
		return viewing.Elsewhere{}
	}
	e := viewing.Elsewhere{Asked: true}
	subjects, err := w.matchedSubjects(ctx, caseRef, rawURL)
	if err != nil || len(subjects) == 0 {
		return e // the local check reports a bad URL
	}
	s, err := w.centralStore(ctx)
	if err != nil {
		e.Missing = err.Error()
		return e
	}
	since := p.Since(w.Now())
	for _, sub := range subjects {
		ks := subjectKeys(sub)
		seen, err := s.ViewsOf(ctx, w.id, ks, since)
		if err != nil {
			return viewing.Elsewhere{Asked: true, Missing: err.Error()}
		}
		for _, v := range seen {
			e.Views = append(e.Views, ripa.View{ID: -v.View, Time: v.Time, Subjects: []string{sub.ID}})
		}
		auths, err := s.AuthorisationsOf(ctx, w.id, ks, since)
		if err != nil {
			return viewing.Elsewhere{Asked: true, Missing: err.Error()}
		}
		for _, a := range auths {
			e.Authorisations = append(e.Authorisations, ripa.Authorisation{Ref: a.Ref + " (" + a.Case + ")",
				Subjects: []string{sub.ID}, From: a.From, To: a.To, GrantedBy: a.GrantedBy})
		}
	}
	return e
}

// matchedSubjects returns the case's subjects a view of rawURL matches.
func (w *Workspace) matchedSubjects(ctx context.Context, caseRef, rawURL string) ([]viewing.Subject, error) {
	id, err := identifier.FromURL(rawURL)
	if err != nil {
		return nil, err
	}
	ids, err := viewing.MatchSubjects(ctx, w.reader, caseRef, id)
	if err != nil {
		return nil, err
	}
	out := make([]viewing.Subject, 0, len(ids))
	for _, sid := range ids {
		s, err := viewing.SubjectByID(ctx, w.reader, sid)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func subjectKeys(s viewing.Subject) []string {
	var ks []string
	for _, i := range s.Identifiers {
		if !slices.Contains(ks, i.Key) {
			ks = append(ks, i.Key)
		}
	}
	return ks
}

// centralMissingEvent is the audit event of a check or view whose central
// count is missing.
func centralMissingEvent(caseRef, rawURL string, vc viewing.ViewCheck) audit.Event {
	return audit.Event{Case: caseRef, Action: "central.missing", URL: rawURL,
		Detail: audit.Detail(map[string]any{"reason": vc.CentralError, "verdict": vc.Verdict})}
}

// Deconfliction is a notice that another case holds a subject with the
// same canonical key: who holds it, in which case, since when (never what
// was seen).
type Deconfliction struct {
	Case        string    `json:"case"` // this workspace's case
	Key         string    `json:"key"`
	Workstation string    `json:"workstation"` // the other case's
	OtherCase   string    `json:"other_case"`
	Officer     string    `json:"officer"` // the other case's officer
	Since       time.Time `json:"since"`   // since when the other case holds it
	Received    time.Time `json:"received"`
}

// Deconflictions lists the notices received for a case ("" for every
// case), oldest first.
func (w *Workspace) Deconflictions(ctx context.Context, caseRef string) ([]Deconfliction, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT case_ref, key, workstation, other_case, officer, since, received
		FROM deconflictions WHERE ? = '' OR case_ref = ? ORDER BY received, rowid`, caseRef, caseRef)
	if err != nil {
		return nil, fmt.Errorf("read deconflictions: %w", err)
	}
	defer rows.Close()
	var out []Deconfliction
	for rows.Next() {
		var d Deconfliction
		var since, received string
		if err := rows.Scan(&d.Case, &d.Key, &d.Workstation, &d.OtherCase, &d.Officer, &since, &received); err != nil {
			return nil, fmt.Errorf("read deconflictions: %w", err)
		}
		d.Since, d.Received = sqltime.Parse(since), sqltime.Parse(received)
		out = append(out, d)
	}
	return out, rows.Err()
}

// recordDeconfliction stores a notice for the case once, with its audit
// event "deconfliction"; a notice already stored adds nothing.
func recordDeconfliction(ctx context.Context, t *tx, d Deconfliction) ([]audit.Event, error) {
	res, err := t.ExecContext(ctx, `INSERT OR IGNORE INTO deconflictions (case_ref, key, workstation, other_case, officer, since, received)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.Case, d.Key, d.Workstation, d.OtherCase, d.Officer, sqltime.Format(d.Since), sqltime.Format(t.now))
	if err != nil {
		return nil, fmt.Errorf("record deconfliction of %s: %w", d.Case, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, nil
	}
	return []audit.Event{{Case: d.Case, Action: "deconfliction", Detail: audit.Detail(map[string]any{
		"key": d.Key, "workstation": d.Workstation, "other_case": d.OtherCase, "officer": d.Officer,
		"since": sqltime.Format(d.Since)})}}, nil
}

// deconflict tells this case and every other case that holds a subject
// with one of keys of each other: a notice here (audited) and one in the
// store for the other case's workstation to collect on its next sync. It
// is best effort: when the store cannot be reached the next sync does it.
func (w *Workspace) deconflict(ctx context.Context, caseRef string, keys []string) error {
	if !w.Central() || len(keys) == 0 {
		return nil
	}
	s, err := w.centralStore(ctx)
	if err != nil {
		return err
	}
	holders, err := s.HoldersOf(ctx, w.id, caseRef, keys)
	if err != nil || len(holders) == 0 {
		return err
	}
	c, err := w.Case(ctx, caseRef)
	if err != nil {
		return err
	}
	since := w.caseHoldsSince(ctx, caseRef, keys)
	for _, h := range holders {
		n := central.Notice{Time: w.Now(), Key: h.Key, FromWorkstation: w.id, FromCase: caseRef,
			FromOfficer: c.Officer, ToWorkstation: h.Workstation, ToCase: h.Case, Since: since}
		if err := s.Notify(ctx, n); err != nil {
			return err
		}
		d := Deconfliction{Case: caseRef, Key: h.Key, Workstation: h.Workstation, OtherCase: h.Case,
			Officer: h.Officer, Since: h.Since}
		err := w.act(ctx, need{}, func(t *tx) ([]audit.Event, error) { return recordDeconfliction(ctx, t, d) })
		if err != nil {
			return err
		}
	}
	return nil
}

// caseHoldsSince is when the case's first subject with one of keys was
// added (now when none is).
func (w *Workspace) caseHoldsSince(ctx context.Context, caseRef string, keys []string) time.Time {
	subjects, err := viewing.Subjects(ctx, w.reader, caseRef)
	since := w.Now()
	if err != nil {
		return since
	}
	for _, s := range subjects {
		if slices.ContainsFunc(subjectKeys(s), func(k string) bool { return slices.Contains(keys, k) }) && s.Created.Before(since) {
			since = s.Created
		}
	}
	return since
}

// viewKeys are the keys a recorded view is known by in the store: the
// page's own, the profile it shows, and those of the subjects it matched.
func (w *Workspace) viewKeys(ctx context.Context, caseRef string, vc viewing.ViewCheck) []string {
	ks := []string{vc.Key}
	if vc.Profile != "" && vc.Profile != vc.Key {
		ks = append(ks, vc.Profile)
	}
	for _, sc := range vc.Subjects {
		if s, err := viewing.SubjectByID(ctx, w.reader, sc.ID); err == nil {
			for _, k := range subjectKeys(s) {
				if !slices.Contains(ks, k) {
					ks = append(ks, k)
				}
			}
		}
	}
	return ks
}
