package bundle

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sightline-osint/sightline/keys"
)

// checkDigest checks datapackage-digest.json: that it matches
// datapackage.json and that its signature verifies.
func (v *verifier) checkDigest() {
	d, err := v.readDigest()
	if err != nil {
		v.fail("digest-file", DigestName, fmt.Errorf("%w: %w", ErrDigestMismatch, err))
		v.fail("signature", DigestName, fmt.Errorf("%w: no readable digest file", ErrSignatureInvalid))
		return
	}
	v.pass("digest-file", DigestName)
	v.rep.PublicKey = d.SignedData.PublicKey
	if der, err := base64.StdEncoding.DecodeString(d.SignedData.PublicKey); err == nil && len(der) > 0 {
		v.rep.Fingerprint = keys.FingerprintOf(der)
	}
	v.checkDigestHashes(d)
	v.checkSignature(d)
}

// checkDigestHashes checks datapackage.json against the digest file's hash,
// and that hash against signedData.hash.
func (v *verifier) checkDigestHashes(d digestFile) {
	switch {
	case v.dpBytes == nil:
		v.fail("digest", DatapackageName, fmt.Errorf("%w: %w", ErrDigestMismatch, v.dpErr))
	case v.rep.ID != d.Hash:
		v.fail("digest", DatapackageName, fmt.Errorf("%w: %s hashes to %s, %s lists %s",
			ErrDigestMismatch, DatapackageName, v.rep.ID, DigestName, d.Hash))
	default:
		v.pass("digest", DatapackageName)
	}

	if d.Hash != d.SignedData.Hash {
		v.fail("signed-hash", DigestName, fmt.Errorf("%w: hash %s, signedData.hash %s",
			ErrDigestMismatch, d.Hash, d.SignedData.Hash))
	} else {
		v.pass("signed-hash", DigestName)
	}
}

// checkSignature verifies signedData's signature of signedData.hash under
// signedData's public key.
func (v *verifier) checkSignature(d digestFile) {
	err := keys.VerifySignature(d.SignedData.PublicKey, d.SignedData.Hash, d.SignedData.Signature)
	if err != nil && !errors.Is(err, ErrSignatureInvalid) {
		err = fmt.Errorf("%w: %w", ErrSignatureInvalid, err)
	}
	if err != nil {
		v.fail("signature", DigestName, err)
	} else {
		v.pass("signature", DigestName)
	}
}

func (v *verifier) readDigest() (digestFile, error) {
	var d digestFile
	f := v.entry(DigestName)
	if f == nil {
		return d, &MissingFileError{File: DigestName}
	}
	data, err := readSmallEntry(v.ctx, f)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return d, fmt.Errorf("parse %s: %w", DigestName, err)
	}
	if d.Path != DatapackageName {
		return d, fmt.Errorf("%s: path %q, want %q", DigestName, d.Path, DatapackageName)
	}
	return d, nil
}
