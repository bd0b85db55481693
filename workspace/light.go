package workspace

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// Hunchly's model, per case and off by default: with auto-capture on, every
// page viewed in the research browser is kept as a light record (the
// viewport as shown, the DOM, the metadata, their hashes in the audit log)
// without a click. Any light record can later be promoted to a sealed
// capture.

// Names of a light record's files in its directory.
const (
	lightViewport = "viewport.png"
	lightDOM      = "dom.html"
	lightMeta     = "metadata.json"
)

// LightRecord is one page kept by auto-capture.
type LightRecord struct {
	ID       string    `json:"id"`
	Case     string    `json:"case"`
	Officer  string    `json:"officer"`
	Persona  string    `json:"persona"`
	URL      string    `json:"url"`
	FinalURL string    `json:"final_url"`
	Title    string    `json:"title"`
	Time     time.Time `json:"time"`
	Dir      string    `json:"dir"` // absolute
	Viewport string    `json:"viewport_sha256"`
	DOM      string    `json:"dom_sha256"`
	Meta     string    `json:"meta_sha256"`
	Bytes    int64     `json:"bytes"` // the three files together
}

// SetAutoCapture turns auto-capture on or off for case ref, audited as a
// setting change.
func (w *Workspace) SetAutoCapture(ctx context.Context, ref string, on bool) error {
	err := w.act(ctx, need{officer: true, openCase: ref}, func(tx *tx) ([]audit.Event, error) {
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET auto_capture = ? WHERE ref = ?`, on, ref); err != nil {
			return nil, err
		}
		return []audit.Event{{Case: ref, Action: "case.auto_capture", Detail: audit.Detail(map[string]bool{"on": on})}}, nil
	})
	if err != nil {
		return fmt.Errorf("auto-capture for %s: %w", ref, err)
	}
	return nil
}

// AutoCapture reports whether case ref keeps a light record of every view.
func (w *Workspace) AutoCapture(ctx context.Context, ref string) (bool, error) {
	var on bool
	err := w.reader.QueryRowContext(ctx, `SELECT auto_capture FROM cases WHERE ref = ?`, ref).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("auto-capture for %s: %w", ref, ErrCaseNotFound)
	}
	return on, err
}

// KeepLight stores l, a page of case ref viewed by persona, as a light
// record: its files written read-only under light/<case>/<id>/, then its
// row and its audit event (with the files' SHA-256) in one transaction.
func (w *Workspace) KeepLight(ctx context.Context, ref, persona string, l *capture.Light) (LightRecord, error) {
	if persona == "" {
		persona = DefaultPersona
	}
	meta, err := json.MarshalIndent(l.Meta, "", "  ")
	if err != nil {
		return LightRecord{}, err
	}
	r := LightRecord{ID: "L" + newCaptureID(w.Now()), Case: ref, Persona: persona, URL: l.Meta.RequestedURL, FinalURL: l.Meta.FinalURL, Title: l.Meta.Title}
	r.Dir = filepath.Join(w.dir, "light", ref, r.ID)
	files := []struct {
		name string
		data []byte
		sum  *string
	}{{lightViewport, l.Viewport, &r.Viewport}, {lightDOM, []byte(l.DOM), &r.DOM}, {lightMeta, meta, &r.Meta}}
	if err := os.MkdirAll(r.Dir, privateDir); err != nil {
		return LightRecord{}, fmt.Errorf("keep light record of %s: %w", r.URL, err)
	}
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		*f.sum = hex.EncodeToString(sum[:])
		r.Bytes += int64(len(f.data))
		if err := atomicfile.WriteFile(filepath.Join(r.Dir, f.name), f.data, sealedFile, false); err != nil {
			os.RemoveAll(r.Dir)
			return LightRecord{}, fmt.Errorf("keep light record of %s: %w", r.URL, err)
		}
	}
	err = w.act(ctx, need{officer: true, openCase: ref, persona: persona}, func(tx *tx) ([]audit.Event, error) {
		r.Officer, r.Time = tx.officer.ID, sqltime.Parse(sqltime.Format(tx.now)) // as stored
		_, err := tx.ExecContext(ctx, `INSERT INTO light_records (id, case_ref, officer, persona, url, final_url, title, time, dir, viewport_sha256, dom_sha256, meta_sha256, bytes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Case, r.Officer, r.Persona, r.URL, r.FinalURL, r.Title, sqltime.Format(r.Time), r.Dir, r.Viewport, r.DOM, r.Meta, r.Bytes)
		if err != nil {
			return nil, err
		}
		detail := audit.Detail(map[string]any{"light": r.ID, "viewport_sha256": r.Viewport, "dom_sha256": r.DOM, "meta_sha256": r.Meta, "bytes": r.Bytes})
		return []audit.Event{{Case: ref, Action: "light.keep", URL: r.URL, Detail: detail}}, nil
	})
	if err != nil {
		os.RemoveAll(r.Dir)
		return LightRecord{}, fmt.Errorf("keep light record of %s: %w", r.URL, err)
	}
	return r, nil
}

const lightColumns = `id, case_ref, officer, persona, url, final_url, title, time, dir, viewport_sha256, dom_sha256, meta_sha256, bytes`

func scanLight(s interface{ Scan(...any) error }) (LightRecord, error) {
	var r LightRecord
	var t string
	if err := s.Scan(&r.ID, &r.Case, &r.Officer, &r.Persona, &r.URL, &r.FinalURL, &r.Title, &t, &r.Dir, &r.Viewport, &r.DOM, &r.Meta, &r.Bytes); err != nil {
		return r, err
	}
	r.Time = sqltime.Parse(t)
	return r, nil
}

// LightRecords lists case ref's light records, oldest first.
func (w *Workspace) LightRecords(ctx context.Context, ref string) ([]LightRecord, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT `+lightColumns+` FROM light_records WHERE case_ref = ? ORDER BY time, id`, ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LightRecord
	for rows.Next() {
		r, err := scanLight(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PromoteLight seals light record id into a capture of its case: its
// viewport as the screenshot, its DOM and metadata, after checking that
// its files still have the hashes recorded. The capture is marked
// incomplete, saying it holds no network record, MHTML or PDF: those were
// never kept.
func (w *Workspace) PromoteLight(ctx context.Context, id, note string, p capture.Progress) (Capture, error) {
	r, err := scanLight(w.reader.QueryRowContext(ctx, `SELECT `+lightColumns+` FROM light_records WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Capture{}, fmt.Errorf("promote %s: no such light record", id)
	}
	if err != nil {
		return Capture{}, fmt.Errorf("promote %s: %w", id, err)
	}
	read := func(name, want string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(r.Dir, name))
		if err != nil {
			return nil, err
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != want {
			return nil, fmt.Errorf("%s has changed since it was kept (SHA-256 %x, recorded %s)", name, sum, want)
		}
		return b, nil
	}
	res := &capture.Result{}
	var dom, meta []byte
	if res.Viewport, err = read(lightViewport, r.Viewport); err == nil {
		if dom, err = read(lightDOM, r.DOM); err == nil {
			meta, err = read(lightMeta, r.Meta)
		}
	}
	if err == nil {
		err = json.Unmarshal(meta, &res.Meta)
	}
	if err != nil {
		return Capture{}, fmt.Errorf("promote %s: %w", id, err)
	}
	res.Screenshot, res.DOM = res.Viewport, string(dom)
	res.Meta.Incomplete = true
	res.Meta.IncompleteReason = "promoted from light record " + id + ": the viewport, DOM and metadata kept when the page was viewed, without its network record, MHTML or PDF"
	if note == "" {
		note = "promoted from light record " + id
	}
	return w.Seal(ctx, SealRequest{Case: r.Case, URL: r.URL, Note: note, Persona: r.Persona, Result: res}, p)
}
