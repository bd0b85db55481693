// Package testsigner signs as the workstation key does, for the tests of
// bundle and pack. It is written from crypto/ecdsa independently of
// package keys, so that those tests check keys' format rather than share
// its code: ECDSA over SHA-256 of the hash string's bytes, P1363 r||s,
// base64 (evidence/FORMAT.md §4).
package testsigner

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"testing"
)

// Signer is a test key. Err and OnSign let a test make signing fail or
// act at the moment of signing.
type Signer struct {
	Priv   *ecdsa.PrivateKey
	Err    error  // returned by Sign when set
	OnSign func() // called by Sign when set
}

// New makes a key on curve.
func New(t testing.TB, curve elliptic.Curve) *Signer {
	t.Helper()
	priv, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &Signer{Priv: priv}
}

// Load reads a PEM PKCS #8 private key, such as the published test keys
// in evidence/testdata/vectors/bundle.
func Load(t testing.TB, path string) *Signer {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	ec, ok := priv.(*ecdsa.PrivateKey)
	if !ok {
		t.Fatalf("%s: %T, want an ECDSA key", path, priv)
	}
	return &Signer{Priv: ec}
}

// Sign signs hash as keys.Key.Sign does.
func (s *Signer) Sign(hash string) (string, error) {
	if s.OnSign != nil {
		s.OnSign()
	}
	if s.Err != nil {
		return "", s.Err
	}
	digest := sha256.Sum256([]byte(hash))
	r, v, err := ecdsa.Sign(rand.Reader, s.Priv, digest[:])
	if err != nil {
		return "", err
	}
	size := (s.Priv.Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	v.FillBytes(sig[size:])
	return base64.StdEncoding.EncodeToString(sig), nil
}

// PublicKeyDER returns the public key as SubjectPublicKeyInfo DER.
func (s *Signer) PublicKeyDER() []byte {
	der, err := x509.MarshalPKIXPublicKey(&s.Priv.PublicKey)
	if err != nil {
		panic(err) // an ECDSA key on a named curve always marshals
	}
	return der
}
