package workspace

import (
	"context"
	"fmt"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/keys"
)

// Key is the workstation key that signs this workspace's bundles, packs and
// audit checkpoints, opened on first use (from the OS keyring, or the 0600
// file fallback).
func (w *Workspace) Key() (*keys.Key, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	if w.key == nil {
		k, err := keys.Open(w.dir, w.id)
		if err != nil {
			return nil, fmt.Errorf("open workstation key: %w", err)
		}
		w.key = k
	}
	return w.key, nil
}

// RetiredKeys lists the public keys this workspace signed with before.
func (w *Workspace) RetiredKeys() ([]keys.Retired, error) {
	return keys.RetiredKeys(w.dir)
}

// RotateKey replaces the workstation key, keeping the old public key, and
// audits the change with both fingerprints. (Not under keyMu: the audit
// append may sign a checkpoint, which opens the key.)
func (w *Workspace) RotateKey(ctx context.Context) (old, current *keys.Key, err error) {
	err = w.act(ctx, need{officer: true}, func(tx *tx) ([]audit.Event, error) {
		if old, current, err = keys.Rotate(w.dir, w.id, tx.now); err != nil {
			return nil, err
		}
		detail := audit.Detail(map[string]string{
			"old": old.Fingerprint(), "new": current.Fingerprint(), "store": current.Store(),
		})
		return []audit.Event{{Action: "key.rotate", Detail: detail}}, nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("rotate workstation key: %w", err)
	}
	w.keyMu.Lock()
	w.key = current
	w.keyMu.Unlock()
	return old, current, nil
}
