package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// ErrCaptureNotFound is returned for an unknown capture id.
var ErrCaptureNotFound = errors.New("capture not found")

// Capture is one sealed capture as the workspace records it.
type Capture struct {
	ID       string `json:"id"`
	Case     string `json:"case"`
	Officer  string `json:"officer"`
	URL      string `json:"url"`
	FinalURL string `json:"final_url"`
	Title    string `json:"title"`
	Note     string `json:"note"`
	Persona  string `json:"persona"`
	// Bundle is the bundle's absolute path.
	Bundle string `json:"bundle"`
	// SHA256 is the hex SHA-256 of the bundle file, as sha256sum prints it.
	SHA256 string `json:"sha256"`
	// PackageID is the bundle's identity: "sha256:" and the hash of its
	// datapackage.json, which the signature covers.
	PackageID string `json:"package_id"`
	// Incomplete says why the capture is incomplete; "" when it is complete.
	Incomplete string    `json:"incomplete,omitempty"`
	Started    time.Time `json:"started"`
	Ended      time.Time `json:"ended"`
}

const captureColumns = `id, case_ref, officer, url, final_url, title, note, persona, bundle, sha256, package_id, incomplete, started, ended`

func insertCapture(ctx context.Context, tx *sql.Tx, c Capture) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO captures (`+captureColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Case, c.Officer, c.URL, c.FinalURL, c.Title, c.Note, c.Persona, c.Bundle, c.SHA256, c.PackageID, c.Incomplete,
		sqltime.Format(c.Started), sqltime.Format(c.Ended))
	return err
}

func scanCapture(s interface{ Scan(...any) error }) (Capture, error) {
	var c Capture
	var started, ended string
	err := s.Scan(&c.ID, &c.Case, &c.Officer, &c.URL, &c.FinalURL, &c.Title, &c.Note, &c.Persona, &c.Bundle, &c.SHA256,
		&c.PackageID, &c.Incomplete, &started, &ended)
	c.Started, c.Ended = sqltime.Parse(started), sqltime.Parse(ended)
	return c, err
}

// Captures lists a case's captures, oldest first.
func (w *Workspace) Captures(ctx context.Context, caseRef string) ([]Capture, error) {
	return w.queryCaptures(ctx, caseRef, ` ORDER BY started, id`)
}

// CapturesBefore lists up to limit of the case's captures, newest first,
// that come before c in that order (from the newest when c.ID is ""): a
// page of a list, read from the (case, started) index however long the
// case's list is.
func (w *Workspace) CapturesBefore(ctx context.Context, caseRef string, c Capture, limit int) ([]Capture, error) {
	var args []any
	where := ``
	if c.ID != "" {
		where, args = ` AND (started, id) < (?, ?)`, []any{sqltime.Format(c.Started), c.ID}
	}
	return w.queryCaptures(ctx, caseRef, where+` ORDER BY started DESC, id DESC LIMIT ?`, append(args, limit)...)
}

// queryCaptures reads the captures of the case that the rest of the
// query (conditions, order, limit) selects.
func (w *Workspace) queryCaptures(ctx context.Context, caseRef, rest string, args ...any) ([]Capture, error) {
	if _, err := w.Case(ctx, caseRef); err != nil {
		return nil, fmt.Errorf("list captures: %w", err)
	}
	rows, err := w.reader.QueryContext(ctx, `SELECT `+captureColumns+` FROM captures WHERE case_ref = ?`+rest,
		append([]any{caseRef}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list captures of %s: %w", caseRef, err)
	}
	defer rows.Close()
	var out []Capture
	for rows.Next() {
		c, err := scanCapture(rows)
		if err != nil {
			return nil, fmt.Errorf("list captures of %s: %w", caseRef, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountCaptures counts the case's captures.
func (w *Workspace) CountCaptures(ctx context.Context, caseRef string) (int, error) {
	var n int
	if err := w.reader.QueryRowContext(ctx, `SELECT count(*) FROM captures WHERE case_ref = ?`, caseRef).Scan(&n); err != nil {
		return 0, fmt.Errorf("count captures of %s: %w", caseRef, err)
	}
	return n, nil
}

// CaptureByID reads one capture.
func (w *Workspace) CaptureByID(ctx context.Context, id string) (Capture, error) {
	c, err := scanCapture(w.reader.QueryRowContext(ctx, `SELECT `+captureColumns+` FROM captures WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Capture{}, fmt.Errorf("capture %s: %w", id, ErrCaptureNotFound)
	}
	return c, err
}
