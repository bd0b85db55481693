package keys

import (
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// noKeyring points go-keyring at a session bus that does not exist, so the
// keyring is unavailable the way it is on a headless server.
func noKeyring(t *testing.T) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	t.Setenv(envStore, "")
}

func TestOpenFallsBackToFile(t *testing.T) {
	noKeyring(t)
	dir := t.TempDir()
	k, err := Open(dir, "ws-1")
	if err != nil {
		t.Fatal(err)
	}
	if k.Store() != StoreFile {
		t.Fatalf("Store() = %q, want %q", k.Store(), StoreFile)
	}
	assertMode(t, filepath.Join(dir, "keys"), 0o700)
	keyFile := filepath.Join(dir, "keys", "workstation-key.pem")
	assertMode(t, keyFile, 0o600)
	assertRecord(t, dir, "file")

	// The file holds the key, readable by standard tools.
	data, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		t.Fatalf("key file is not a PEM PRIVATE KEY: %q", data)
	}
	priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(priv.(crypto.Signer).Public())
	if err != nil {
		t.Fatal(err)
	}
	if FingerprintOf(der) != k.Fingerprint() {
		t.Fatal("key file holds a different key")
	}

	again, err := Open(dir, "ws-1")
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != k.Fingerprint() || again.Store() != StoreFile {
		t.Fatalf("reopened key %s in %s, want %s in file", again.Fingerprint(), again.Store(), k.Fingerprint())
	}
	sig, err := again.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifySignature(base64.StdEncoding.EncodeToString(k.PublicKeyDER()), testHash, sig); err != nil {
		t.Fatalf("reopened key signs for another public key: %v", err)
	}
}

// TestOpenNoBusAddress covers a machine with no session bus at all: no
// address and no bus socket in the runtime directory.
func TestOpenNoBusAddress(t *testing.T) {
	noKeyring(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	k, err := Open(t.TempDir(), "ws-1")
	if err != nil {
		t.Fatal(err)
	}
	if k.Store() != StoreFile {
		t.Fatalf("Store() = %q, want file", k.Store())
	}
}

func TestOpenForcedFile(t *testing.T) {
	noKeyring(t)
	t.Setenv(envStore, "file")
	dir := t.TempDir()
	k, err := Open(dir, "ws-1")
	if err != nil {
		t.Fatal(err)
	}
	if k.Store() != StoreFile {
		t.Fatalf("Store() = %q, want file", k.Store())
	}
	assertRecord(t, dir, "file")
	t.Setenv(envStore, "keyring")
	_, err = Open(dir, "ws-1")
	var conflict *StoreConflictError
	if !errors.As(err, &conflict) || conflict.Recorded != "file" || conflict.Requested != "keyring" {
		t.Fatalf("SIGHTLINE_KEYRING=keyring on a file key: err %v, want StoreConflictError", err)
	}
}

func TestOpenForcedKeyringUnavailable(t *testing.T) {
	noKeyring(t)
	t.Setenv(envStore, "keyring")
	dir := t.TempDir()
	_, err := Open(dir, "ws-1")
	var unavailable *KeyringUnavailableError
	if !errors.As(err, &unavailable) {
		t.Fatalf("err %v, want KeyringUnavailableError", err)
	}
	assertNotExist(t, filepath.Join(dir, "keys", "workstation-key.pem"))
	assertNotExist(t, filepath.Join(dir, "keys", "store"))
}

// TestOpenRecordedKeyringUnavailable checks that a key recorded in the
// keyring is never silently replaced by a file key when the keyring is
// down.
func TestOpenRecordedKeyringUnavailable(t *testing.T) {
	noKeyring(t)
	dir := t.TempDir()
	writeRecord(t, dir, "keyring\n")
	_, err := Open(dir, "ws-1")
	var unavailable *KeyringUnavailableError
	if !errors.As(err, &unavailable) {
		t.Fatalf("err %v, want KeyringUnavailableError", err)
	}
	assertNotExist(t, filepath.Join(dir, "keys", "workstation-key.pem"))
	assertRecord(t, dir, "keyring")
}

func TestOpenKeyFileMissing(t *testing.T) {
	noKeyring(t)
	dir := t.TempDir()
	if _, err := Open(dir, "ws-1"); err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "keys", "workstation-key.pem")
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir, "ws-1")
	var missing *KeyMissingError
	if !errors.As(err, &missing) || missing.Store != "file" {
		t.Fatalf("err %v, want KeyMissingError for the file store", err)
	}
	assertNotExist(t, keyFile)
}

// TestOpenKeyFileWithoutRecord covers a crash between writing the key file
// and the store record: the file key is used, not a new keyring key.
func TestOpenKeyFileWithoutRecord(t *testing.T) {
	noKeyring(t)
	dir := t.TempDir()
	k, err := Open(dir, "ws-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "keys", "store")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	again, err := Open(dir, "ws-1")
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != k.Fingerprint() {
		t.Fatal("key changed after the store record was lost")
	}
}

func TestOpenRejectsBadState(t *testing.T) {
	noKeyring(t)
	t.Run("insecure mode", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := Open(dir, "ws-1"); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, "keys", "workstation-key.pem"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(dir, "ws-1"); err == nil {
			t.Fatal("opened a world-readable key file")
		}
	})
	t.Run("corrupt key file", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := Open(dir, "ws-1"); err != nil {
			t.Fatal(err)
		}
		keyFile := filepath.Join(dir, "keys", "workstation-key.pem")
		if err := os.WriteFile(keyFile, []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(dir, "ws-1"); err == nil {
			t.Fatal("opened a corrupt key file")
		}
	})
	t.Run("unknown record", func(t *testing.T) {
		dir := t.TempDir()
		writeRecord(t, dir, "tpm\n")
		if _, err := Open(dir, "ws-1"); err == nil {
			t.Fatal("opened with an unknown store record")
		}
	})
	t.Run("bad env", func(t *testing.T) {
		t.Setenv(envStore, "vault")
		if _, err := Open(t.TempDir(), "ws-1"); err == nil {
			t.Fatal("accepted SIGHTLINE_KEYRING=vault")
		}
	})
	t.Run("empty workspace id", func(t *testing.T) {
		if _, err := Open(t.TempDir(), ""); err == nil {
			t.Fatal("accepted an empty workspace id")
		}
	})
}

// TestOpenConcurrentFirstUse checks that processes racing to create the key
// end up with one key.
func TestOpenConcurrentFirstUse(t *testing.T) {
	noKeyring(t)
	dir := t.TempDir()
	const n = 8
	prints := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			k, err := Open(dir, "ws-1")
			errs[i] = err
			if err == nil {
				prints[i] = k.Fingerprint()
			}
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if prints[i] != prints[0] {
			t.Fatalf("concurrent first use made two keys: %s and %s", prints[0], prints[i])
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, "keys"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("keys directory holds %d entries, want the key file and the record", len(entries))
	}
}

func assertMode(t *testing.T, name string, want fs.FileMode) {
	t.Helper()
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Fatalf("%s has mode %04o, want %04o", name, got, want)
	}
}

func assertRecord(t *testing.T, dir, want string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "keys", "store"))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != want+"\n" {
		t.Fatalf("store record %q, want %q", data, want+"\n")
	}
}

func assertNotExist(t *testing.T, name string) {
	t.Helper()
	if _, err := os.Stat(name); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%s exists (stat err %v)", name, err)
	}
}

func writeRecord(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "keys"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "keys", "store"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
