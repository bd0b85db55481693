package pack

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/evidence/internal/zipentry"
)

// Report is the outcome of verifying one pack ([Verify]). Its checks are
// named: "duplicate" (a name twice in the pack), "path" (an entry unsafe
// to unzip: an absolute name, "../", a backslash, a symbolic link),
// "manifest" (manifest.json
// present, parsable, of a known format), "key" (public-key.pem readable and
// the manifest's key_fingerprint), "signature" (manifest.sig verifies over
// the pack id), "sums-file" (SHA256SUMS present and well formed), "sums"
// (per line: the file is present with that SHA-256), "sums-listed" (a file
// SHA256SUMS leaves out), "files" (per manifest file: present with that
// SHA-256 and size), "files-listed" (a file the manifest leaves out),
// "exhibit" (per bundle: an exhibit of the manifest, with its SHA-256 and
// bundle id), "bundle" (a bundle that is not a readable ZIP, or is
// compressed and inflates past the size the manifest lists for it),
// "bundle-key" (the bundle is signed by the pack's key),
// "audit" (audit.jsonl: every line canonical, hashed and linked) and
// "audit-capture" (the extract records the exhibit's capture). A bundle's
// own checks ([bundle.Report]) keep their names, with File the bundle and
// Entry the file inside it. Its ID is the pack id and Fingerprint that of
// public-key.pem's key.
type Report struct {
	evidence.Verification
	Manifest Manifest // as parsed, possibly partly
}

// Verify checks the pack at path and reports every finding, not only the
// first: every SHA256SUMS line and every manifest entry against the files,
// no file missing or added, the manifest's signature under public-key.pem
// and the key's fingerprint, each bundle with bundle.VerifyReader (its
// findings under the bundle's name), and the audit extract. Files are
// hashed in parallel; a bundle is verified where it lies in the pack,
// while its file hash is computed on another goroutine. It needs no
// workspace and no keyring. The error is non-nil only when the file is not
// a readable ZIP or ctx is cancelled.
func Verify(ctx context.Context, path string) (Report, error) {
	rep := Report{Verification: evidence.Verification{Path: path}}
	file, err := os.Open(path)
	if err != nil {
		return rep, fmt.Errorf("verify pack: %w", err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return rep, fmt.Errorf("verify pack: %w", err)
	}
	zr, err := zip.NewReader(file, st.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return rep, fmt.Errorf("verify pack %s: %w", path, err)
	}
	v := newVerifier(ctx, file, zr.File, &rep)
	v.run()
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("verify pack %s: %w", path, err)
	}
	return rep, nil
}

// IsPack reports whether the file at path is a ZIP with a top-level
// manifest.json, which is how a pack is told from a bundle.
func IsPack(path string) (bool, error) {
	zr, err := zip.OpenReader(path)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return false, fmt.Errorf("open %s: %w", path, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == ManifestName {
			return true, nil
		}
	}
	return false, nil
}

// verifier accumulates the checks of one Verify call.
type verifier struct {
	ctx        context.Context
	file       *os.File // the pack
	rep        *Report
	entries    map[string]*zip.File // first entry of each name
	names      []string             // entry names in ZIP order, each once
	manifestOK bool
	digests    map[string]digest       // per entry name
	bundles    map[string]bundleResult // per bundles/*.wacz entry
}

func newVerifier(ctx context.Context, file *os.File, files []*zip.File, rep *Report) *verifier {
	v := &verifier{ctx: ctx, file: file, rep: rep, entries: make(map[string]*zip.File, len(files))}
	for _, f := range files {
		if _, dup := v.entries[f.Name]; dup {
			v.fail("duplicate", f.Name, &DuplicateFileError{File: f.Name})
			continue
		}
		v.entries[f.Name] = f
		v.names = append(v.names, f.Name)
	}
	return v
}

func (v *verifier) run() {
	v.checkPaths()
	v.readManifest()
	pub := v.checkKey()
	v.checkSignature(pub)
	if err := v.hashAll(); err != nil {
		return
	}
	v.checkSums()
	if v.manifestOK {
		v.checkFiles()
	}
	v.checkExhibits()
	v.checkAudit()
}

// checkPaths fails check "path" for each entry a program unzipping the
// pack could be led by outside its directory (zipentry.Unsafe).
func (v *verifier) checkPaths() {
	for _, name := range v.names {
		if err := zipentry.CheckSafe(v.entries[name]); err != nil {
			v.fail("path", name, err)
		}
	}
}

func (v *verifier) pass(name, file string) { v.rep.Result(name, file, nil) }

func (v *verifier) fail(name, file string, err error) { v.rep.Result(name, file, err) }

func (v *verifier) result(name, file string, err error) { v.rep.Result(name, file, err) }

// read returns a small entry's content; a missing entry gives a
// *MissingFileError naming list.
func (v *verifier) read(name, list string) ([]byte, error) {
	f := v.entries[name]
	if f == nil {
		return nil, &MissingFileError{File: name, List: list}
	}
	return readSmall(v.ctx, f)
}

func (v *verifier) readManifest() {
	data, err := v.read(ManifestName, "the pack format")
	if err == nil {
		v.rep.ID = idOf(data)
		v.rep.Manifest, err = parseManifest(data)
	}
	v.manifestOK = err == nil
	v.result("manifest", ManifestName, err)
}
