package keys

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/zalando/go-keyring"
)

// createKeyring generates a key and stores it in the OS keyring. A key
// already there (the store record was lost) is used as it is. When no
// keyring service answers, the error is a [*KeyringUnavailableError].
func (p place) createKeyring() (*Key, error) {
	secret, err := p.keyringGet()
	if err == nil {
		return p.decodeKeyring(secret)
	}
	if !errors.Is(err, keyring.ErrNotFound) {
		return nil, err
	}
	k, err := newKey(StoreKeyring)
	if err != nil {
		return nil, err
	}
	data, err := k.encodePrivate()
	if err != nil {
		return nil, err
	}
	if err := keyring.Set(keyringService, p.user, string(data)); err != nil {
		return nil, fmt.Errorf("store key in os keyring: %w", err)
	}
	// Read back: if another process stored a key at the same moment, both
	// end up with whichever the keyring kept.
	return p.loadKeyring()
}

func (p place) loadKeyring() (*Key, error) {
	secret, err := p.keyringGet()
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, &KeyMissingError{Store: StoreKeyring, Location: keyringService + "/" + p.user}
	}
	if err != nil {
		return nil, err
	}
	return p.decodeKeyring(secret)
}

func (p place) decodeKeyring(secret string) (*Key, error) {
	k, err := decodePrivate([]byte(secret), StoreKeyring)
	if err != nil {
		return nil, fmt.Errorf("os keyring entry %s/%s: %w", keyringService, p.user, err)
	}
	return k, nil
}

// keyringGet reads the key's keyring entry. It returns keyring.ErrNotFound
// when the service answers without the entry, and a
// [*KeyringUnavailableError] for any other failure.
func (p place) keyringGet() (string, error) {
	if !sessionBusConfigured() {
		return "", &KeyringUnavailableError{Err: errors.New("no D-Bus session bus address")}
	}
	secret, err := keyring.Get(keyringService, p.user)
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return "", &KeyringUnavailableError{Err: err}
	}
	return secret, err
}

// sessionBusConfigured reports whether a D-Bus session bus can be found
// without autolaunching one. go-keyring reaches the Secret Service over the
// session bus, and godbus runs dbus-launch when it finds no address, which
// on a headless machine starts a bus daemon that outlives Sightline.
func sessionBusConfigured() bool {
	switch runtime.GOOS {
	case "darwin", "windows":
		return true // go-keyring uses no D-Bus there
	}
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return true
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = fmt.Sprintf("/run/user/%d", os.Getuid())
	}
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}
