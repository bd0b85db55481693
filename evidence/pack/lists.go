package pack

import (
	"strconv"
)

// checkListed checks one listed file against what hashing found: present,
// with the listed SHA-256 and, when size >= 0, the listed size.
func (v *verifier) checkListed(path, list, sha string, size int64) error {
	d, ok := v.digests[path]
	switch {
	case !ok:
		return &MissingFileError{File: path, List: list}
	case d.err != nil:
		return d.err
	case d.sha256 != sha:
		return &HashMismatchError{File: path, List: list, Want: sha, Got: d.sha256}
	case size >= 0 && d.size != size:
		return &HashMismatchError{File: path, List: list, Want: strconv.FormatInt(size, 10),
			Got: strconv.FormatInt(d.size, 10), IsSize: true}
	}
	return nil
}

// checkSums checks each line of SHA256SUMS, then that it lists every file
// of the pack but itself.
func (v *verifier) checkSums() {
	data, err := v.read(SumsName, "the pack format")
	var sums []sum
	if err == nil {
		sums, err = parseSums(data)
	}
	v.result("sums-file", SumsName, err)
	listed := map[string]bool{SumsName: true}
	for _, s := range sums {
		listed[s.path] = true
		v.result("sums", s.path, v.checkListed(s.path, SumsName, s.sha256, -1))
	}
	if err != nil {
		return
	}
	for _, name := range v.names {
		if !listed[name] {
			v.fail("sums-listed", name, &UnlistedFileError{File: name, List: SumsName})
		}
	}
}

// checkFiles checks each of the manifest's files, then that it lists
// every file of the pack but manifest.json, manifest.sig and SHA256SUMS.
func (v *verifier) checkFiles() {
	const list = "manifest files"
	listed := map[string]bool{ManifestName: true, SignatureName: true, SumsName: true}
	for _, f := range v.rep.Manifest.Files {
		listed[f.Path] = true
		v.result("files", f.Path, v.checkListed(f.Path, list, f.SHA256, f.Bytes))
	}
	for _, name := range v.names {
		if !listed[name] {
			v.fail("files-listed", name, &UnlistedFileError{File: name, List: list})
		}
	}
}
