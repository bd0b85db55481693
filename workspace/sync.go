package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// syncBatch is how many events or views one store transaction takes.
const syncBatch = 5000

// Sync stages, as Progress.Stage names them.
const (
	SyncStageRecords = "records"
	SyncStageViews   = "views"
	SyncStageEvents  = "events"
	SyncStageNotices = "notices"
)

// SyncReport says what one sync pushed and collected.
type SyncReport struct {
	Workstation string `json:"workstation"`
	Events      int64  `json:"events"`      // events pushed
	Head        int64  `json:"head"`        // the store's head seq for this workstation afterwards
	Checkpoints int    `json:"checkpoints"` // checkpoints pushed
	Views       int    `json:"views"`       // views pushed
	Records     int    `json:"records"`     // officers, cases, subjects, authorisations offered
	Notices     int    `json:"notices"`     // deconfliction notices collected
}

// Sync pushes to the central store what it does not hold yet of this
// workspace: officers, cases, subjects, authorisations, views, then the
// audit events and checkpoints; then it collects the deconfliction
// notices addressed to this workstation's cases. Each batch is one store
// transaction and the store says how far it got, so a sync killed at any
// point and run again loses and doubles nothing. A workspace whose history
// differs from what the store holds is refused, with the first differing
// seq (*central.RefusedError). The sync is audited ("sync"), whatever its
// outcome, once it reached the store.
func (w *Workspace) Sync(ctx context.Context, p central.Progress) (SyncReport, error) {
	if p == nil {
		p = noProgress{}
	}
	rep := SyncReport{Workstation: w.id}
	if !w.Central() {
		return rep, errors.New("sync: no central store is configured (--central DSN or " + CentralEnv + ")")
	}
	s, err := w.centralStore(ctx)
	if err != nil {
		return rep, fmt.Errorf("sync: %w", err)
	}
	err = w.sync(ctx, s, p, &rep)
	detail := map[string]any{"events": rep.Events, "head": rep.Head, "views": rep.Views, "checkpoints": rep.Checkpoints,
		"notices": rep.Notices}
	var re *central.RefusedError
	if errors.As(err, &re) {
		detail["refused_seq"], detail["reason"] = re.Seq, re.Reason
	} else if err != nil {
		detail["error"] = err.Error()
	}
	if aerr := w.audit(ctx, need{}, audit.Event{Action: "sync", Detail: audit.Detail(detail)}); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		return rep, fmt.Errorf("sync: %w", err)
	}
	return rep, nil
}

func (w *Workspace) sync(ctx context.Context, s *central.Store, p central.Progress, rep *SyncReport) error {
	p.Stage(SyncStageRecords)
	recs, err := w.centralRecords(ctx)
	if err != nil {
		return err
	}
	if err := s.PushRecords(ctx, w.id, recs); err != nil {
		return err
	}
	rep.Records = recs.Len()
	if err := w.syncViews(ctx, s, p, rep); err != nil {
		return err
	}
	if err := w.syncEvents(ctx, s, p, rep); err != nil {
		return err
	}
	if err := w.syncCheckpoints(ctx, s, rep); err != nil {
		return err
	}
	p.Stage(SyncStageNotices)
	for _, sub := range recs.Subjects {
		if err := w.deconflict(ctx, sub.Case, sub.Keys); err != nil {
			return err
		}
	}
	return w.collectNotices(ctx, s, rep)
}

func (w *Workspace) syncBatch() int {
	if w.central.batch > 0 {
		return w.central.batch
	}
	return syncBatch
}

type noProgress struct{}

func (noProgress) Stage(string)      {}
func (noProgress) Add(done, _ int64) {}

// syncEvents pushes the events after the store's head, in batches, once
// the store's head is this workspace's event at that seq.
func (w *Workspace) syncEvents(ctx context.Context, s *central.Store, p central.Progress, rep *SyncReport) error {
	p.Stage(SyncStageEvents)
	head, hash, err := s.Head(ctx, w.id)
	if err != nil {
		return err
	}
	if err := w.sameHistory(ctx, s, head, hash); err != nil {
		return err
	}
	local, err := w.AuditHead(ctx)
	if err != nil {
		return err
	}
	p.Add(0, local-head)
	for head < local {
		events, err := audit.List(ctx, w.reader, audit.Filter{After: head, Limit: w.syncBatch()})
		if err != nil {
			return err
		}
		if len(events) == 0 {
			break
		}
		if err := s.PushEvents(ctx, w.id, events); err != nil {
			return err
		}
		head = events[len(events)-1].Seq
		rep.Events += int64(len(events))
		p.Add(int64(len(events)), 0)
	}
	rep.Head = head
	return nil
}

// sameHistory checks that the store's head for this workstation is this
// workspace's event at that seq. When it is not, the workspace's history
// was rewritten (or the store holds another's): the first seq at which the
// two differ is found, the refusal recorded in the store, and a
// *central.RefusedError returned.
func (w *Workspace) sameHistory(ctx context.Context, s *central.Store, head int64, hash string) error {
	if head == 0 {
		return nil
	}
	local, err := localHashAt(ctx, w.reader, head)
	if err != nil || local == hash {
		return err
	}
	// A chain's hashes are equal up to the first rewritten event and
	// differ from there on: search for it.
	lo, hi := int64(1), head
	for lo < hi {
		mid := lo + (hi-lo)/2
		l, err := localHashAt(ctx, w.reader, mid)
		if err != nil {
			return err
		}
		c, err := s.HashAt(ctx, w.id, mid)
		if err != nil {
			return err
		}
		if l == c {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	reason := fmt.Sprintf("event %d differs from the one the store holds: the workstation's history was rewritten", lo)
	if local == "" {
		reason = fmt.Sprintf("the store holds events up to seq %d, the workstation only to seq %d: its history was cut short", head, lo-1)
	}
	if err := s.Refuse(ctx, w.id, lo, reason); err != nil {
		return err
	}
	return &central.RefusedError{Workstation: w.id, Seq: lo, Reason: reason}
}

func localHashAt(ctx context.Context, q queryer, seq int64) (string, error) {
	var h string
	err := q.QueryRowContext(ctx, `SELECT hash FROM audit_events WHERE seq = ?`, seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read audit event %d: %w", seq, err)
	}
	return h, nil
}

// syncCheckpoints pushes the checkpoints after the store's last one.
func (w *Workspace) syncCheckpoints(ctx context.Context, s *central.Store, rep *SyncReport) error {
	after, err := s.CheckpointHead(ctx, w.id)
	if err != nil {
		return err
	}
	cps, err := audit.Checkpoints(ctx, w.reader)
	if err != nil {
		return err
	}
	var push []audit.Checkpoint
	for _, c := range cps {
		if c.Seq > after && c.Seq <= rep.Head {
			push = append(push, c)
		}
	}
	rep.Checkpoints = len(push)
	return s.PushCheckpoints(ctx, w.id, push)
}

// syncViews pushes the views after the last one the store holds, with the
// keys each is known by.
func (w *Workspace) syncViews(ctx context.Context, s *central.Store, p central.Progress, rep *SyncReport) error {
	p.Stage(SyncStageViews)
	after, err := s.ViewHead(ctx, w.id)
	if err != nil {
		return err
	}
	for {
		views, err := w.viewsAfter(ctx, after, w.syncBatch())
		if err != nil || len(views) == 0 {
			return err
		}
		if err := s.PushRecords(ctx, w.id, central.Records{Views: views}); err != nil {
			return err
		}
		after = views[len(views)-1].ID
		rep.Views += len(views)
		p.Add(int64(len(views)), 0)
	}
}

// viewsAfter reads up to n views with an id above after, each with its
// keys: the page's, the profile's and the matched subjects' identifiers'.
func (w *Workspace) viewsAfter(ctx context.Context, after int64, n int) ([]central.View, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT v.id, v.time, v.officer, v.case_ref, v.url, v.key, v.profile, v.verdict,
		coalesce((SELECT group_concat(i.key, ' ') FROM view_subjects vs JOIN subject_identifiers i ON i.subject = vs.subject
			WHERE vs.view = v.id), '')
		FROM views v WHERE v.id > ? ORDER BY v.id LIMIT ?`, after, n)
	if err != nil {
		return nil, fmt.Errorf("read views: %w", err)
	}
	defer rows.Close()
	var out []central.View
	for rows.Next() {
		var v central.View
		var t, profile, subjectKeys string
		if err := rows.Scan(&v.ID, &t, &v.Officer, &v.Case, &v.URL, &v.Key, &profile, &v.Verdict, &subjectKeys); err != nil {
			return nil, fmt.Errorf("read views: %w", err)
		}
		v.Time = sqltime.Parse(t)
		v.Keys = appendKeys(nil, v.Key, profile)
		v.Keys = appendKeys(v.Keys, strings.Fields(subjectKeys)...)
		out = append(out, v)
	}
	return out, rows.Err()
}

func appendKeys(ks []string, add ...string) []string {
	for _, k := range add {
		if k == "" {
			continue
		}
		dup := false
		for _, x := range ks {
			dup = dup || x == k
		}
		if !dup {
			ks = append(ks, k)
		}
	}
	return ks
}

// centralRecords reads the officers, cases, subjects and authorisations.
func (w *Workspace) centralRecords(ctx context.Context) (central.Records, error) {
	var r central.Records
	officers, err := w.reader.QueryContext(ctx, `SELECT id, name, role FROM officers ORDER BY id`)
	if err != nil {
		return r, fmt.Errorf("read officers: %w", err)
	}
	for officers.Next() {
		var o central.Officer
		if err := officers.Scan(&o.ID, &o.Name, &o.Role); err != nil {
			officers.Close()
			return r, fmt.Errorf("read officers: %w", err)
		}
		r.Officers = append(r.Officers, o)
	}
	officers.Close()
	cases, err := w.Cases(ctx)
	if err != nil {
		return r, err
	}
	for _, c := range cases {
		r.Cases = append(r.Cases, central.Case{Ref: c.Ref, Title: c.Title, Officer: c.Officer, Created: c.Created})
		subjects, err := viewing.Subjects(ctx, w.reader, c.Ref)
		if err != nil {
			return r, err
		}
		for _, s := range subjects {
			r.Subjects = append(r.Subjects, central.Subject{ID: s.ID, Case: s.Case, Name: s.Name, Officer: s.Officer,
				Created: s.Created, Keys: subjectKeys(s)})
		}
	}
	r.Authorisations, err = w.centralAuthorisations(ctx)
	return r, err
}

func (w *Workspace) centralAuthorisations(ctx context.Context) ([]central.Authorisation, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT a.id, a.case_ref, a.ref, a.valid_from, a.valid_to, a.granted_by, a.officer,
		a.created, coalesce(a.expired, ''),
		coalesce((SELECT group_concat(i.key, ' ') FROM authorisation_subjects s JOIN subject_identifiers i ON i.subject = s.subject
			WHERE s.authorisation = a.id), '')
		FROM authorisations a ORDER BY a.id`)
	if err != nil {
		return nil, fmt.Errorf("read authorisations: %w", err)
	}
	defer rows.Close()
	var out []central.Authorisation
	for rows.Next() {
		var a central.Authorisation
		var from, to, created, expired, ks string
		if err := rows.Scan(&a.ID, &a.Case, &a.Ref, &from, &to, &a.GrantedBy, &a.Officer, &created, &expired, &ks); err != nil {
			return nil, fmt.Errorf("read authorisations: %w", err)
		}
		a.From, a.To, a.Created = sqltime.Parse(from), sqltime.Parse(to), sqltime.Parse(created)
		if expired != "" {
			a.Expired = sqltime.Parse(expired)
		}
		a.Keys = appendKeys(nil, strings.Fields(ks)...)
		out = append(out, a)
	}
	return out, rows.Err()
}

// collectNotices records the store's deconfliction notices addressed to
// this workstation that it has not collected yet, each with its audit
// event, and remembers how far it got in the same transaction.
func (w *Workspace) collectNotices(ctx context.Context, s *central.Store, rep *SyncReport) error {
	var after int64
	err := w.reader.QueryRowContext(ctx, `SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'central_notices'), 0)`).Scan(&after)
	if err != nil {
		return fmt.Errorf("read collected notices: %w", err)
	}
	notices, err := s.NoticesFor(ctx, w.id, after)
	if err != nil {
		return err
	}
	for _, n := range notices {
		d := Deconfliction{Case: n.ToCase, Key: n.Key, Workstation: n.FromWorkstation, OtherCase: n.FromCase,
			Officer: n.FromOfficer, Since: n.Since}
		err := w.act(ctx, need{}, func(t *tx) ([]audit.Event, error) {
			if _, err := t.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('central_notices', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fmt.Sprint(n.ID)); err != nil {
				return nil, err
			}
			return recordDeconfliction(ctx, t, d)
		})
		if err != nil {
			return fmt.Errorf("collect notice %d: %w", n.ID, err)
		}
		rep.Notices++
	}
	return nil
}
