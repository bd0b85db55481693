package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"image/png"
	"math/big"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// TestWriteIndependentRead writes a bundle and re-reads it with archive/zip,
// JSON decoding into plain maps and crypto/ecdsa, recomputing every hash.
func TestWriteIndependentRead(t *testing.T) {
	files := sampleFiles(t)
	signer := newTestSigner(t)
	name, id := writeBundle(t, files, signer)

	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		wantMethod := zip.Deflate
		if ext := path.Ext(f.Name); ext == ".png" || ext == ".gz" {
			wantMethod = zip.Store
			if f.Flags&0x8 != 0 {
				t.Errorf("%s: stored entry uses a data descriptor", f.Name)
			}
		}
		if f.Method != wantMethod {
			t.Errorf("%s: method %d, want %d", f.Name, f.Method, wantMethod)
		}
		if created := sampleMeta().Created.Truncate(time.Second); !f.Modified.Equal(created) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, created)
		}
	}
	var want []string
	for _, f := range files {
		want = append(want, f.Path)
	}
	want = append(want, "datapackage.json", "datapackage-digest.json")
	if !slices.Equal(names, want) {
		t.Fatalf("entries %v, want %v", names, want)
	}

	got := readZip(t, name)
	for i, f := range files {
		if !bytes.Equal(got[i].Data, f.Data) {
			t.Errorf("%s: content differs after re-reading", f.Path)
		}
	}
	if _, err := png.Decode(bytes.NewReader(got[4].Data)); err != nil {
		t.Errorf("screenshot is not a valid PNG: %v", err)
	}
	dpRaw := got[len(files)].Data
	checkDatapackageJSON(t, dpRaw, files)
	if sum := sha256.Sum256(dpRaw); id != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Fatalf("id %s is not the SHA-256 of datapackage.json", id)
	}
	checkDigestJSON(t, got[len(files)+1].Data, id, signer)
	unzipTest(t, name)
}

func checkDatapackageJSON(t *testing.T, raw []byte, files []File) {
	t.Helper()
	var dp struct {
		Profile                                             string
		WACZVersion                                         string `json:"wacz_version"`
		Title, MainPageURL, MainPageDate, Created, Software string
		Resources                                           []struct {
			Name, Path, Hash string
			Bytes            int64
		}
	}
	if err := json.Unmarshal(raw, &dp); err != nil {
		t.Fatal(err)
	}
	if dp.Profile != "data-package" || dp.WACZVersion != "1.1.1" {
		t.Errorf("profile %q, wacz_version %q", dp.Profile, dp.WACZVersion)
	}
	if !bytes.Contains(raw, []byte(`"mainPageURL": "https://example.org/?a=1&b=<2>"`)) {
		t.Errorf("mainPageURL not written as is:\n%s", raw)
	}
	if dp.MainPageDate != "2024-05-01T12:34:56.789Z" || dp.Created != "2024-05-01T11:35:01.250Z" {
		t.Errorf("times %q, %q: want RFC 3339 UTC with milliseconds", dp.MainPageDate, dp.Created)
	}
	if dp.Title != "Example Domain" || dp.Software != "Sightline test" {
		t.Errorf("title %q, software %q", dp.Title, dp.Software)
	}
	if len(dp.Resources) != len(files) {
		t.Fatalf("%d resources, want %d", len(dp.Resources), len(files))
	}
	for i, r := range dp.Resources {
		f := files[i]
		sum := sha256.Sum256(f.Data)
		if r.Path != f.Path || r.Name != path.Base(f.Path) || r.Bytes != int64(len(f.Data)) ||
			r.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("resource %d = %+v, want %s with hash of its content", i, r, f.Path)
		}
	}
}

func checkDigestJSON(t *testing.T, raw []byte, id string, signer *testSigner) {
	t.Helper()
	var d struct {
		Path, Hash string
		SignedData struct{ Hash, Created, Software, Signature, PublicKey string }
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	if d.Path != "datapackage.json" || d.Hash != id || d.SignedData.Hash != id {
		t.Fatalf("digest %+v does not name datapackage.json with hash %s", d, id)
	}
	if d.SignedData.Created != "2024-05-01T11:35:01.250Z" || d.SignedData.Software != "Sightline test" {
		t.Errorf("signedData created %q, software %q", d.SignedData.Created, d.SignedData.Software)
	}
	der, err := base64.StdEncoding.DecodeString(d.SignedData.PublicKey)
	if err != nil || !bytes.Equal(der, signer.PublicKeyDER()) {
		t.Fatalf("publicKey is not base64 of the signer's SPKI DER (err %v)", err)
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		t.Fatal(err)
	}
	key := pub.(*ecdsa.PublicKey)
	size := (key.Curve.Params().BitSize + 7) / 8 // P1363: r and s, each as long as the curve's order
	sig, err := base64.StdEncoding.DecodeString(d.SignedData.Signature)
	if err != nil || len(sig) != 2*size {
		t.Fatalf("signature is not %d bytes of base64 (err %v)", 2*size, err)
	}
	digest := sha256.Sum256([]byte(id))
	r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
	if !ecdsa.Verify(key, digest[:], r, s) {
		t.Fatal("signature does not verify over the bytes of the id string")
	}
}

// unzipTest has Info-ZIP's unzip test the archive.
func unzipTest(t *testing.T, name string) {
	t.Helper()
	unzip := testenv.Command(t, "unzip")
	out, err := exec.Command(unzip, "-t", name).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No errors detected") {
		t.Fatalf("unzip -t: %v\n%s", err, out)
	}
}

func TestWriteRejects(t *testing.T) {
	signer := newTestSigner(t)
	good := File{Path: "evidence/text.txt", Data: []byte("x")}
	for _, tc := range []struct {
		name  string
		files []File
		meta  func(*Meta)
		sgn   Signer
	}{
		{name: "absolute path", files: []File{{Path: "/etc/passwd"}}},
		{name: "dot-dot", files: []File{{Path: "evidence/../x"}}},
		{name: "backslash", files: []File{{Path: `evidence\x`}}},
		{name: "empty path", files: []File{{Path: ""}}},
		{name: "reserved datapackage", files: []File{{Path: "datapackage.json"}}},
		{name: "reserved digest", files: []File{{Path: "datapackage-digest.json"}}},
		{name: "duplicate", files: []File{good, good}},
		{name: "no created time", files: []File{good}, meta: func(m *Meta) { m.Created = time.Time{} }},
		{name: "no signer", files: []File{good}, sgn: Signer(nil)},
		{name: "signer fails", files: []File{good}, sgn: &testSigner{Priv: signer.Priv, Err: errors.New("token removed")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meta := sampleMeta()
			if tc.meta != nil {
				tc.meta(&meta)
			}
			var sgn Signer = signer
			if tc.sgn != nil || tc.name == "no signer" {
				sgn = tc.sgn
			}
			var buf bytes.Buffer
			if id, err := Write(&buf, tc.files, meta, sgn); err == nil {
				t.Fatalf("Write succeeded with id %s", id)
			}
		})
	}
}
