package central

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-osint/sightline/audit/ripa"
)

// Flag is a force-wide finding: the repeated-viewing rules (ripa.Flags)
// replayed over every workstation's views of one subject key, so an
// episode past the threshold is flagged even when no single workstation
// crossed it. Subject is the key.
type Flag struct {
	ripa.Flag
	Workstation string `json:"workstation"` // where the flagged view was recorded
	Case        string `json:"case"`
	Officer     string `json:"officer"`
	URL         string `json:"url"`
}

// Flags replays the rules under p for every subject key the store holds
// (or only key, when not ""), over the views known by it from every
// workstation and the authorisations that cover it.
func (s *Store) Flags(ctx context.Context, p ripa.Policy, key string) ([]Flag, error) {
	var keys []string
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT key FROM subject_keys WHERE $1 = '' OR key = $1 ORDER BY key`, key)
	if err != nil {
		return nil, fmt.Errorf("read subject keys: %w", err)
	}
	keys, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read subject keys: %w", err)
	}
	var out []Flag
	for _, k := range keys {
		fs, err := s.flagsOf(ctx, p, k)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}

type seenView struct {
	ws, officer, kase, url string
}

func (s *Store) flagsOf(ctx context.Context, p ripa.Policy, key string) ([]Flag, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT v.workstation, v.id, v.time, v.officer, v.case_ref, v.url
		FROM view_keys k JOIN views v ON v.workstation = k.workstation AND v.id = k.view
		WHERE k.key = $1 ORDER BY v.time, v.workstation, v.id`, key)
	if err != nil {
		return nil, fmt.Errorf("read views of %s: %w", key, err)
	}
	var seen []seenView
	var history []ripa.View
	for rows.Next() {
		var sv seenView
		var id int64
		var t time.Time
		if err := rows.Scan(&sv.ws, &id, &t, &sv.officer, &sv.kase, &sv.url); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read views of %s: %w", key, err)
		}
		history = append(history, ripa.View{ID: int64(len(seen)), Time: t, URL: sv.url, Officer: sv.officer, Case: sv.kase,
			Subjects: []string{key}})
		seen = append(seen, sv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read views of %s: %w", key, err)
	}
	covering, err := s.AuthorisationsOf(ctx, "", []string{key}, time.Time{})
	if err != nil {
		return nil, err
	}
	auths := make([]ripa.Authorisation, len(covering))
	for i, a := range covering {
		auths[i] = ripa.Authorisation{Ref: a.Ref + " (" + a.Case + ")", Subjects: []string{key}, From: a.From, To: a.To, GrantedBy: a.GrantedBy}
	}
	var out []Flag
	for _, f := range ripa.Flags(p, history, auths) {
		if f.View < 0 || f.View >= int64(len(seen)) {
			out = append(out, Flag{Flag: f})
			continue
		}
		sv := seen[f.View]
		out = append(out, Flag{Flag: f, Workstation: sv.ws, Case: sv.kase, Officer: sv.officer, URL: sv.url})
	}
	return out, nil
}
