package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/internal/atomicfile"
)

// Finding is one check of a workspace by Doctor.
type Finding struct {
	Check  string   `json:"check"`
	OK     bool     `json:"ok"`
	Detail string   `json:"detail"`
	Items  []string `json:"items,omitempty"` // what is wrong, or what was done
}

// Health is what Doctor found and did.
type Health struct {
	Findings []Finding `json:"findings"`
	// Recovered is what opening the workspace did with interrupted work;
	// Quarantined the orphan bundles Doctor moved aside.
	Recovered   Recovered     `json:"recovered"`
	Quarantined []Quarantined `json:"quarantined,omitempty"`
}

// OK says whether every check passed.
func (h Health) OK() bool {
	for _, f := range h.Findings {
		if !f.OK {
			return false
		}
	}
	return true
}

// Doctor checks the workspace: the database's integrity, the audit chain
// and its signed checkpoints, every recorded bundle against its hash,
// bundles that no capture records (orphans, which it moves to
// quarantine/doctor-<time>/ — nothing is deleted), the permissions of the
// workspace's directories and files, and what interrupted work left. It
// records what it found and did in one "doctor" event. progress, when not
// nil, hears the name of each check as it starts.
func (w *Workspace) Doctor(ctx context.Context, progress func(check string)) (Health, error) {
	h := Health{Recovered: w.recovered}
	checks := []struct {
		name string
		run  func(context.Context, *Health) (Finding, error)
	}{
		{"database integrity", w.checkIntegrity},
		{"audit chain", w.checkChain},
		{"recorded bundles", w.checkBundles},
		{"orphan bundles", w.quarantineOrphans},
		{"permissions", w.checkPermissions},
		{"interrupted work", w.checkInterrupted},
	}
	for _, c := range checks {
		if progress != nil {
			progress(c.name)
		}
		f, err := c.run(ctx, &h)
		if err != nil {
			return h, fmt.Errorf("doctor: %s: %w", c.name, err)
		}
		f.Check = c.name
		h.Findings = append(h.Findings, f)
	}
	failed := []string{}
	for _, f := range h.Findings {
		if !f.OK {
			failed = append(failed, f.Check)
		}
	}
	quarantined := append([]Quarantined{}, h.Quarantined...)
	err := w.audit(ctx, need{}, audit.Event{Action: "doctor", Detail: audit.Detail(map[string]any{
		"ok": h.OK(), "failed": failed, "quarantined": quarantined,
	})})
	if err != nil {
		return h, fmt.Errorf("doctor: record the result: %w", err)
	}
	return h, nil
}

func (w *Workspace) checkIntegrity(ctx context.Context, _ *Health) (Finding, error) {
	rows, err := w.reader.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return Finding{}, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return Finding{}, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return Finding{}, err
	}
	if len(problems) > 0 {
		return Finding{Detail: "SQLite's integrity check found damage", Items: problems}, nil
	}
	return Finding{OK: true, Detail: "SQLite's integrity check passed"}, nil
}

func (w *Workspace) checkChain(ctx context.Context, _ *Health) (Finding, error) {
	rep, err := audit.Verify(ctx, w.reader, w.id)
	if err != nil {
		return Finding{}, err
	}
	if !rep.OK() {
		return Finding{Detail: rep.Err().Error()}, nil
	}
	return Finding{OK: true, Detail: fmt.Sprintf("%d events chained, %d signed checkpoints verified", rep.Events, rep.Checkpoints)}, nil
}

// checkBundles hashes every recorded bundle against its capture row.
func (w *Workspace) checkBundles(ctx context.Context, _ *Health) (Finding, error) {
	rows, err := w.reader.QueryContext(ctx, `SELECT id, bundle, sha256 FROM captures ORDER BY id`)
	if err != nil {
		return Finding{}, err
	}
	defer rows.Close()
	var problems []string
	n := 0
	for rows.Next() {
		var id, path, sum string
		if err := rows.Scan(&id, &path, &sum); err != nil {
			return Finding{}, err
		}
		n++
		got, err := fileSHA256(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, fmt.Sprintf("capture %s: its bundle %s is missing", id, w.rel(path)))
		case err != nil:
			problems = append(problems, fmt.Sprintf("capture %s: %v", id, err))
		case got != sum:
			problems = append(problems, fmt.Sprintf("capture %s: %s has SHA-256 %s, recorded %s", id, w.rel(path), got, sum))
		}
		if err := ctx.Err(); err != nil {
			return Finding{}, err
		}
	}
	if err := rows.Err(); err != nil {
		return Finding{}, err
	}
	if len(problems) > 0 {
		return Finding{Detail: fmt.Sprintf("%d of %d recorded bundles are missing or altered", len(problems), n), Items: problems}, nil
	}
	return Finding{OK: true, Detail: fmt.Sprintf("%d recorded bundles present, each with its recorded SHA-256", n)}, nil
}

// quarantineOrphans moves files under bundles/ that no capture records to
// quarantine/doctor-<time>/.
func (w *Workspace) quarantineOrphans(ctx context.Context, h *Health) (Finding, error) {
	recorded := map[string]bool{}
	rows, err := w.reader.QueryContext(ctx, `SELECT bundle FROM captures`)
	if err != nil {
		return Finding{}, err
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return Finding{}, err
		}
		recorded[p] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Finding{}, err
	}
	root := filepath.Join(w.dir, "bundles")
	group := "doctor-" + w.Now().Format("20060102T150405Z")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || recorded[path] {
			return err
		}
		q, err := w.quarantine(path, filepath.Join(group, w.rel(path)))
		if err != nil {
			return err
		}
		h.Quarantined = append(h.Quarantined, q)
		return nil
	})
	if err != nil {
		return Finding{}, err
	}
	if len(h.Quarantined) > 0 {
		var items []string
		for _, q := range h.Quarantined {
			items = append(items, q.From+" → "+q.Path)
		}
		return Finding{OK: true, Detail: fmt.Sprintf("%d bundles no capture records were moved to quarantine/%s", len(items), group), Items: items}, nil
	}
	return Finding{OK: true, Detail: "every bundle is recorded"}, nil
}

// checkPermissions looks for directories and files that others can read,
// and bundles that can be written.
func (w *Workspace) checkPermissions(context.Context, *Health) (Finding, error) {
	var problems []string
	err := filepath.WalkDir(w.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != w.dir && filepath.Dir(path) == filepath.Join(w.dir, "profiles") {
			return fs.SkipDir // Chromium's own profile
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := info.Mode()
		switch {
		case mode&fs.ModeSymlink != 0:
			problems = append(problems, w.rel(path)+" is a symbolic link")
		case mode.Perm()&0o077 != 0:
			problems = append(problems, fmt.Sprintf("%s is %s: others may read it", w.rel(path), mode.Perm()))
		case !d.IsDir() && strings.HasSuffix(path, ".wacz") && mode.Perm()&0o222 != 0 &&
			strings.HasPrefix(path, filepath.Join(w.dir, "bundles")+string(filepath.Separator)):
			problems = append(problems, fmt.Sprintf("%s is %s: a sealed bundle should be read-only", w.rel(path), mode.Perm()))
		}
		return nil
	})
	if err != nil {
		return Finding{}, err
	}
	if len(problems) > 0 {
		return Finding{Detail: fmt.Sprintf("%d files or directories have the wrong permissions", len(problems)), Items: problems}, nil
	}
	return Finding{OK: true, Detail: "private to this user; bundles read-only"}, nil
}

// checkInterrupted reports what opening the workspace recovered and what
// remains in quarantine/ for a person to look at.
func (w *Workspace) checkInterrupted(context.Context, *Health) (Finding, error) {
	names, err := w.quarantineNames()
	if err != nil {
		return Finding{}, err
	}
	f := Finding{OK: true, Detail: "nothing was interrupted"}
	if r := w.recovered; len(r.Published) > 0 || len(r.Quarantined) > 0 {
		f.Detail = fmt.Sprintf("on opening: %d recorded files put in place, %d files quarantined", len(r.Published), len(r.Quarantined))
	}
	if r := w.recovered; len(r.Unplaced) > 0 {
		f.OK = false
		f.Detail += fmt.Sprintf("; %d recorded files could not be put in place and wait in quarantine/", len(r.Unplaced))
		f.Items = append(f.Items, r.Unplaced...)
	}
	if len(names) > 0 {
		f.Detail += fmt.Sprintf("; quarantine/ holds %d files to review (nothing there is deleted)", len(names))
		f.Items = names
	}
	return f, nil
}

// quarantine moves path to quarantine/<rel> (or <rel>.N when that is
// taken), never over a file there.
func (w *Workspace) quarantine(path, rel string) (Quarantined, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return Quarantined{}, err
	}
	dest := filepath.Join(w.dir, "quarantine", rel)
	if err := os.MkdirAll(filepath.Dir(dest), privateDir); err != nil {
		return Quarantined{}, err
	}
	for i := 1; ; i++ {
		if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dest = filepath.Join(w.dir, "quarantine", fmt.Sprintf("%s.%d", rel, i))
	}
	if err := os.Rename(path, dest); err != nil {
		return Quarantined{}, fmt.Errorf("quarantine %s: %w", w.rel(path), err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(dest)); err != nil {
		return Quarantined{}, err
	}
	return Quarantined{Path: w.rel(dest), From: w.rel(path), Bytes: st.Size()}, nil
}

// rel is path relative to the workspace, for messages.
func (w *Workspace) rel(path string) string {
	if r, err := filepath.Rel(w.dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}
