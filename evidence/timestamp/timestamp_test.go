package timestamp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

func roots(t *testing.T, tsa *testenv.TSA) []byte {
	t.Helper()
	b, err := os.ReadFile(tsa.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A real authority (openssl ts -reply) dates the bundle's identity; the
// reply checks against the identity and the authority's CA, and fails with
// the reason for another hash, an altered reply and an untrusted CA;
// openssl ts -verify accepts it too.
func TestRequestAndCheck(t *testing.T) {
	tsa, other := testenv.StartTSA(t, "Test TSA A"), testenv.StartTSA(t, "Test TSA B")
	datapackage := []byte(`{"profile":"data-package","resources":[]}`)
	sum := sha256.Sum256(datapackage)
	id := "sha256:" + hex.EncodeToString(sum[:])
	digest, err := Digest(id)
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now().Add(-time.Minute)
	reply, s, err := Request(t.Context(), http.DefaultClient, tsa.URL, digest)
	if err != nil {
		t.Fatal(err)
	}
	if s.Time.Before(before) || s.Serial == "" || !strings.Contains(s.Authority, "Test TSA A") || s.Trusted {
		t.Errorf("stamp %+v", s)
	}
	pool, err := Roots(roots(t, tsa))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := Check(reply, digest, pool); err != nil || !s.Trusted {
		t.Errorf("check with the authority's CA: %+v, %v", s, err)
	}
	otherSum := sha256.Sum256([]byte("another bundle"))
	if _, err := Check(reply, otherSum[:], pool); !errors.Is(err, ErrOtherHash) {
		t.Errorf("another hash: %v", err)
	}
	// Alter what the authority signed: a byte of the imprint in the token.
	altered := append([]byte(nil), reply...)
	at := bytes.Index(altered, digest)
	if at < 0 {
		t.Fatal("the reply does not hold the imprint")
	}
	altered[at+len(digest)-1] ^= 0x01
	if _, err := Check(altered, digest, pool); !errors.Is(err, ErrBadReply) {
		t.Errorf("an altered reply: %v", err)
	}
	otherPool, _ := Roots(roots(t, other))
	if _, err := Check(reply, digest, otherPool); !errors.Is(err, ErrUntrusted) {
		t.Errorf("an untrusted authority: %v", err)
	}

	dir := t.TempDir()
	for name, data := range map[string][]byte{"datapackage.json": datapackage, "bundle.tsr": reply} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(testenv.Command(t, "openssl"), "ts", "-verify", "-data", "datapackage.json", "-in", "bundle.tsr", "-CAfile", tsa.CAFile)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Errorf("openssl ts -verify: %v\n%s", err, out)
	}
}

// An authority that is down, or answers another request, gives an error.
func TestRequestFailures(t *testing.T) {
	tsa := testenv.StartTSA(t, "Test TSA")
	digest := make([]byte, 32)
	tsa.SetDown(true)
	if _, _, err := Request(t.Context(), http.DefaultClient, tsa.URL, digest); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("down: %v", err)
	}
	if _, err := Digest("md5:00"); err == nil {
		t.Error("Digest took a non-SHA-256 identity")
	}
}
