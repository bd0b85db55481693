package keys

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sightline-osint/sightline/internal/atomicfile"
)

const (
	envStore          = "SIGHTLINE_KEYRING"
	keyringService    = "sightline"
	keyringUserPrefix = "workstation-key/"
	keysDirName       = "keys"
	keyFileName       = "workstation-key.pem"
	recordFileName    = "store"
)

// place is where one workspace's key may live.
type place struct {
	dir  string // <workspace>/keys: key file and store record
	user string // keyring user: "workstation-key/<workspace id>"
}

func (p place) keyFile() string    { return filepath.Join(p.dir, keyFileName) }
func (p place) recordFile() string { return filepath.Join(p.dir, recordFileName) }

// Open loads the workstation key of the workspace in dir, creating it on
// first use.
//
// A new key goes to the OS keyring (service "sightline", user
// "workstation-key/"+workspaceID) when a keyring service answers, and
// otherwise to dir/keys/workstation-key.pem (mode 0600, directory 0700).
// The chosen store is recorded in dir/keys/store and used from then on; a
// key missing from its recorded store is a [*KeyMissingError]. Environment
// SIGHTLINE_KEYRING=file forces the file store; =keyring forces the keyring
// and fails with [*KeyringUnavailableError] when it does not answer.
func Open(dir, workspaceID string) (*Key, error) {
	k, err := open(dir, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("open workstation key in %s: %w", dir, err)
	}
	return k, nil
}

func open(dir, workspaceID string) (*Key, error) {
	if workspaceID == "" {
		return nil, errors.New("empty workspace id")
	}
	requested, err := requestedStore()
	if err != nil {
		return nil, err
	}
	p := place{dir: filepath.Join(dir, keysDirName), user: keyringUserPrefix + workspaceID}
	recorded, err := p.readRecord()
	if err != nil {
		return nil, err
	}
	if recorded == "" {
		return p.create(requested)
	}
	if requested != "" && requested != recorded {
		return nil, &StoreConflictError{Recorded: recorded, Requested: requested}
	}
	if recorded == StoreFile {
		return p.loadFile()
	}
	return p.loadKeyring()
}

// requestedStore reads SIGHTLINE_KEYRING: "", "file" or "keyring".
func requestedStore() (string, error) {
	switch v := os.Getenv(envStore); v {
	case "", StoreFile, StoreKeyring:
		return v, nil
	default:
		return "", fmt.Errorf("%s=%q, want %q or %q", envStore, v, StoreFile, StoreKeyring)
	}
}

// create makes a new key in the requested store, or in the keyring when it
// answers and else in a file, and records the store.
func (p place) create(requested string) (*Key, error) {
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create key directory: %w", err)
	}
	var k *Key
	var err error
	switch requested {
	case StoreFile:
		k, err = p.createFile()
	case StoreKeyring:
		k, err = p.createKeyring()
	default:
		k, err = p.createKeyring()
		var unavailable *KeyringUnavailableError
		if errors.As(err, &unavailable) {
			k, err = p.createFile()
		}
	}
	if err != nil {
		return nil, err
	}
	if err := p.writeRecord(k.store); err != nil {
		return nil, err
	}
	return k, nil
}

// readRecord returns the recorded store, or "" when none is recorded. A key
// file without a record (a crash between writing the two) counts as "file".
func (p place) readRecord() (string, error) {
	data, err := os.ReadFile(p.recordFile())
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(p.keyFile()); err == nil {
			return StoreFile, nil
		}
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read key store record: %w", err)
	}
	switch s := string(bytes.TrimSpace(data)); s {
	case StoreFile, StoreKeyring:
		return s, nil
	default:
		return "", fmt.Errorf("key store record %s holds %q, want %q or %q", p.recordFile(), s, StoreFile, StoreKeyring)
	}
}

func (p place) writeRecord(store string) error {
	if err := atomicfile.WriteFile(p.recordFile(), []byte(store+"\n"), 0o600, true); err != nil {
		return fmt.Errorf("record key store: %w", err)
	}
	return nil
}
