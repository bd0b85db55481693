package keys

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testHash = "sha256:ec1f44ab13e2c94b0ddf66e9673d585ba4a77e6f8c9cc30d8665da434557e885"

// testKey returns a new key in the file store of a fresh workspace.
func testKey(t *testing.T) *Key {
	t.Helper()
	noKeyring(t)
	t.Setenv(envStore, StoreFile)
	k, err := Open(t.TempDir(), "ws-test")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSignVerifyRoundTrip(t *testing.T) {
	k := testKey(t)
	pub := base64.StdEncoding.EncodeToString(k.PublicKeyDER())
	sig, err := k.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		t.Fatalf("signature is not standard base64: %v", err)
	}
	if k.Curve() != "P-384" || len(raw) != 96 || len(sig) != 128 {
		t.Fatalf("new key on %s signs %d bytes (%d base64), want P-384 P1363: 96 (128)", k.Curve(), len(raw), len(sig))
	}
	if err := VerifySignature(pub, testHash, sig); err != nil {
		t.Fatalf("own signature does not verify: %v", err)
	}

	// An independent check with crypto/ecdsa: SHA-256 of the hash string's
	// bytes, r||s halves.
	parsed, err := x509.ParsePKIXPublicKey(k.PublicKeyDER())
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(testHash))
	r, s := new(big.Int).SetBytes(raw[:48]), new(big.Int).SetBytes(raw[48:])
	if !ecdsa.Verify(parsed.(*ecdsa.PublicKey), digest[:], r, s) {
		t.Fatal("crypto/ecdsa rejects the signature")
	}
}

// TestP256KeyStillSigns covers a workspace whose key an earlier version
// made on P-256: it loads, names its curve and signs with 64-byte P1363
// signatures that verify.
func TestP256KeyStillSigns(t *testing.T) {
	noKeyring(t)
	t.Setenv(envStore, StoreFile)
	dir := t.TempDir()
	writeP256KeyFile(t, dir)
	k, err := Open(dir, "ws-p256")
	if err != nil {
		t.Fatal(err)
	}
	sig, err := k.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sig)
	if k.Curve() != "P-256" || len(raw) != 64 || len(sig) != 88 {
		t.Fatalf("P-256 key: Curve() %q, signature %d bytes (%d base64), want P-256, 64 (88)", k.Curve(), len(raw), len(sig))
	}
	if err := VerifySignature(base64.StdEncoding.EncodeToString(k.PublicKeyDER()), testHash, sig); err != nil {
		t.Fatalf("P-256 signature does not verify: %v", err)
	}
}

// p256KeyPEM returns a new P-256 private key as PEM PKCS #8, the form in
// which versions before the switch to P-384 stored their keys.
func p256KeyPEM(t *testing.T) []byte {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// writeP256KeyFile puts a new P-256 key in dir's key file.
func writeP256KeyFile(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, keysDirName), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, keysDirName, keyFileName), p256KeyPEM(t), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyRejectsTampering(t *testing.T) {
	k := testKey(t)
	other := testKey(t)
	pub := base64.StdEncoding.EncodeToString(k.PublicKeyDER())
	sig, err := k.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sig)
	for _, i := range []int{0, 47, 48, 95} {
		flipped := append([]byte(nil), raw...)
		flipped[i] ^= 0x01
		err := VerifySignature(pub, testHash, base64.StdEncoding.EncodeToString(flipped))
		if !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("flipped signature byte %d: err %v, want ErrSignatureInvalid", i, err)
		}
	}
	otherHash := strings.Replace(testHash, "ec1f", "ec1e", 1)
	if err := VerifySignature(pub, otherHash, sig); !errors.Is(err, ErrSignatureInvalid) {
		t.Errorf("changed hash: err %v, want ErrSignatureInvalid", err)
	}
	otherPub := base64.StdEncoding.EncodeToString(other.PublicKeyDER())
	if err := VerifySignature(otherPub, testHash, sig); !errors.Is(err, ErrSignatureInvalid) {
		t.Errorf("other key: err %v, want ErrSignatureInvalid", err)
	}
	if err := VerifySignature(pub, testHash, sig[:len(sig)-4]); !errors.Is(err, ErrSignatureInvalid) {
		t.Errorf("short signature: err %v, want ErrSignatureInvalid", err)
	}
	if err := VerifySignature("not base64!", testHash, sig); err == nil || errors.Is(err, ErrSignatureInvalid) {
		t.Errorf("bad public key: err %v, want a key error", err)
	}
}

// TestVerifyRejectsASN1 checks that only the P1363 form is accepted: a DER
// signature is what WebCrypto would reject too.
func TestVerifyRejectsASN1(t *testing.T) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(testHash))
	der, err := ecdsa.SignASN1(rand.Reader, priv, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	pub := spkiB64(t, &priv.PublicKey)
	err = VerifySignature(pub, testHash, base64.StdEncoding.EncodeToString(der))
	if !errors.Is(err, ErrSignatureInvalid) {
		t.Fatalf("ASN.1 signature: err %v, want ErrSignatureInvalid", err)
	}
}

func TestVerifyCurves(t *testing.T) {
	for _, tc := range []struct {
		curve elliptic.Curve
		ok    bool
	}{{elliptic.P256(), true}, {elliptic.P384(), true}, {elliptic.P521(), false}} {
		t.Run(tc.curve.Params().Name, func(t *testing.T) {
			priv, err := ecdsa.GenerateKey(tc.curve, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			sig := signP1363(t, priv, testHash)
			err = VerifySignature(spkiB64(t, &priv.PublicKey), testHash, sig)
			if tc.ok && err != nil {
				t.Fatalf("valid signature rejected: %v", err)
			}
			if !tc.ok && (err == nil || errors.Is(err, ErrSignatureInvalid)) {
				t.Fatalf("unsupported curve: err %v, want a key error", err)
			}
		})
	}
}

func TestFingerprintAndPEM(t *testing.T) {
	k := testKey(t)
	sum := sha256.Sum256(k.PublicKeyDER())
	if want := "sha256:" + hex.EncodeToString(sum[:]); k.Fingerprint() != want {
		t.Fatalf("Fingerprint %s, want %s", k.Fingerprint(), want)
	}
	block, rest := pem.Decode(k.PublicKeyPEM())
	if block == nil || block.Type != "PUBLIC KEY" || len(rest) != 0 {
		t.Fatalf("PublicKeyPEM is not one PUBLIC KEY block: %q", k.PublicKeyPEM())
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if ec, ok := pub.(*ecdsa.PublicKey); !ok || ec.Curve != elliptic.P384() {
		t.Fatalf("public key %T, want ECDSA P-384", pub)
	}
	der := k.PublicKeyDER()
	der[0] ^= 0xff
	if k.Fingerprint() != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Fatal("PublicKeyDER returned the key's own buffer")
	}
}

func spkiB64(t *testing.T, pub *ecdsa.PublicKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

// signP1363 signs independently of Key.Sign.
func signP1363(t *testing.T, priv *ecdsa.PrivateKey, hash string) string {
	t.Helper()
	digest := sha256.Sum256([]byte(hash))
	r, s, err := ecdsa.Sign(rand.Reader, priv, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	size := (priv.Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	s.FillBytes(sig[size:])
	return base64.StdEncoding.EncodeToString(sig)
}
