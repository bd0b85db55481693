package keys

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
)

// ErrSignatureInvalid reports a signature that does not verify: wrong key,
// wrong hash, altered or malformed signature bytes.
var ErrSignatureInvalid = errors.New("signature invalid")

// VerifySignature checks signatureB64, base64 of an IEEE P1363 r||s ECDSA
// signature, of the UTF-8 bytes of hash (SHA-256 digest) under
// publicKeyB64, base64 of a SubjectPublicKeyInfo DER. P-256 and P-384 keys
// are accepted; the curve comes from the key. A signature that does not
// verify returns an error matching [ErrSignatureInvalid]; an unreadable or
// unsupported key returns another error.
func VerifySignature(publicKeyB64, hash, signatureB64 string) error {
	pub, err := parsePublicKey(publicKeyB64)
	if err != nil {
		return err
	}
	sig, err := base64.StdEncoding.DecodeString(signatureB64)
	if err != nil {
		return fmt.Errorf("%w: signature is not base64: %w", ErrSignatureInvalid, err)
	}
	size := coordinateSize(pub.Curve)
	if len(sig) != 2*size {
		return fmt.Errorf("%w: %d signature bytes, want %d (P1363 r||s)", ErrSignatureInvalid, len(sig), 2*size)
	}
	r := new(big.Int).SetBytes(sig[:size])
	s := new(big.Int).SetBytes(sig[size:])
	digest := sha256.Sum256([]byte(hash))
	if !ecdsa.Verify(pub, digest[:], r, s) {
		return ErrSignatureInvalid
	}
	return nil
}

func parsePublicKey(publicKeyB64 string) (*ecdsa.PublicKey, error) {
	der, err := base64.StdEncoding.DecodeString(publicKeyB64)
	if err != nil {
		return nil, fmt.Errorf("decode public key: %w", err)
	}
	return parsePublicKeyDER(der)
}

// parsePublicKeyDER parses a SubjectPublicKeyInfo DER ECDSA key on a curve
// Sightline accepts.
func parsePublicKeyDER(der []byte) (*ecdsa.PublicKey, error) {
	parsed, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("decode public key: %w", err)
	}
	pub, ok := parsed.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("decode public key: %T, want ECDSA", parsed)
	}
	if _, err := curveName(pub.Curve); err != nil {
		return nil, fmt.Errorf("decode public key: %w", err)
	}
	return pub, nil
}

// CurveOf names the curve of a SubjectPublicKeyInfo DER public key:
// "P-384" or "P-256".
func CurveOf(publicKeyDER []byte) (string, error) {
	pub, err := parsePublicKeyDER(publicKeyDER)
	if err != nil {
		return "", err
	}
	return curveName(pub.Curve)
}

// curveName names the curves Sightline accepts: P-384 (what new keys use,
// and what ReplayWeb.page's anonymous mode imports) and P-256 (what keys
// made by earlier versions use).
func curveName(c elliptic.Curve) (string, error) {
	switch c {
	case elliptic.P256():
		return "P-256", nil
	case elliptic.P384():
		return "P-384", nil
	}
	return "", fmt.Errorf("unsupported curve %s, want P-256 or P-384", c.Params().Name)
}
