package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// ErrCaptureWithdrawn is returned when withdrawing a capture already
// withdrawn.
var ErrCaptureWithdrawn = errors.New("capture already withdrawn")

// Withdrawal says that, when and why a capture was taken out of its case.
type Withdrawal struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Withdraw takes a capture out of its case (DESIGN.md §7): it records the
// reason and the time, and audits "capture.withdraw" with the reason in
// the same transaction. The bundle is never deleted or changed. A
// withdrawn capture is left out of an export of all a case's captures but
// can still be exported by name, marked withdrawn.
func (w *Workspace) Withdraw(ctx context.Context, captureID, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("withdraw capture %s: a reason is required", captureID)
	}
	err := w.act(ctx, need{officer: true}, func(tx *tx) ([]audit.Event, error) {
		c, err := scanCapture(tx.QueryRowContext(ctx, `SELECT `+captureColumns+` FROM captures WHERE id = ?`, captureID))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrCaptureNotFound
		}
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, `UPDATE captures SET withdrawn = ?, withdrawn_at = ? WHERE id = ? AND withdrawn IS NULL`,
			reason, sqltime.Format(tx.now), captureID)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return nil, errors.Join(ErrCaptureWithdrawn, err)
		}
		detail := audit.Detail(map[string]string{
			"capture": c.ID, "reason": reason, "sha256": c.SHA256, "package_id": c.PackageID,
		})
		return []audit.Event{{Case: c.Case, Action: "capture.withdraw", URL: c.URL, Detail: detail}}, nil
	})
	if err != nil {
		return fmt.Errorf("withdraw capture %s: %w", captureID, err)
	}
	return nil
}

// Withdrawal reads whether a capture was withdrawn; the zero Withdrawal
// when it was not.
func (w *Workspace) Withdrawal(ctx context.Context, captureID string) (Withdrawal, error) {
	var reason, at sql.NullString
	err := w.reader.QueryRowContext(ctx, `SELECT withdrawn, withdrawn_at FROM captures WHERE id = ?`, captureID).Scan(&reason, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Withdrawal{}, fmt.Errorf("capture %s: %w", captureID, ErrCaptureNotFound)
	}
	if err != nil {
		return Withdrawal{}, fmt.Errorf("read withdrawal of %s: %w", captureID, err)
	}
	return Withdrawal{Reason: reason.String, At: sqltime.Parse(at.String)}, nil
}

// withdrawals maps each withdrawn capture of a case to its withdrawal.
func (w *Workspace) withdrawals(ctx context.Context, caseRef string) (map[string]Withdrawal, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT id, withdrawn, withdrawn_at FROM captures
		WHERE case_ref = ? AND withdrawn IS NOT NULL`, caseRef)
	if err != nil {
		return nil, fmt.Errorf("read withdrawals of %s: %w", caseRef, err)
	}
	defer rows.Close()
	out := map[string]Withdrawal{}
	for rows.Next() {
		var id, reason, at string
		if err := rows.Scan(&id, &reason, &at); err != nil {
			return nil, fmt.Errorf("read withdrawals of %s: %w", caseRef, err)
		}
		out[id] = Withdrawal{Reason: reason, At: sqltime.Parse(at)}
	}
	return out, rows.Err()
}
