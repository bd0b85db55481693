package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/zalando/go-keyring"

	"github.com/sightline-osint/sightline/internal/atomicfile"
)

// Secret store: the workspace's small secrets other than the key (a
// persona's proxy user name and password) live in the store that holds the
// workstation key, so that SIGHTLINE_KEYRING and the fallback decide for
// both: in the OS keyring under service "sightline" and user
// "secret/<workspace id>/<name>", or, where no keyring service answers, in
// <workspace>/keys/secrets/<name>, mode 0600 in a 0700 directory. Never in
// the database, the audit log or a bundle.

const (
	keyringSecretPrefix = "secret/"
	secretsDirName      = "secrets"
)

// ErrSecretNotFound is returned by Secrets.Get for a name that holds
// nothing.
var ErrSecretNotFound = errors.New("secret not found")

// secretName keeps names usable as file names.
var secretName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// Secrets is the secret store of one workspace.
type Secrets struct {
	store string // StoreKeyring or StoreFile: where k lives
	dir   string // <workspace>/keys/secrets
	user  string // keyring user prefix: "secret/<workspace id>/"
}

// SecretsOf is the secret store of the workspace in dir, whose key k was
// opened (Open): the keyring when k is in the keyring, else files.
func SecretsOf(k *Key, dir, workspaceID string) Secrets {
	return Secrets{store: k.Store(), dir: filepath.Join(dir, keysDirName, secretsDirName),
		user: keyringSecretPrefix + workspaceID + "/"}
}

// Store says where the secrets live: "keyring" or "file".
func (s Secrets) Store() string { return s.store }

// Location names where the secret called name is kept, for messages.
func (s Secrets) Location(name string) string {
	if s.store == StoreKeyring {
		return "os keyring " + keyringService + "/" + s.user + name
	}
	return filepath.Join(s.dir, name)
}

// Set keeps value under name, replacing what was there.
func (s Secrets) Set(name string, value []byte) error {
	if !secretName.MatchString(name) {
		return fmt.Errorf("secret name %q: want letters, digits, '.', '_', '-'", name)
	}
	if s.store == StoreKeyring {
		if err := keyring.Set(keyringService, s.user+name, string(value)); err != nil {
			return fmt.Errorf("store secret %s in os keyring: %w", name, err)
		}
		return nil
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("store secret %s: %w", name, err)
	}
	if err := atomicfile.WriteFile(filepath.Join(s.dir, name), value, 0o600, true); err != nil {
		return fmt.Errorf("store secret %s: %w", name, err)
	}
	return nil
}

// Get reads the secret called name; one never set is ErrSecretNotFound.
func (s Secrets) Get(name string) ([]byte, error) {
	if !secretName.MatchString(name) {
		return nil, fmt.Errorf("secret name %q: %w", name, ErrSecretNotFound)
	}
	if s.store == StoreKeyring {
		v, err := keyring.Get(keyringService, s.user+name)
		if errors.Is(err, keyring.ErrNotFound) {
			return nil, fmt.Errorf("secret %s in os keyring: %w", name, ErrSecretNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("read secret %s from os keyring: %w", name, &KeyringUnavailableError{Err: err})
		}
		return []byte(v), nil
	}
	path := filepath.Join(s.dir, name)
	v, err := readPrivate(path, "secret file")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("secret file %s: %w", path, ErrSecretNotFound)
	}
	return v, err
}

// Delete removes the secret called name; one not there is no error.
func (s Secrets) Delete(name string) error {
	if !secretName.MatchString(name) {
		return nil
	}
	if s.store == StoreKeyring {
		if err := keyring.Delete(keyringService, s.user+name); err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return fmt.Errorf("delete secret %s from os keyring: %w", name, err)
		}
		return nil
	}
	if err := os.Remove(filepath.Join(s.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete secret %s: %w", name, err)
	}
	return nil
}
