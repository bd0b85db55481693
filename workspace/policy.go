package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
)

// PolicyFile is the name of the repeated-viewing policy file in the
// workspace directory (audit/ripa/RULES.md §11).
const PolicyFile = "policy.toml"

// PolicyPath is the policy file's path.
func (w *Workspace) PolicyPath() string { return filepath.Join(w.dir, PolicyFile) }

// Policy reads the workspace's repeated-viewing policy: the policy file,
// or ripa.DefaultPolicy when there is none. It is read afresh each time,
// so a change made by another process applies at once.
func (w *Workspace) Policy() (ripa.Policy, error) {
	p, err := ripa.LoadPolicy(w.PolicyPath())
	if errors.Is(err, fs.ErrNotExist) {
		return ripa.DefaultPolicy(), nil
	}
	if err != nil {
		return ripa.Policy{}, err
	}
	return p, nil
}

// SetPolicy validates p, saves it atomically as the workspace's policy
// file and audits the change ("settings.change", with one line per value
// changed, ripa.Policy.Changes); it needs an officer. It returns those
// lines; when nothing changes it writes nothing and returns none. Changes
// are serialised with every other write to the workspace.
func (w *Workspace) SetPolicy(ctx context.Context, p ripa.Policy) ([]string, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("set policy: %w", err)
	}
	var changes []string
	var restore func()
	err := w.act(ctx, need{officer: true}, func(*tx) ([]audit.Event, error) {
		old, err := w.Policy()
		if err != nil {
			return nil, err
		}
		if changes = old.Changes(p); len(changes) == 0 {
			return nil, nil
		}
		if restore, err = w.savePolicy(p); err != nil {
			return nil, err
		}
		detail := audit.Detail(map[string]any{"setting": "policy", "file": PolicyFile, "changes": changes})
		return []audit.Event{{Action: "settings.change", Detail: detail}}, nil
	})
	if err != nil {
		if restore != nil {
			restore()
		}
		return nil, fmt.Errorf("set policy: %w", err)
	}
	return changes, nil
}

// savePolicy writes p and returns how to put the previous file back, for
// a change whose audit event then fails to commit.
func (w *Workspace) savePolicy(p ripa.Policy) (func(), error) {
	path := w.PolicyPath()
	prev, err := os.ReadFile(path)
	existed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := p.Save(path); err != nil {
		return nil, err
	}
	return func() {
		if !existed {
			os.Remove(path) //nolint:errcheck // best effort on an error path
			return
		}
		if old, err := ripa.ParsePolicy(prev); err == nil {
			old.Save(path) //nolint:errcheck // best effort on an error path
		}
	}, nil
}
