package pack

import (
	"archive/zip"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/evidence/timestamp"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// verifyScript turns part 2 of VERIFY.txt into a shell script, run in the
// directory that holds pack, and the Python program it asks to save.
func verifyScript(t *testing.T, text, pack string) (script, program string) {
	t.Helper()
	start, end := strings.Index(text, "2. WITHOUT SIGHTLINE"), strings.Index(text, "3. WHAT")
	if start < 0 || end < start {
		t.Fatal("VERIFY.txt has no part 2")
	}
	var sh, py []string
	for _, line := range strings.Split(text[start:end], "\n") {
		switch {
		case strings.HasPrefix(line, "  $ "):
			sh = append(sh, strings.ReplaceAll(line[4:], "PACK.zip", pack))
		case strings.HasPrefix(line, "  "):
			py = append(py, line[2:])
		}
	}
	return "set -e\n" + strings.Join(sh, "\n") + "\n", strings.Join(py, "\n") + "\n"
}

// TestVerifyTxtCommandsWork runs VERIFY.txt's instructions for checking a
// pack without Sightline, with the real tools, on a good pack and on one
// whose manifest was changed, signed with a key on each curve Sightline
// has used.
func TestVerifyTxtCommandsWork(t *testing.T) {
	testenv.Commands(t, "bash", "unzip", "sha256sum", "openssl", "python3", "od", "base64")
	for _, key := range []string{"p384", "p256"} {
		t.Run(key, func(t *testing.T) { testVerifyTxtCommands(t, loadSigner(t, key)) })
	}
}

func testVerifyTxtCommands(t *testing.T, signer *testSigner) {
	path, w := writePack(t, samplePack(t, signer), signer)
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(zipFile(t, zr, VerifyName))
	zr.Close()
	script, program := verifyScript(t, text, path)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "audit.py"), []byte(program), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("VERIFY.txt commands: %v\n%s\nscript:\n%s", err, out, script)
	}
	fp := strings.TrimPrefix(w.Manifest.KeyFingerprint, "sha256:")
	for _, want := range []string{"Verified OK\n", "evidence/screenshot.png: OK\n", fp + "  -\n", "\nok\n"} {
		if strings.Count(string(out), want) < 1 {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(string(out), "Verified OK"); n != 2 {
		t.Errorf("openssl verified %d signatures, want 2 (manifest and bundle):\n%s", n, out)
	}

	// The same commands fail on a pack whose manifest was changed.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries := readZip(t, raw)
	replace(ManifestName, `"case_title": "Kestrel"`, `"case_title": "Harrier"`)(t, entries)
	bad := filepath.Join(t.TempDir(), "bad.zip")
	if err := os.WriteFile(bad, writeZip(t, entries), 0o644); err != nil {
		t.Fatal(err)
	}
	script, _ = verifyScript(t, text, bad)
	dir = t.TempDir()
	cmd = exec.Command("bash", "-c", strings.Replace(script, "sha256sum -c SHA256SUMS\n", "sha256sum -c SHA256SUMS || true\n", 1))
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "Verification failure") {
		t.Errorf("VERIFY.txt commands pass a changed manifest: %v\n%s", err, out)
	}
}

// TestTimestampsInThePack: a pack carries each exhibit's RFC 3161 replies;
// Verify checks them against the exhibit's identity, and the openssl
// command VERIFY.txt gives accepts them with the authority's CA.
func TestTimestampsInThePack(t *testing.T) {
	testenv.Commands(t, "bash", "unzip", "sha256sum", "openssl", "python3", "od", "base64")
	signer := loadSigner(t, "p384")
	p := samplePack(t, signer)
	tsa := testenv.StartTSA(t, "Pack TSA")
	digest, err := timestamp.Digest(p.Exhibits[0].PackageID)
	if err != nil {
		t.Fatal(err)
	}
	reply, _, err := timestamp.Request(t.Context(), http.DefaultClient, tsa.URL, digest)
	if err != nil {
		t.Fatal(err)
	}
	tsr := filepath.Join(t.TempDir(), "reply.tsr")
	if err := os.WriteFile(tsr, reply, 0o600); err != nil {
		t.Fatal(err)
	}
	p.Exhibits[0].Timestamps = []string{tsr}
	path, w := writePack(t, p, signer)
	if ts := w.Manifest.Exhibits[0].Timestamps; len(ts) != 1 || ts[0].Path != "bundles/SP-1.1.tsr" {
		t.Fatalf("manifest timestamps %+v", ts)
	}
	rep, err := Verify(context.Background(), path)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Failed())
	}
	checked := false
	for _, c := range rep.Checks {
		checked = checked || (c.Name == "timestamp" && c.File == "bundles/SP-1.1.tsr" && c.OK)
	}
	if !checked {
		t.Error("Verify did not check the timestamp")
	}

	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(zipFile(t, zr, VerifyName))
	zr.Close()
	script, program := verifyScript(t, text, path)
	dir := t.TempDir()
	ca, err := os.ReadFile(tsa.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"audit.py": []byte(program), "tsa-ca.pem": ca} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Errorf("VERIFY.txt commands: %v\n%s\nscript:\n%s", err, out, script)
	}

	// A reply for another bundle is refused.
	p.Exhibits[1].Timestamps = []string{tsr}
	path, _ = writePack(t, p, signer)
	if rep, _ := Verify(context.Background(), path); rep.OK() {
		t.Error("a timestamp of another bundle passed")
	}
}
