package keys

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestSecretsFile: without a keyring, secrets are 0600 files beside the
// key file; set, replaced, read, deleted; a file others may read is refused.
func TestSecretsFile(t *testing.T) {
	noKeyring(t)
	dir := t.TempDir()
	k, err := Open(dir, "ws-secrets")
	if err != nil {
		t.Fatal(err)
	}
	s := SecretsOf(k, dir, "ws-secrets")
	if s.Store() != StoreFile {
		t.Fatalf("store %q, want file", s.Store())
	}
	testSecrets(t, s)
	path := filepath.Join(dir, "keys", "secrets", "proxy.covert")
	if err := s.Set("proxy.covert", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("secret file %v, %v; want mode 0600", info, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("proxy.covert"); err == nil {
		t.Error("a secret file others may read was read")
	}
	if err := s.Set("../x", []byte("v")); err == nil {
		t.Error("a secret named ../x was kept")
	}
}

// testSecrets runs the store's round trip, in either store.
func testSecrets(t *testing.T, s Secrets) {
	t.Helper()
	if _, err := s.Get("proxy.covert"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("unset secret: %v, want ErrSecretNotFound", err)
	}
	for _, v := range []string{"first", "second\x00with a NUL"} {
		if err := s.Set("proxy.covert", []byte(v)); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get("proxy.covert")
		if err != nil || string(got) != v {
			t.Fatalf("Get = %q, %v; want %q", got, err, v)
		}
	}
	if err := s.Delete("proxy.covert"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("proxy.covert"); err != nil {
		t.Fatalf("deleting a deleted secret: %v", err)
	}
	if _, err := s.Get("proxy.covert"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("deleted secret: %v, want ErrSecretNotFound", err)
	}
}
