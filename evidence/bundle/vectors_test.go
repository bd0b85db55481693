package bundle

import (
	"archive/zip"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sightline-osint/sightline/evidence/internal/testsigner"
	"github.com/sightline-osint/sightline/keys"
)

var update = flag.Bool("update", false, "rewrite the test vectors in "+vectorDir)

// vectorDir holds the bundle test vectors: NAME.wacz and NAME.expect.json,
// and the fixed test keys that signed them.
const vectorDir = "../testdata/vectors/bundle"

// expectation is the content of NAME.expect.json.
type expectation struct {
	Vector      string   `json:"vector"`
	Description string   `json:"description"`
	Error       bool     `json:"error"` // the file is not a readable ZIP
	OK          bool     `json:"ok"`
	ID          string   `json:"id"`          // SHA-256 of datapackage.json
	Fingerprint string   `json:"fingerprint"` // of the embedded public key
	Failed      []failed `json:"failed"`      // in order; empty when ok
}

type failed struct {
	Check string `json:"check"`
	File  string `json:"file"`
}

// vectorKeys are the fixed test keys, PEM PKCS #8 in vectorDir.
type vectorKeys struct{ p256, p384, other *testSigner }

// vectorCase is one test vector: what it is, whose key signed it, which
// checks must fail, and how it is built from valid.wacz.
type vectorCase struct {
	name, description string
	signer            func(vectorKeys) *testSigner
	failed            []failed
	build             func(t *testing.T, valid, out string, k vectorKeys)
}

// vectorCases lists the test vectors. The expected failures are written
// here by hand, not taken from Verify.
func vectorCases() []vectorCase {
	return []vectorCase{
		{"valid", "a whole bundle signed with test-key-p256.pem", func(k vectorKeys) *testSigner { return k.p256 }, nil,
			func(t *testing.T, _, out string, k vectorKeys) { writeVectorBundle(t, out, k.p256) }},
		{"p384", "the same files signed with test-key-p384.pem: verifiers accept P-384 keys", func(k vectorKeys) *testSigner { return k.p384 }, nil,
			func(t *testing.T, _, out string, k vectorKeys) { writeVectorBundle(t, out, k.p384) }},
		{"foreign-key", "a whole bundle signed with test-key-other.pem: it verifies, and only the fingerprint differs from valid's; verifiers MUST compare it with the expected workstation key",
			func(k vectorKeys) *testSigner { return k.other }, nil,
			func(t *testing.T, _, out string, k vectorKeys) { writeVectorBundle(t, out, k.other) }},
		{"content-flipped", "valid with one byte of evidence/screenshot.png's stored data inverted (the ZIP CRC fails too)",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"hash", "evidence/screenshot.png"}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeBytes(t, out, flipEntryByte(t, valid, "evidence/screenshot.png"))
			}},
		{"rehashed", "evidence/text.txt replaced, datapackage.json and the digest file re-hashed, signature kept",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"signature", DigestName}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeZip(t, out, rehash(t, readZip(t, valid), "evidence/text.txt", []byte("replaced text\n"), nil))
			}},
		{"datapackage-edited", "datapackage.json's title changed, digest file unchanged",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"digest", DatapackageName}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeZip(t, out, editDatapackage(t, readZip(t, valid), func(dp map[string]any) { dp["title"] = "Edited" }))
			}},
		{"unlisted", "valid plus evidence/extra.txt, not listed in datapackage.json",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"listed", "evidence/extra.txt"}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeZip(t, out, append(readZip(t, valid), File{Path: "evidence/extra.txt", Data: []byte("planted\n")}))
			}},
		{"missing", "valid without evidence/viewport.png",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"present", "evidence/viewport.png"}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeZip(t, out, slices.DeleteFunc(readZip(t, valid), func(f File) bool { return f.Path == "evidence/viewport.png" }))
			}},
		{"duplicate", "valid plus a second ZIP entry named evidence/text.txt with other content",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"duplicate", "evidence/text.txt"}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeZip(t, out, append(readZip(t, valid), File{Path: "evidence/text.txt", Data: []byte("other text\n")}))
			}},
		{"unknown-version", "wacz_version 2.0.0, re-hashed and validly re-signed with test-key-p256.pem",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"version", DatapackageName}},
			func(t *testing.T, valid, out string, k vectorKeys) {
				files := readZip(t, valid)
				dp := decodeDatapackage(t, files)
				dp["wacz_version"] = "2.0.0"
				writeZip(t, out, redigest(t, files, dp, k.p256))
			}},
		{"deflate-flipped", "valid with one byte of evidence/text.txt's deflated data inverted",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"hash", "evidence/text.txt"}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeBytes(t, out, flipEntryByte(t, valid, "evidence/text.txt"))
			}},
		{"size-wrong", "evidence/text.txt listed with bytes one too many, re-hashed and validly re-signed with test-key-p256.pem",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"size", "evidence/text.txt"}},
			func(t *testing.T, valid, out string, k vectorKeys) {
				files := readZip(t, valid)
				dp := decodeDatapackage(t, files)
				for _, r := range dp["resources"].([]any) {
					if res := r.(map[string]any); res["path"] == "evidence/text.txt" {
						res["bytes"] = res["bytes"].(float64) + 1
					}
				}
				writeZip(t, out, redigest(t, files, dp, k.p256))
			}},
		{"signature-replayed", "evidence/text.txt replaced and re-hashed; the digest file's hash updated but signedData (a valid signature of the original id) kept",
			func(k vectorKeys) *testSigner { return k.p256 }, []failed{{"signed-hash", DigestName}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				files := rehash(t, readZip(t, valid), "evidence/text.txt", []byte("replaced text\n"), nil)
				i := slices.IndexFunc(files, func(f File) bool { return f.Path == DigestName })
				var d digestFile
				if err := json.Unmarshal(files[i].Data, &d); err != nil {
					t.Fatal(err)
				}
				d.SignedData.Hash, _ = zipEntryHash(t, valid, DatapackageName)
				data, err := json.Marshal(d)
				if err != nil {
					t.Fatal(err)
				}
				files[i].Data = data
				writeZip(t, out, files)
			}},
		{"not-a-zip", "the first half of valid.wacz: no ZIP directory, so no findings, only an error",
			func(vectorKeys) *testSigner { return nil }, nil,
			func(t *testing.T, valid, out string, _ vectorKeys) {
				data, err := os.ReadFile(valid)
				if err != nil {
					t.Fatal(err)
				}
				writeBytes(t, out, data[:len(data)/2])
			}},
		{"unsigned", "valid without datapackage-digest.json",
			func(vectorKeys) *testSigner { return nil }, []failed{{"digest-file", DigestName}, {"signature", DigestName}},
			func(t *testing.T, valid, out string, _ vectorKeys) {
				writeZip(t, out, slices.DeleteFunc(readZip(t, valid), func(f File) bool { return f.Path == DigestName }))
			}},
	}
}

// TestVectors verifies every vector and compares the outcome with its
// expect file. With -update it first rewrites the vectors (the keys are
// kept once made).
func TestVectors(t *testing.T) {
	if *update {
		writeVectors(t)
	}
	entries, err := filepath.Glob(filepath.Join(vectorDir, "*.wacz"))
	if err != nil {
		t.Fatal(err)
	}
	cases := vectorCases()
	if len(entries) != len(cases) {
		t.Fatalf("%d vectors in %s, want %d (run with -update)", len(entries), vectorDir, len(cases))
	}
	for _, v := range cases {
		t.Run(v.name, func(t *testing.T) {
			var want expectation
			readJSON(t, filepath.Join(vectorDir, v.name+".expect.json"), &want)
			rep, err := Verify(t.Context(), filepath.Join(vectorDir, v.name+".wacz"))
			if (err != nil) != want.Error {
				t.Fatalf("Verify error %v, want error: %v", err, want.Error)
			}
			got := expectation{Vector: want.Vector, Description: want.Description, Error: err != nil,
				OK: rep.OK(), ID: rep.ID, Fingerprint: rep.Fingerprint}
			for _, c := range rep.Failed() {
				got.Failed = append(got.Failed, failed{c.Name, c.File})
			}
			if got.OK != want.OK || got.ID != want.ID || got.Fingerprint != want.Fingerprint || !slices.Equal(got.Failed, want.Failed) {
				t.Fatalf("outcome %+v\nwant    %+v", got, want)
			}
		})
	}
}

func writeVectors(t *testing.T) {
	if err := os.MkdirAll(vectorDir, 0o755); err != nil {
		t.Fatal(err)
	}
	k := vectorKeys{
		p256:  vectorKey(t, "test-key-p256.pem", elliptic.P256()),
		p384:  vectorKey(t, "test-key-p384.pem", elliptic.P384()),
		other: vectorKey(t, "test-key-other.pem", elliptic.P256()),
	}
	valid := filepath.Join(vectorDir, "valid.wacz")
	for _, v := range vectorCases() { // valid comes first
		out := filepath.Join(vectorDir, v.name+".wacz")
		os.Remove(out)
		v.build(t, valid, out, k)
		exp := expectation{Vector: v.name, Description: v.description, Failed: append([]failed{}, v.failed...)}
		var isZip bool
		exp.ID, isZip = zipEntryHash(t, out, DatapackageName)
		exp.Error = !isZip
		exp.OK = v.failed == nil && isZip
		if s := v.signer(k); s != nil {
			exp.Fingerprint = keys.FingerprintOf(s.PublicKeyDER())
		}
		if exp.Error && (v.failed != nil || exp.Fingerprint != "") {
			t.Fatalf("%s: not a ZIP, but findings are expected", v.name)
		}
		data, err := json.MarshalIndent(exp, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		writeBytes(t, filepath.Join(vectorDir, v.name+".expect.json"), append(data, '\n'))
	}
}

// writeVectorBundle writes the sample capture, fixed metadata, signed by s.
func writeVectorBundle(t *testing.T, out string, s *testSigner) {
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := Write(f, sampleFiles(t), sampleMeta(), s); err != nil {
		t.Fatal(err)
	}
}

// vectorKey loads a fixed test key, making it on first -update.
func vectorKey(t *testing.T, name string, curve elliptic.Curve) *testSigner {
	path := filepath.Join(vectorDir, name)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		priv, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		writeBytes(t, path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
	return testsigner.Load(t, path)
}

// zipEntryHash hashes one entry read with archive/zip, independently of
// Verify. It reports false if name is not a ZIP.
func zipEntryHash(t *testing.T, name, entry string) (string, bool) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return "", false
	}
	defer zr.Close()
	rc, err := zr.Open(entry)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return hashOf(data), true
}

func decodeDatapackage(t *testing.T, files []File) map[string]any {
	i := slices.IndexFunc(files, func(f File) bool { return f.Path == DatapackageName })
	var dp map[string]any
	if err := json.Unmarshal(files[i].Data, &dp); err != nil {
		t.Fatal(err)
	}
	return dp
}

// editDatapackage re-encodes datapackage.json after edit, leaving the
// digest file as it was.
func editDatapackage(t *testing.T, files []File, edit func(map[string]any)) []File {
	dp := decodeDatapackage(t, files)
	edit(dp)
	data, err := json.MarshalIndent(dp, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(files, func(f File) bool { return f.Path == DatapackageName })
	files[i].Data = data
	return files
}

func readJSON(t *testing.T, name string, v any) {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func writeBytes(t *testing.T, name string, data []byte) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
