package workspace

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence/timestamp"
	"github.com/sightline-osint/sightline/internal/atomicfile"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
)

// Timestamp states.
const (
	TimestampQueued  = "queued"
	TimestampStamped = "stamped"
)

// timestampWait bounds each authority's answer, so that a capture is not
// held up by one that does not answer: its request stays queued.
const timestampWait = 20 * time.Second

// TimestampAuthorities are the RFC 3161 authorities every capture is
// stamped by, in order; none by default.
func (w *Workspace) TimestampAuthorities(ctx context.Context) ([]string, error) {
	var raw string
	err := w.reader.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'timestamp_authorities'`).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read timestamp authorities: %w", err)
	}
	var urls []string
	if err := json.Unmarshal([]byte(raw), &urls); err != nil {
		return nil, fmt.Errorf("read timestamp authorities: %w", err)
	}
	return urls, nil
}

// SetTimestampAuthorities replaces the authorities (http or https URLs),
// audited as a setting change with the old and new lists. Captures
// already recorded keep the requests they have.
func (w *Workspace) SetTimestampAuthorities(ctx context.Context, urls []string) error {
	for _, u := range urls {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("timestamp authority %q: want an http or https URL", u)
		}
	}
	old, err := w.TimestampAuthorities(ctx)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(urls)
	return w.act(ctx, need{officer: true}, func(t *tx) ([]audit.Event, error) {
		if _, err := t.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('timestamp_authorities', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, string(b)); err != nil {
			return nil, err
		}
		return []audit.Event{{Action: "settings.change", Detail: audit.Detail(map[string]any{
			"setting": "timestamp_authorities", "old": old, "new": urls})}}, nil
	})
}

// queueTimestamps queues a request to each authority for the capture, in
// the transaction that records it.
func (w *Workspace) queueTimestamps(ctx context.Context, t *tx, captureID string) error {
	urls, err := w.TimestampAuthorities(ctx)
	if err != nil {
		return err
	}
	for _, u := range urls {
		if _, err := t.ExecContext(ctx, `INSERT INTO timestamps (capture, authority, state) VALUES (?, ?, ?)`,
			captureID, u, TimestampQueued); err != nil {
			return fmt.Errorf("queue timestamp of %s by %s: %w", captureID, u, err)
		}
	}
	return nil
}

// CaptureTimestamp is one authority's timestamp of a capture.
type CaptureTimestamp struct {
	Capture   string    `json:"capture"`
	Authority string    `json:"authority"`
	State     string    `json:"state"`
	File      string    `json:"file,omitempty"` // the reply beside the bundle
	SHA256    string    `json:"sha256,omitempty"`
	Time      time.Time `json:"time,omitzero"` // the authority's time
	Serial    string    `json:"serial,omitempty"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
}

// Timestamps lists the timestamps of a capture ("" for every capture).
func (w *Workspace) Timestamps(ctx context.Context, captureID string) ([]CaptureTimestamp, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT capture, authority, state, file, sha256, gen_time, serial, attempts, last_error
		FROM timestamps WHERE ? = '' OR capture = ? ORDER BY capture, rowid`, captureID, captureID)
	if err != nil {
		return nil, fmt.Errorf("list timestamps: %w", err)
	}
	defer rows.Close()
	var out []CaptureTimestamp
	for rows.Next() {
		var c CaptureTimestamp
		var at string
		if err := rows.Scan(&c.Capture, &c.Authority, &c.State, &c.File, &c.SHA256, &at, &c.Serial, &c.Attempts, &c.LastError); err != nil {
			return nil, fmt.Errorf("list timestamps: %w", err)
		}
		if at != "" {
			c.Time = sqltime.Parse(at)
		}
		if c.File != "" {
			c.File = filepath.Join(w.dir, c.File)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TimestampReport says what SendTimestamps did.
type TimestampReport struct {
	Stamped []CaptureTimestamp `json:"stamped"`
	Failed  []CaptureTimestamp `json:"failed"` // still queued, with why
}

// SendTimestamps sends the queued requests (of the capture, or all when
// captureID is ""): each reply, checked against the bundle's identity, is
// kept beside the bundle as <capture>.<n>.tsr (read-only), and recorded
// with a "timestamp" event; a failure leaves the request queued, with a
// "timestamp.failed" event. A sealed bundle never changes.
func (w *Workspace) SendTimestamps(ctx context.Context, captureID string) (TimestampReport, error) {
	var rep TimestampReport
	all, err := w.Timestamps(ctx, captureID)
	if err != nil {
		return rep, err
	}
	client := &http.Client{Timeout: timestampWait}
	for _, q := range all {
		if q.State != TimestampQueued {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		done, err := w.sendTimestamp(ctx, client, q)
		if err != nil {
			if ctx.Err() != nil {
				return rep, ctx.Err()
			}
			q.Attempts++
			q.LastError = err.Error()
			rep.Failed = append(rep.Failed, q)
			if aerr := w.timestampFailed(ctx, q); aerr != nil {
				return rep, aerr
			}
			continue
		}
		rep.Stamped = append(rep.Stamped, done)
	}
	return rep, nil
}

func (w *Workspace) sendTimestamp(ctx context.Context, client *http.Client, q CaptureTimestamp) (CaptureTimestamp, error) {
	c, err := w.CaptureByID(ctx, q.Capture)
	if err != nil {
		return q, err
	}
	digest, err := timestamp.Digest(c.PackageID)
	if err != nil {
		return q, err
	}
	reply, s, err := timestamp.Request(ctx, client, q.Authority, digest)
	if err != nil {
		return q, err
	}
	var n int
	if err := w.reader.QueryRowContext(ctx, `SELECT count(*) FROM timestamps WHERE capture = ? AND state = ?`,
		q.Capture, TimestampStamped).Scan(&n); err != nil {
		return q, err
	}
	path := strings.TrimSuffix(c.Bundle, ".wacz") + "." + strconv.Itoa(n+1) + ".tsr"
	if err := atomicfile.WriteFile(path, reply, 0o400, false); err != nil {
		return q, w.storage(fmt.Errorf("keep the timestamp of %s: %w", q.Capture, err))
	}
	rel, _ := filepath.Rel(w.dir, path)
	q.State, q.File, q.SHA256, q.Time, q.Serial = TimestampStamped, path, sha256Hex(reply), s.Time, s.Serial
	err = w.act(ctx, need{}, func(t *tx) ([]audit.Event, error) {
		if _, err := t.ExecContext(ctx, `UPDATE timestamps SET state = ?, file = ?, sha256 = ?, gen_time = ?, serial = ?,
			attempts = attempts + 1, last_error = '' WHERE capture = ? AND authority = ?`,
			TimestampStamped, rel, q.SHA256, sqltime.Format(s.Time), s.Serial, q.Capture, q.Authority); err != nil {
			return nil, err
		}
		return []audit.Event{{Case: c.Case, Action: "timestamp", URL: c.URL, Detail: audit.Detail(map[string]any{
			"capture": c.ID, "authority": q.Authority, "file": rel, "sha256": q.SHA256, "package_id": c.PackageID,
			"time": sqltime.Format(s.Time), "serial": s.Serial, "signer": s.Authority})}}, nil
	})
	if err != nil {
		os.Remove(path) //nolint:errcheck // not recorded: the request stays queued
		return q, err
	}
	return q, nil
}

func (w *Workspace) timestampFailed(ctx context.Context, q CaptureTimestamp) error {
	c, err := w.CaptureByID(ctx, q.Capture)
	if err != nil {
		return err
	}
	return w.act(ctx, need{}, func(t *tx) ([]audit.Event, error) {
		if _, err := t.ExecContext(ctx, `UPDATE timestamps SET attempts = attempts + 1, last_error = ?
			WHERE capture = ? AND authority = ?`, q.LastError, q.Capture, q.Authority); err != nil {
			return nil, err
		}
		return []audit.Event{{Case: c.Case, Action: "timestamp.failed", URL: c.URL, Detail: audit.Detail(map[string]any{
			"capture": c.ID, "authority": q.Authority, "error": q.LastError, "queued": true})}}, nil
	})
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// stampFiles are the replies of the stamped timestamps, by capture, in
// the order they were stamped.
func (w *Workspace) stampFiles(ctx context.Context) (map[string][]string, error) {
	all, err := w.Timestamps(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, t := range all {
		if t.State == TimestampStamped {
			out[t.Capture] = append(out[t.Capture], t.File)
		}
	}
	for _, files := range out {
		// <capture>.1.tsr, .2, … .10: the order they were stamped
		slices.SortFunc(files, func(a, b string) int { return cmp.Or(len(a)-len(b), strings.Compare(a, b)) })
	}
	return out, nil
}
