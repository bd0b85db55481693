package keys

import "fmt"

// KeyMissingError reports that the store record names a store but the key
// is not in it (the keyring entry or key file was deleted, or the workspace
// was copied without it). Open never replaces a missing key with a new one:
// bundles already signed name the old key.
type KeyMissingError struct {
	Store    string // "keyring" or "file"
	Location string // the keyring entry or the file path
}

func (e *KeyMissingError) Error() string {
	return fmt.Sprintf("workstation key missing from its %s store (%s)", e.Store, e.Location)
}

// StoreConflictError reports that SIGHTLINE_KEYRING asks for one store while
// the workspace's key already lives in another.
type StoreConflictError struct {
	Recorded  string // where the key lives
	Requested string // what SIGHTLINE_KEYRING asked for
}

func (e *StoreConflictError) Error() string {
	return fmt.Sprintf("workstation key lives in the %s store, SIGHTLINE_KEYRING asks for %s", e.Recorded, e.Requested)
}

// KeyringUnavailableError reports that no OS keyring service answered where
// one was required: SIGHTLINE_KEYRING=keyring, or a key recorded in the
// keyring.
type KeyringUnavailableError struct {
	Err error
}

func (e *KeyringUnavailableError) Error() string {
	return fmt.Sprintf("os keyring unavailable: %v", e.Err)
}

func (e *KeyringUnavailableError) Unwrap() error { return e.Err }
