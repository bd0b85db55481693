package keys

import (
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/sightline-osint/sightline/internal/atomicfile"
)

// retiredFileName holds the public halves of keys this workspace used
// before, so that an old bundle's fingerprint can still be traced to it.
const retiredFileName = "retired-public-keys.pem"

// Retired is a public key the workspace signed with before a rotation.
type Retired struct {
	Fingerprint string
	Curve       string // "P-256" or "P-384"; "" if the key does not parse
	Retired     time.Time
	PEM         []byte
}

// Rotate replaces the workstation key with a new one (P-384, whatever the
// old key's curve) in the same store and keeps the old public key in
// keys/retired-public-keys.pem. Old bundles still verify: each carries the
// public key that signed it.
func Rotate(dir, workspaceID string, now time.Time) (old, current *Key, err error) {
	old, err = Open(dir, workspaceID)
	if err != nil {
		return nil, nil, err
	}
	p := place{dir: filepath.Join(dir, keysDirName), user: keyringUserPrefix + workspaceID}
	if err := p.retire(old, now); err != nil {
		return nil, nil, fmt.Errorf("rotate workstation key: %w", err)
	}
	current, err = newKey(old.store)
	if err != nil {
		return nil, nil, err
	}
	data, err := current.encodePrivate()
	if err != nil {
		return nil, nil, err
	}
	if old.store == StoreKeyring {
		err = keyring.Set(keyringService, p.user, string(data))
	} else {
		err = atomicfile.WriteFile(p.keyFile(), data, 0o600, true)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("rotate workstation key: store new key: %w", err)
	}
	return old, current, nil
}

// retire appends k's public key, with the time, to the retired keys file.
func (p place) retire(k *Key, now time.Time) error {
	block := &pem.Block{Type: "PUBLIC KEY", Headers: map[string]string{
		"Fingerprint": k.Fingerprint(), "Retired": now.UTC().Format(time.RFC3339),
	}, Bytes: k.der}
	f, err := os.OpenFile(filepath.Join(p.dir, retiredFileName), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if err := pem.Encode(f, block); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// RetiredKeys lists the workspace's retired public keys, oldest first.
func RetiredKeys(dir string) ([]Retired, error) {
	data, err := os.ReadFile(filepath.Join(dir, keysDirName, retiredFileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read retired keys: %w", err)
	}
	var out []Retired
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return out, nil
		}
		t, _ := time.Parse(time.RFC3339, b.Headers["Retired"])
		curve, _ := CurveOf(b.Bytes)
		out = append(out, Retired{Fingerprint: FingerprintOf(b.Bytes), Curve: curve, Retired: t,
			PEM: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: b.Bytes})})
	}
}
