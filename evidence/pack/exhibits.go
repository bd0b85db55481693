package pack

import (
	"github.com/sightline-osint/sightline/evidence/timestamp"

	"fmt"

	"github.com/sightline-osint/sightline/evidence"
)

// PackageIDError reports a bundle whose bundle id (the SHA-256 of its
// datapackage.json) is not the one the manifest lists for the exhibit.
type PackageIDError struct {
	File string
	Want string // listed in the manifest
	Got  string // found in the bundle
}

func (e *PackageIDError) Error() string {
	return fmt.Sprintf("%s: bundle id %s, %s lists %s", e.File, e.Got, ManifestName, e.Want)
}

// checkExhibits checks each exhibit of the manifest and its bundle, then
// any bundle in the pack that is no exhibit. Without a readable manifest,
// every bundle is still verified on its own.
func (v *verifier) checkExhibits() {
	known := map[string]bool{}
	if v.manifestOK {
		for _, e := range v.rep.Manifest.Exhibits {
			known[e.File] = true
			v.checkExhibit(e)
		}
	}
	for _, name := range v.names {
		if !isBundle(name) || known[name] {
			continue
		}
		if v.manifestOK {
			v.fail("exhibit", name, fmt.Errorf("%s: in the pack but not an exhibit of %s", name, ManifestName))
		}
		v.bundleChecks(name)
	}
}

// checkExhibit checks that the exhibit's bundle is in the pack with the
// SHA-256 and bundle id the manifest gives, verifies the bundle, and
// checks that the pack's key sealed it.
func (v *verifier) checkExhibit(e Entry) {
	err := v.checkListed(e.File, "manifest exhibit "+e.Ref, e.SHA256, -1)
	b, ok := v.bundles[e.File]
	if err == nil && ok && b.err == nil && b.rep.ID != e.PackageID {
		err = &PackageIDError{File: e.File, Want: e.PackageID, Got: b.rep.ID}
	}
	v.result("exhibit", e.File, err)
	v.bundleChecks(e.File)
	v.checkTimestamps(e)
	if !ok || b.err != nil {
		return
	}
	if b.rep.Fingerprint != v.rep.Manifest.KeyFingerprint {
		v.fail("bundle-key", e.File, fmt.Errorf("%w: %s is signed by key %s, the pack by %s",
			ErrKeyMismatch, e.File, b.rep.Fingerprint, v.rep.Manifest.KeyFingerprint))
	} else {
		v.pass("bundle-key", e.File)
	}
}

// bundleChecks adds a bundle's own findings under its name.
func (v *verifier) bundleChecks(name string) {
	b, ok := v.bundles[name]
	if !ok {
		return // not in the pack; the exhibit check says so
	}
	if b.err != nil {
		v.fail("bundle", name, b.err)
		return
	}
	for _, c := range b.rep.Checks {
		v.rep.Checks = append(v.rep.Checks, evidence.Check{Name: c.Name, File: name, Entry: c.File, OK: c.OK, Err: c.Err})
	}
}

// checkTimestamps checks each RFC 3161 reply of the exhibit: listed with
// its hash, and dating the exhibit's bundle identity under a valid
// signature. Who the authority is needs its CA, which the pack does not
// carry: VERIFY.txt says how to check it with openssl.
func (v *verifier) checkTimestamps(e Entry) {
	digest, derr := timestamp.Digest(e.PackageID)
	for _, f := range e.Timestamps {
		err := v.checkListed(f.Path, "manifest exhibit "+e.Ref, f.SHA256, f.Bytes)
		var reply []byte
		if err == nil {
			reply, err = v.read(f.Path, "manifest exhibit "+e.Ref)
		}
		if err == nil {
			err = derr
		}
		if err == nil {
			_, err = timestamp.Check(reply, digest, nil)
		}
		v.result("timestamp", f.Path, err)
	}
}
