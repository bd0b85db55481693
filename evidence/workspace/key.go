package workspace

import (
	"fmt"

	"github.com/sightline-osint/sightline/evidence/keys"
)

// Key is the workstation key that signs this workspace's bundles, opened on
// first use (from the OS keyring, or the 0600 file fallback).
func (w *Workspace) Key() (*keys.Key, error) {
	w.keyOnce.Do(func() {
		w.key, w.keyErr = keys.Open(w.dir, w.id)
		if w.keyErr != nil {
			w.keyErr = fmt.Errorf("open workstation key: %w", w.keyErr)
		}
	})
	return w.key, w.keyErr
}
