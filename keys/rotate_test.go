package keys

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRotateKeepsTheOldPublicKey(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", StoreFile)
	dir := t.TempDir()
	const id = "ws-rotate"
	first, err := Open(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := first.Sign("sha256:" + "ab12")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	old, current, err := Rotate(dir, id, at)
	if err != nil {
		t.Fatal(err)
	}
	if old.Fingerprint() != first.Fingerprint() || current.Fingerprint() == first.Fingerprint() {
		t.Fatalf("rotation: old %s current %s, first %s", old.Fingerprint(), current.Fingerprint(), first.Fingerprint())
	}
	reopened, err := Open(dir, id)
	if err != nil || reopened.Fingerprint() != current.Fingerprint() {
		t.Fatalf("after rotation Open gives %v (%v), want the new key", reopened, err)
	}
	retired, err := RetiredKeys(dir)
	if err != nil || len(retired) != 1 || retired[0].Fingerprint != first.Fingerprint() || retired[0].Curve != "P-384" || !retired[0].Retired.Equal(at) {
		t.Fatalf("retired keys %+v (%v)", retired, err)
	}
	if err := VerifySignature(base64.StdEncoding.EncodeToString(first.PublicKeyDER()), "sha256:ab12", sig); err != nil {
		t.Errorf("a signature of the retired key no longer verifies: %v", err)
	}
	if st, err := os.Stat(filepath.Join(dir, "keys", keyFileName)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file after rotation: %v %v", st.Mode(), err)
	}
	if _, _, err := Rotate(dir, id, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if retired, _ := RetiredKeys(dir); len(retired) != 2 || retired[1].Fingerprint != current.Fingerprint() {
		t.Errorf("second rotation: retired %+v", retired)
	}
}

// TestRotateReplacesP256Key covers the way off a P-256 key made by an
// earlier version: rotation makes a P-384 key and retires the P-256 one,
// whose signatures still verify.
func TestRotateReplacesP256Key(t *testing.T) {
	noKeyring(t)
	t.Setenv(envStore, StoreFile)
	dir := t.TempDir()
	const id = "ws-p256"
	writeP256KeyFile(t, dir)
	first, err := Open(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := first.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	old, current, err := Rotate(dir, id, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if old.Curve() != "P-256" || current.Curve() != "P-384" {
		t.Fatalf("rotation from %s gave %s, want P-256 to P-384", old.Curve(), current.Curve())
	}
	if reopened, err := Open(dir, id); err != nil || reopened.Curve() != "P-384" {
		t.Fatalf("after rotation Open gives %v (%v), want the P-384 key", reopened, err)
	}
	retired, err := RetiredKeys(dir)
	if err != nil || len(retired) != 1 || retired[0].Fingerprint != first.Fingerprint() || retired[0].Curve != "P-256" {
		t.Fatalf("retired keys %+v (%v), want the P-256 key", retired, err)
	}
	if err := VerifySignature(base64.StdEncoding.EncodeToString(first.PublicKeyDER()), testHash, sig); err != nil {
		t.Errorf("a signature of the retired P-256 key no longer verifies: %v", err)
	}
}
