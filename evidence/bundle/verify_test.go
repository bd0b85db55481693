package bundle

import (
	"archive/zip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sightline-osint/sightline/evidence"
	"github.com/sightline-osint/sightline/keys"
)

func TestVerifyOK(t *testing.T) {
	files := sampleFiles(t)
	signer := newTestSigner(t)
	name, id := writeBundle(t, files, signer)
	rep, err := Verify(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("fresh bundle fails: %v", rep.Failed())
	}
	if rep.ID != id || rep.Path != name {
		t.Errorf("report id %s path %s, want %s %s", rep.ID, rep.Path, id, name)
	}
	if rep.Fingerprint != keys.FingerprintOf(signer.PublicKeyDER()) {
		t.Errorf("fingerprint %s is not the signer's", rep.Fingerprint)
	}
	m := sampleMeta()
	if rep.Meta.Title != m.Title || rep.Meta.MainPageURL != m.MainPageURL || rep.Meta.Software != m.Software ||
		!rep.Meta.Created.Equal(m.Created) || !rep.Meta.MainPageDate.Equal(m.MainPageDate) {
		t.Errorf("meta %+v, want %+v", rep.Meta, m)
	}
	var hashed []string
	for _, c := range rep.Checks {
		if c.Name == "hash" {
			hashed = append(hashed, c.File)
		}
	}
	if len(hashed) != len(files) {
		t.Errorf("hash checks for %v, want one per file", hashed)
	}
	for _, want := range []string{"digest datapackage.json", "signed-hash datapackage-digest.json", "signature datapackage-digest.json"} {
		if !slices.ContainsFunc(rep.Checks, func(c evidence.Check) bool { return c.OK && c.Name+" "+c.File == want }) {
			t.Errorf("no passing check %q", want)
		}
	}
}

// TestVerifyFlippedByte flips one byte of each entry's stored data in the
// raw file and expects a failed check naming that entry.
func TestVerifyFlippedByte(t *testing.T) {
	name, _ := writeBundle(t, sampleFiles(t), newTestSigner(t))
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	entries := zr.File
	zr.Close()
	for _, e := range entries {
		t.Run(e.Name, func(t *testing.T) {
			damaged := filepath.Join(t.TempDir(), "damaged.wacz")
			if err := os.WriteFile(damaged, flipEntryByte(t, name, e.Name), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(t.Context(), damaged)
			if err != nil {
				t.Fatalf("Verify returned an error instead of findings: %v", err)
			}
			if rep.OK() {
				t.Fatal("damaged bundle verifies")
			}
			checkFlipFindings(t, rep, e)
		})
	}
}

func checkFlipFindings(t *testing.T, rep Report, e *zip.File) {
	t.Helper()
	failed := rep.Failed()
	for _, c := range failed {
		t.Logf("failed %s %s: %v", c.Name, c.File, c.Err)
	}
	names := func(c evidence.Check) bool { return c.File == e.Name }
	switch e.Name {
	case DatapackageName:
		if !slices.ContainsFunc(failed, func(c evidence.Check) bool { return names(c) && errors.Is(c.Err, ErrDigestMismatch) }) {
			t.Fatalf("no digest mismatch on %s: %v", e.Name, failedKeys(rep))
		}
	case DigestName:
		if !slices.ContainsFunc(failed, func(c evidence.Check) bool {
			return names(c) && (errors.Is(c.Err, ErrSignatureInvalid) || errors.Is(c.Err, ErrDigestMismatch))
		}) {
			t.Fatalf("no signature or digest failure on %s: %v", e.Name, failedKeys(rep))
		}
	default:
		for _, c := range failed {
			if c.File != e.Name {
				t.Errorf("failed check %s names %s, want only %s", c.Name, c.File, e.Name)
			}
		}
		if len(failed) == 0 || failed[0].Name != "hash" {
			t.Fatalf("no failed hash check for %s: %v", e.Name, failedKeys(rep))
		}
		var mismatch *HashMismatchError
		var corrupt *CorruptFileError
		ok := errors.As(failed[0].Err, &mismatch) && mismatch.File == e.Name && mismatch.Got != mismatch.Want
		if e.Method == zip.Store && !ok {
			t.Fatalf("stored entry: err %v, want HashMismatchError", failed[0].Err)
		}
		if !ok && !(errors.As(failed[0].Err, &corrupt) && corrupt.File == e.Name) {
			t.Fatalf("err %v, want HashMismatchError or CorruptFileError for %s", failed[0].Err, e.Name)
		}
	}
}

// TestVerifyRehashed is an attacker who alters a file and re-hashes
// datapackage.json and the digest file, but cannot sign.
func TestVerifyRehashed(t *testing.T) {
	name, _ := writeBundle(t, sampleFiles(t), newTestSigner(t))
	altered := filepath.Join(t.TempDir(), "altered.wacz")
	writeZip(t, altered, rehash(t, readZip(t, name), "evidence/text.txt", []byte("nothing to see here\n"), nil))
	rep, err := Verify(t.Context(), altered)
	if err != nil {
		t.Fatal(err)
	}
	if got := failedKeys(rep); !slices.Equal(got, []string{"signature datapackage-digest.json"}) {
		t.Fatalf("failed checks %v, want only the signature", got)
	}
	if !errors.Is(rep.Failed()[0].Err, ErrSignatureInvalid) {
		t.Fatalf("err %v, want ErrSignatureInvalid", rep.Failed()[0].Err)
	}
}

// TestVerifyResigned is an attacker who also signs with a key of their
// own: the bundle verifies, and only the fingerprint tells.
func TestVerifyResigned(t *testing.T) {
	signer := newTestSigner(t)
	name, _ := writeBundle(t, sampleFiles(t), signer)
	attacker := newTestSigner(t)
	altered := filepath.Join(t.TempDir(), "altered.wacz")
	writeZip(t, altered, rehash(t, readZip(t, name), "evidence/text.txt", []byte("forged\n"), attacker))
	rep, err := Verify(t.Context(), altered)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("re-signed bundle fails: %v", failedKeys(rep))
	}
	if rep.Fingerprint == keys.FingerprintOf(signer.PublicKeyDER()) {
		t.Fatal("re-signed bundle reports the original key's fingerprint")
	}
}

func TestVerifyAddedDeletedDuplicate(t *testing.T) {
	name, _ := writeBundle(t, sampleFiles(t), newTestSigner(t))
	files := readZip(t, name)
	for _, tc := range []struct {
		name  string
		files []File
		want  []string
		errAs any
	}{
		{"added", append(slices.Clone(files), File{Path: "evidence/extra.txt", Data: []byte("planted")}),
			[]string{"listed evidence/extra.txt"}, new(*UnlistedFileError)},
		{"deleted", slices.DeleteFunc(slices.Clone(files), func(f File) bool { return f.Path == "evidence/viewport.png" }),
			[]string{"present evidence/viewport.png"}, new(*MissingFileError)},
		{"duplicate", append(slices.Clone(files), File{Path: "evidence/text.txt", Data: []byte("second copy")}),
			[]string{"duplicate evidence/text.txt"}, new(*DuplicateFileError)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			altered := filepath.Join(t.TempDir(), "altered.wacz")
			writeZip(t, altered, tc.files)
			rep, err := Verify(t.Context(), altered)
			if err != nil {
				t.Fatal(err)
			}
			if got := failedKeys(rep); !slices.Equal(got, tc.want) {
				t.Fatalf("failed checks %v, want %v", got, tc.want)
			}
			if !errors.As(rep.Failed()[0].Err, tc.errAs) {
				t.Fatalf("err %v is not %T", rep.Failed()[0].Err, tc.errAs)
			}
		})
	}
}

func TestVerifyNotABundle(t *testing.T) {
	dir := t.TempDir()
	notZip := filepath.Join(dir, "x.wacz")
	if err := os.WriteFile(notZip, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(t.Context(), notZip); err == nil {
		t.Fatal("Verify of a non-ZIP file returned no error")
	}
	if _, err := Verify(t.Context(), filepath.Join(dir, "missing.wacz")); err == nil {
		t.Fatal("Verify of a missing file returned no error")
	}
	empty := filepath.Join(dir, "empty.wacz")
	writeZip(t, empty, nil)
	rep, err := Verify(t.Context(), empty)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"datapackage datapackage.json", "digest-file datapackage-digest.json", "signature datapackage-digest.json"}
	if got := failedKeys(rep); !slices.Equal(got, want) {
		t.Fatalf("empty zip: failed %v, want %v", got, want)
	}
}

func TestVerifyCancelled(t *testing.T) {
	name, _ := writeBundle(t, sampleFiles(t), newTestSigner(t))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Verify(ctx, name); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

func TestReadFile(t *testing.T) {
	files := sampleFiles(t)
	name, _ := writeBundle(t, files, newTestSigner(t))
	got, err := ReadFile(name, "evidence/screenshot.png")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(files[4].Data) {
		t.Fatal("ReadFile returned other bytes")
	}
	_, err = ReadFile(name, "evidence/nope.png")
	var missing *MissingFileError
	if !errors.As(err, &missing) || missing.File != "evidence/nope.png" {
		t.Fatalf("err %v, want MissingFileError", err)
	}
}

// rehash replaces one file's content and rewrites datapackage.json and the
// digest file to match, as an attacker with the format but not the key
// would. With resign set, the attacker also signs with their own key.
func rehash(t testing.TB, files []File, target string, data []byte, resign *testSigner) []File {
	t.Helper()
	out := slices.Clone(files)
	var dp map[string]any
	for i, f := range out {
		if f.Path == target {
			out[i].Data = data
		}
		if f.Path == DatapackageName {
			if err := json.Unmarshal(f.Data, &dp); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range dp["resources"].([]any) {
		if res := r.(map[string]any); res["path"] == target {
			res["hash"], res["bytes"] = hashOf(data), len(data)
		}
	}
	return redigest(t, out, dp, resign)
}

// redigest re-encodes datapackage.json from dp and updates the digest
// file's hashes, and with resign set its signature and public key.
func redigest(t testing.TB, files []File, dp map[string]any, resign *testSigner) []File {
	t.Helper()
	dpRaw, err := json.MarshalIndent(dp, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	id := hashOf(dpRaw)
	for i, f := range files {
		switch f.Path {
		case DatapackageName:
			files[i].Data = dpRaw
		case DigestName:
			var d digestFile
			if err := json.Unmarshal(f.Data, &d); err != nil {
				t.Fatal(err)
			}
			d.Hash, d.SignedData.Hash = id, id
			if resign != nil {
				sig, err := resign.Sign(id)
				if err != nil {
					t.Fatal(err)
				}
				d.SignedData.Signature = sig
				d.SignedData.PublicKey = base64.StdEncoding.EncodeToString(resign.PublicKeyDER())
			}
			if files[i].Data, err = json.Marshal(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	return files
}
