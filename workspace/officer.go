package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// Roles an officer can have.
var Roles = []string{"researcher", "case-officer", "auditor"}

// Officer is the person using the workstation.
type Officer struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	OSUser string `json:"os_user"`
}

// SetOfficer records the officer and makes them the current one.
func (w *Workspace) SetOfficer(ctx context.Context, o Officer) (Officer, error) {
	o.ID, o.Name = strings.TrimSpace(o.ID), strings.TrimSpace(o.Name)
	if o.Role == "" {
		o.Role = "researcher"
	}
	if err := validateOfficer(o); err != nil {
		return Officer{}, err
	}
	o.OSUser = w.osUser
	detail := audit.Detail(map[string]string{"name": o.Name, "role": o.Role})
	err := w.act(ctx, need{}, func(tx *tx) ([]audit.Event, error) {
		_, err := tx.ExecContext(ctx, `INSERT INTO officers (id, name, role, os_user, created) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, os_user = excluded.os_user`,
			o.ID, o.Name, o.Role, o.OSUser, sqltime.Format(tx.now))
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('officer', ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, o.ID); err != nil {
			return nil, err
		}
		return []audit.Event{{Officer: o.ID, Action: "officer.set", Detail: detail}}, nil
	})
	if err != nil {
		return Officer{}, fmt.Errorf("set officer %s: %w", o.ID, err)
	}
	return o, nil
}

func validateOfficer(o Officer) error {
	if o.ID == "" || o.Name == "" {
		return fmt.Errorf("set officer: an officer needs an id and a name")
	}
	for _, r := range Roles {
		if o.Role == r {
			return nil
		}
	}
	return fmt.Errorf("set officer %s: unknown role %q (one of %s)", o.ID, o.Role, strings.Join(Roles, ", "))
}

// CurrentOfficer is the officer set last; ErrNoOfficer when none is.
func (w *Workspace) CurrentOfficer(ctx context.Context) (Officer, error) {
	return currentOfficer(ctx, w.reader)
}

type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func currentOfficer(ctx context.Context, q queryer) (Officer, error) {
	var o Officer
	err := q.QueryRowContext(ctx, `SELECT o.id, o.name, o.role, o.os_user FROM officers o
		JOIN meta m ON m.key = 'officer' AND m.value = o.id`).Scan(&o.ID, &o.Name, &o.Role, &o.OSUser)
	if errors.Is(err, sql.ErrNoRows) {
		return Officer{}, ErrNoOfficer
	}
	return o, err
}
