package bundle

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
)

// Report is the outcome of verifying one bundle ([Verify]). Its checks
// are named:
// "datapackage" (datapackage.json present and parsable), "version"
// (known profile and wacz_version), "present", "hash" and "size" (per
// listed resource), "duplicate" (a path in the ZIP or the resource list
// twice), "listed" (a file in the ZIP that is not listed), "digest-file"
// (datapackage-digest.json present and parsable), "digest"
// (datapackage.json matches the digest file's hash), "signed-hash" (the
// digest file's hash equals signedData.hash) and "signature" (signedData's
// signature verifies under its public key) and "warc" (every record of a
// listed .warc.gz has the block and payload digests it claims). Its ID is
// the bundle's identity and Fingerprint that of the embedded public key.
type Report struct {
	evidence.Verification
	PublicKey string // base64 SPKI DER from the digest file, as found
	Meta      Meta   // from datapackage.json
}

// Verify checks the bundle at path and reports every finding, not only the
// first: each listed resource present with its SHA-256 and size, no
// unlisted or duplicate files, every WARC record's digests, datapackage.json
// matching the digest file, and the signature valid under the embedded
// public key. Each file is read once. It needs no workspace and no keyring.
// The error is non-nil only when the file cannot be read as a ZIP at all or
// ctx is cancelled; a damaged bundle gives a Report with failed checks.
func Verify(ctx context.Context, path string) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return newReport(path), fmt.Errorf("verify bundle: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return newReport(path), fmt.Errorf("verify bundle: %w", err)
	}
	return VerifyReader(ctx, path, f, st.Size())
}

// VerifyReader is [Verify] for a bundle of size bytes read from r, such as
// a bundle stored inside an export pack; name is what the Report and errors
// call it.
func VerifyReader(ctx context.Context, name string, r io.ReaderAt, size int64) (Report, error) {
	rep := newReport(name)
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return rep, fmt.Errorf("verify bundle %s: %w", name, err)
	}
	v := &verifier{ctx: ctx, bundle: r, files: zr.File, rep: &rep}
	v.run()
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("verify bundle %s: %w", name, err)
	}
	return rep, nil
}

// verifier accumulates the checks of one Verify call.
type verifier struct {
	ctx     context.Context
	bundle  io.ReaderAt // the bundle's bytes
	files   []*zip.File
	rep     *Report
	dpBytes []byte // datapackage.json as read; nil if unreadable
	dpErr   error  // why it is unreadable
}

func (v *verifier) run() {
	v.checkDuplicates()
	v.checkPaths()
	dp, ok := v.readDatapackage()
	if ok {
		v.checkResources(dp)
		v.checkListed(dp)
	}
	if v.ctx.Err() != nil {
		return
	}
	v.checkDigest()
}

func newReport(path string) Report {
	return Report{Verification: evidence.Verification{Path: path}}
}

func (v *verifier) pass(name, file string) { v.rep.Result(name, file, nil) }

func (v *verifier) fail(name, file string, err error) { v.rep.Result(name, file, err) }

// entry returns the first ZIP entry named name, or nil.
func (v *verifier) entry(name string) *zip.File {
	for _, f := range v.files {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func (v *verifier) checkDuplicates() {
	count := make(map[string]int, len(v.files))
	for _, f := range v.files {
		count[f.Name]++
		if count[f.Name] == 2 {
			v.fail("duplicate", f.Name, &DuplicateFileError{File: f.Name})
		}
	}
}

// checkPaths fails check "path" for each entry a program extracting the
// bundle could be led by outside its directory (zipentry.Unsafe).
func (v *verifier) checkPaths() {
	for _, f := range v.files {
		if err := zipentry.CheckSafe(f); err != nil {
			v.fail("path", f.Name, err)
		}
	}
}

// readDatapackage reads and parses datapackage.json and checks its version.
func (v *verifier) readDatapackage() (datapackage, bool) {
	var dp datapackage
	f := v.entry(DatapackageName)
	if f == nil {
		v.dpErr = &MissingFileError{File: DatapackageName}
		v.fail("datapackage", DatapackageName, v.dpErr)
		return dp, false
	}
	data, err := readSmallEntry(v.ctx, f)
	if err != nil {
		v.dpErr = err
		v.fail("datapackage", DatapackageName, err)
		return dp, false
	}
	v.dpBytes = data
	v.rep.ID = hashOf(data)
	if err := json.Unmarshal(data, &dp); err != nil {
		v.fail("datapackage", DatapackageName, fmt.Errorf("parse %s: %w", DatapackageName, err))
		return dp, false
	}
	v.pass("datapackage", DatapackageName)
	v.rep.Meta = dp.meta()
	if dp.Profile != Profile || dp.WACZVersion != WACZVersion {
		v.fail("version", DatapackageName, fmt.Errorf("%w: profile %q, wacz_version %q, want %q, %q",
			ErrUnsupportedVersion, dp.Profile, dp.WACZVersion, Profile, WACZVersion))
	} else {
		v.pass("version", DatapackageName)
	}
	return dp, true
}

func (v *verifier) checkResources(dp datapackage) {
	seen := make(map[string]bool, len(dp.Resources))
	for _, r := range dp.Resources {
		if v.ctx.Err() != nil {
			return
		}
		if seen[r.Path] {
			v.fail("duplicate", r.Path, &DuplicateFileError{File: r.Path})
			continue
		}
		seen[r.Path] = true
		v.checkResource(r)
	}
}

func (v *verifier) checkResource(r resource) {
	f := v.entry(r.Path)
	if f == nil {
		v.fail("present", r.Path, &MissingFileError{File: r.Path})
		return
	}
	var got string
	var n int64
	var err error
	var records warcResult
	isWARC := isWARC(r.Path)
	if isWARC {
		got, n, records, err = v.hashWARC(f)
	} else {
		got, n, err = hashEntry(v.ctx, f)
	}
	switch {
	case v.ctx.Err() != nil:
		return
	case err != nil:
		v.fail("hash", r.Path, err)
		return
	case got != r.Hash:
		v.fail("hash", r.Path, &HashMismatchError{File: r.Path, Want: r.Hash, Got: got})
	default:
		v.pass("hash", r.Path)
	}
	if n != r.Bytes {
		v.fail("size", r.Path, &SizeMismatchError{File: r.Path, Want: r.Bytes, Got: n})
	} else {
		v.pass("size", r.Path)
	}
	if isWARC {
		v.checkWARC(r.Path, records)
	}
}

func (v *verifier) checkListed(dp datapackage) {
	listed := make(map[string]bool, len(dp.Resources)+2)
	listed[DatapackageName] = true
	listed[DigestName] = true
	for _, r := range dp.Resources {
		listed[r.Path] = true
	}
	for _, f := range v.files {
		if !listed[f.Name] {
			listed[f.Name] = true // report each name once
			v.fail("listed", f.Name, &UnlistedFileError{File: f.Name})
		}
	}
}
