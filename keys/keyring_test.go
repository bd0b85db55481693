package keys

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// keyringChildEnv marks the copy of the test binary that runs inside a
// private D-Bus session with gnome-keyring's Secret Service.
const keyringChildEnv = "SIGHTLINE_KEYRING_TEST_CHILD"

// secretServiceScript starts and unlocks a gnome-keyring Secret Service
// (creating its login keyring with password "pw") on the session bus of
// dbus-run-session, then runs the test binary. It needs no display and no
// daemon running beforehand, and works as root.
const secretServiceScript = `printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" "$@"`

// TestKeyringSecretService checks the keyring store against a real Secret
// Service. It re-runs this test binary under dbus-run-session with a fresh
// gnome-keyring-daemon.
func TestKeyringSecretService(t *testing.T) {
	if os.Getenv(keyringChildEnv) == "1" {
		testSecretService(t)
		return
	}
	testenv.Commands(t, "dbus-run-session", "gnome-keyring-daemon")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dbus-run-session", "--", "sh", "-c", secretServiceScript,
		exe, "-test.run=^TestKeyringSecretService$", "-test.v", "-test.count=1")
	cmd.Env = secretServiceEnv(t)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("secret service run:\n%s", out)
	if err != nil {
		t.Fatalf("secret service run: %v", err)
	}
	if !bytes.Contains(out, []byte("--- PASS: TestKeyringSecretService")) {
		t.Fatal("the test did not run and pass inside the D-Bus session")
	}
}

// secretServiceEnv is this process's environment without any session bus,
// display or keyring setting, with a private home and runtime directory.
func secretServiceEnv(t *testing.T) []string {
	home := t.TempDir()
	run := filepath.Join(home, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "DBUS_SESSION_BUS_ADDRESS", name == "DISPLAY", name == "WAYLAND_DISPLAY",
			name == "HOME", name == envStore, name == keyringChildEnv, strings.HasPrefix(name, "XDG_"):
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		keyringChildEnv+"=1",
		"HOME="+home,
		"XDG_RUNTIME_DIR="+run,
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"),
	)
}

// testSecretService runs inside the D-Bus session.
func testSecretService(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: not running under dbus-run-session")
	}
	dir := t.TempDir()
	k, err := Open(dir, "ws-ss")
	if err != nil {
		t.Fatal(err)
	}
	if k.Store() != StoreKeyring || k.Curve() != "P-384" {
		t.Fatalf("new key: Store() = %q, Curve() = %q, want keyring, P-384", k.Store(), k.Curve())
	}
	assertNotExist(t, filepath.Join(dir, "keys", "workstation-key.pem"))
	assertRecord(t, dir, "keyring")

	again, err := Open(dir, "ws-ss")
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != k.Fingerprint() || again.Store() != StoreKeyring {
		t.Fatalf("reopened key %s in %s, want %s in keyring", again.Fingerprint(), again.Store(), k.Fingerprint())
	}
	sig, err := again.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifySignature(base64.StdEncoding.EncodeToString(k.PublicKeyDER()), testHash, sig); err != nil {
		t.Fatalf("reopened key signs for another public key: %v", err)
	}
	assertKeyringEntry(t, "workstation-key/ws-ss", k)
	assertNotExist(t, filepath.Join(dir, "keys", "workstation-key.pem"))

	secrets := SecretsOf(k, dir, "ws-ss")
	if secrets.Store() != StoreKeyring {
		t.Fatalf("secrets of a keyring key in %q", secrets.Store())
	}
	testSecrets(t, secrets)
	if err := secrets.Set("proxy.covert", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	if v, err := keyring.Get("sightline", "secret/ws-ss/proxy.covert"); err != nil || v != "kept" {
		t.Fatalf("keyring entry secret/ws-ss/proxy.covert = %q, %v", v, err)
	}
	assertNotExist(t, filepath.Join(dir, "keys", "secrets"))

	testSecretServiceStores(t, dir, k)
	testSecretServiceP256(t)
}

// testSecretServiceP256 rotates a P-256 keyring key, as an earlier version
// made it, to a P-384 key in the keyring.
func testSecretServiceP256(t *testing.T) {
	t.Setenv(envStore, "")
	dir := t.TempDir()
	if err := keyring.Set("sightline", "workstation-key/ws-p256", string(p256KeyPEM(t))); err != nil {
		t.Fatal(err)
	}
	writeRecord(t, dir, "keyring\n")
	old, current, err := Rotate(dir, "ws-p256", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if old.Curve() != "P-256" || current.Curve() != "P-384" || current.Store() != StoreKeyring {
		t.Fatalf("keyring rotation: %s to %s in %s, want P-256 to P-384 in keyring", old.Curve(), current.Curve(), current.Store())
	}
	assertKeyringEntry(t, "workstation-key/ws-p256", current)
}

// testSecretServiceStores checks the store rules with a keyring that
// answers.
func testSecretServiceStores(t *testing.T, dir string, k *Key) {
	t.Setenv(envStore, "file")
	_, err := Open(dir, "ws-ss")
	var conflict *StoreConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("SIGHTLINE_KEYRING=file on a keyring key: err %v, want StoreConflictError", err)
	}
	fileKey, err := Open(t.TempDir(), "ws-file")
	if err != nil {
		t.Fatal(err)
	}
	if fileKey.Store() != StoreFile {
		t.Fatalf("SIGHTLINE_KEYRING=file with a keyring present: Store() = %q", fileKey.Store())
	}
	if _, err := keyring.Get("sightline", "workstation-key/ws-file"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("file-store key also reached the keyring (err %v)", err)
	}

	t.Setenv(envStore, "keyring")
	forced, err := Open(t.TempDir(), "ws-forced")
	if err != nil {
		t.Fatal(err)
	}
	if forced.Store() != StoreKeyring || forced.Fingerprint() == k.Fingerprint() {
		t.Fatalf("SIGHTLINE_KEYRING=keyring: got %s in %s", forced.Fingerprint(), forced.Store())
	}

	t.Setenv(envStore, "")
	if err := keyring.Delete("sightline", "workstation-key/ws-ss"); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, "ws-ss")
	var missing *KeyMissingError
	if !errors.As(err, &missing) || missing.Store != StoreKeyring {
		t.Fatalf("deleted keyring entry: err %v, want KeyMissingError", err)
	}
	if _, err := keyring.Get("sightline", "workstation-key/ws-ss"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("Open replaced a missing keyring key (err %v)", err)
	}
}

// assertKeyringEntry reads the keyring entry directly and checks it holds
// k's private key as PEM PKCS #8.
func assertKeyringEntry(t *testing.T, user string, k *Key) {
	t.Helper()
	secret, err := keyring.Get("sightline", user)
	if err != nil {
		t.Fatalf("keyring entry %s: %v", user, err)
	}
	block, _ := pem.Decode([]byte(secret))
	if block == nil || block.Type != "PRIVATE KEY" {
		t.Fatalf("keyring entry is not PEM PRIVATE KEY: %.40q", secret)
	}
	priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(priv.(crypto.Signer).Public())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(der, k.PublicKeyDER()) {
		t.Fatal("keyring entry holds a different key")
	}
}
