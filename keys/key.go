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
	"fmt"
	"strings"
)

// Store names, as returned by [Key.Store] and written to the store record.
const (
	StoreKeyring = "keyring"
	StoreFile    = "file"
)

// Key is the workstation signing key: an ECDSA private key and the store
// that holds it. New keys are P-384; P-256 keys made by earlier versions
// still load and sign.
type Key struct {
	priv  *ecdsa.PrivateKey
	der   []byte // SubjectPublicKeyInfo DER of the public key
	store string
}

// Store reports where the private key lives: "keyring" or "file".
func (k *Key) Store() string { return k.store }

// Curve names the key's curve: "P-384", or "P-256" for a key made before
// Sightline switched to P-384. ReplayWeb.page checks only P-384 signatures.
func (k *Key) Curve() string {
	name, _ := curveName(k.priv.Curve) // decodePrivate and newKey admit only named curves
	return name
}

// PublicKeyDER returns the public key as SubjectPublicKeyInfo DER.
func (k *Key) PublicKeyDER() []byte { return append([]byte(nil), k.der...) }

// PublicKeyPEM returns the public key as a PEM "PUBLIC KEY" block.
func (k *Key) PublicKeyPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: k.der})
}

// Fingerprint returns "sha256:" and the hex SHA-256 of the public key's
// SubjectPublicKeyInfo DER.
func (k *Key) Fingerprint() string { return FingerprintOf(k.der) }

// FingerprintOf returns the fingerprint of a SubjectPublicKeyInfo DER public
// key, in the same form as [Key.Fingerprint].
func FingerprintOf(publicKeyDER []byte) string {
	sum := sha256.Sum256(publicKeyDER)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Sign signs hash, a string such as "sha256:ab12…", in the WACZ signing
// spec's anonymous mode: ECDSA over SHA-256 of the UTF-8 bytes of hash,
// returned as base64 (standard encoding) of the IEEE P1363 form r||s.
func (k *Key) Sign(hash string) (string, error) {
	if hash == "" {
		return "", errors.New("sign: empty hash")
	}
	digest := sha256.Sum256([]byte(hash))
	r, s, err := ecdsa.Sign(rand.Reader, k.priv, digest[:])
	if err != nil {
		return "", fmt.Errorf("sign %s: %w", hash, err)
	}
	size := coordinateSize(k.priv.Curve)
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	s.FillBytes(sig[size:])
	return base64.StdEncoding.EncodeToString(sig), nil
}

// coordinateSize is the byte length of r and s in a P1363 signature.
func coordinateSize(c elliptic.Curve) int {
	return (c.Params().BitSize + 7) / 8
}

// newKey generates a P-384 key held by store. P-384 is the curve
// ReplayWeb.page (wabac.js) imports anonymous-mode public keys with, so it
// can check our signatures; the message digest stays SHA-256.
func newKey(store string) (*Key, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate workstation key: %w", err)
	}
	return fromPrivate(priv, store)
}

func fromPrivate(priv *ecdsa.PrivateKey, store string) (*Key, error) {
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	return &Key{priv: priv, der: der, store: store}, nil
}

// encodePrivate returns the private key as a PEM "PRIVATE KEY" (PKCS #8)
// block, the form kept in both stores.
func (k *Key) encodePrivate() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k.priv)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// decodePrivate parses a stored private key: PEM "PRIVATE KEY", or bare
// base64 of the PKCS #8 DER. Only P-256 and P-384 ECDSA keys are accepted.
func decodePrivate(data []byte, store string) (*Key, error) {
	var der []byte
	if block, _ := pem.Decode(data); block != nil {
		if block.Type != "PRIVATE KEY" {
			return nil, fmt.Errorf("decode private key: PEM type %q, want PRIVATE KEY", block.Type)
		}
		der = block.Bytes
	} else {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
		if err != nil {
			return nil, fmt.Errorf("decode private key: neither PEM nor base64: %w", err)
		}
		der = b
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("decode private key: %w", err)
	}
	priv, ok := parsed.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("decode private key: %T, want ECDSA", parsed)
	}
	if _, err := curveName(priv.Curve); err != nil {
		return nil, fmt.Errorf("decode private key: %w", err)
	}
	return fromPrivate(priv, store)
}
