package pack

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/sightline-osint/sightline/keys"
)

// checkKey reads public-key.pem, records its fingerprint and compares it
// with the manifest's key_fingerprint. It returns the key as base64 SPKI
// DER, or "" when it is unreadable.
func (v *verifier) checkKey() string {
	der, err := v.readKey()
	if err != nil {
		v.fail("key", PublicKeyName, err)
		return ""
	}
	v.rep.Fingerprint = keys.FingerprintOf(der)
	switch {
	case !v.manifestOK:
		v.fail("key", PublicKeyName, fmt.Errorf("%w: no readable %s names the key", ErrKeyMismatch, ManifestName))
	case v.rep.Fingerprint != v.rep.Manifest.KeyFingerprint:
		v.fail("key", PublicKeyName, fmt.Errorf("%w: %s has key %s, %s names %s",
			ErrKeyMismatch, PublicKeyName, v.rep.Fingerprint, ManifestName, v.rep.Manifest.KeyFingerprint))
	default:
		v.pass("key", PublicKeyName)
	}
	return base64.StdEncoding.EncodeToString(der)
}

// readKey returns the SPKI DER of public-key.pem's ECDSA key.
func (v *verifier) readKey() ([]byte, error) {
	data, err := v.read(PublicKeyName, "the pack format")
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("%s: no PEM PUBLIC KEY block", PublicKeyName)
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", PublicKeyName, err)
	}
	if _, ok := pub.(*ecdsa.PublicKey); !ok {
		return nil, fmt.Errorf("%s: %T, want an ECDSA key", PublicKeyName, pub)
	}
	return block.Bytes, nil
}

// checkSignature verifies manifest.sig over the pack id under pub.
func (v *verifier) checkSignature(pub string) {
	sig, err := v.read(SignatureName, "the pack format")
	switch {
	case err != nil:
	case v.rep.ID == "":
		err = fmt.Errorf("%w: no %s to verify", ErrSignatureInvalid, ManifestName)
	case pub == "":
		err = fmt.Errorf("%w: no readable %s", ErrSignatureInvalid, PublicKeyName)
	default:
		err = keys.VerifySignature(pub, v.rep.ID, strings.TrimSpace(string(sig)))
		if err != nil && !errors.Is(err, ErrSignatureInvalid) {
			err = fmt.Errorf("%w: %w", ErrSignatureInvalid, err)
		}
	}
	v.result("signature", SignatureName, err)
}
