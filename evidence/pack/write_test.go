package pack

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite testdata/VERIFY.golden.txt")

func TestWriteLayoutAndManifest(t *testing.T) {
	signer := loadSigner(t, "p384")
	p := samplePack(t, signer)
	path, w := writePack(t, p, signer)
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if strings.HasSuffix(f.Name, ".wacz") && f.Method != zip.Store {
			t.Errorf("%s is compressed (method %d), want stored", f.Name, f.Method)
		}
	}
	want := "bundles/SP-1.wacz bundles/SP-2.wacz report.pdf audit.jsonl public-key.pem VERIFY.txt manifest.json manifest.sig SHA256SUMS"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("entries %s\nwant    %s", got, want)
	}
	for i, e := range p.Exhibits {
		orig, err := os.ReadFile(e.Bundle)
		if err != nil {
			t.Fatal(err)
		}
		if copied := zipFile(t, zr, BundleFile(e.Ref)); !bytes.Equal(copied, orig) {
			t.Errorf("%s is not a byte-identical copy of %s", BundleFile(e.Ref), e.Bundle)
		}
		m := w.Manifest.Exhibits[i]
		if m.Ref != e.Ref || m.SHA256 != e.SHA256 || m.PackageID != e.PackageID || m.Withdrawn != (e.Withdrawn != "") || m.WithdrawnReason != e.Withdrawn {
			t.Errorf("manifest exhibit %+v does not match %s", m, e.Ref)
		}
	}
	if !w.Manifest.Exhibits[1].Withdrawn || !strings.Contains(string(zipFile(t, zr, ManifestName)), `"withdrawn": true`) {
		t.Error("the withdrawn exhibit is not marked withdrawn in manifest.json")
	}
	if got := zipFile(t, zr, AuditName); bytes.Count(got, []byte("\n")) != len(p.Audit.Events) {
		t.Errorf("audit.jsonl has %d lines, want %d", bytes.Count(got, []byte("\n")), len(p.Audit.Events))
	}
}

func zipFile(t *testing.T, zr *zip.ReadCloser, name string) []byte {
	t.Helper()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReportShowsWithdrawnExhibit(t *testing.T) {
	signer := loadSigner(t, "p384")
	p := samplePack(t, signer)
	entries := []Entry{{File: "bundles/SP-1.wacz", SHA256: "aa"}, {File: "bundles/SP-2.wacz", SHA256: "bb"}}
	r := newReport(p, entries, "sha256:00", "how")
	if r.Classification != "OFFICIAL-SENSITIVE" || len(r.Exhibits) != 2 || len(r.Audit) != len(p.Audit.Events) {
		t.Fatalf("report %+v", r)
	}
	if r.Exhibits[0].Withdrawn != "" || r.Exhibits[1].Withdrawn != "captured into the wrong case" {
		t.Errorf("withdrawn: %q %q", r.Exhibits[0].Withdrawn, r.Exhibits[1].Withdrawn)
	}
	if r.Exhibits[1].BundleFile != "bundles/SP-2.wacz" || r.Exhibits[1].SHA256 != "bb" {
		t.Errorf("exhibit 2 file %s %s", r.Exhibits[1].BundleFile, r.Exhibits[1].SHA256)
	}
}

func TestWriteRefusesChangedBundle(t *testing.T) {
	signer := loadSigner(t, "p384")
	p := samplePack(t, signer)
	p.Exhibits[1].SHA256 = strings.Repeat("0", 64)
	_, err := Write(context.Background(), io.Discard, p, signer, nil)
	var bc *BundleChangedError
	if !errors.As(err, &bc) || bc.Ref != "SP/2" {
		t.Fatalf("write with a changed bundle: %v, want BundleChangedError for SP/2", err)
	}
}

func TestWriteRejectsBadPacks(t *testing.T) {
	signer := loadSigner(t, "p384")
	for name, change := range map[string]func(*Pack){
		"no exhibits":    func(p *Pack) { p.Exhibits = nil },
		"no time":        func(p *Pack) { p.Created = time.Time{} },
		"duplicate ref":  func(p *Pack) { p.Exhibits[1].Ref = p.Exhibits[0].Ref },
		"ref with space": func(p *Pack) { p.Exhibits[0].Ref = "S P/1" },
	} {
		t.Run(name, func(t *testing.T) {
			p := samplePack(t, signer)
			change(&p)
			if _, err := Write(context.Background(), io.Discard, p, signer, nil); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestDefaultPrefix(t *testing.T) {
	for name, want := range map[string]string{
		"DC Sam Patel": "SP", "Jane Smith": "JS", "det. sgt. Ann-Marie O'Neill": "AO",
		"PC 4127": "4", "": "EX", "Ølaf Ærø": "EX", "Mary Jane Ann Kate Lou Sue Beth Jo Al Bo Cy Di Ed Fi Gus Hal Ivy": "EX",
	} {
		if got := DefaultPrefix(name); got != want {
			t.Errorf("DefaultPrefix(%q) = %q, want %q", name, got, want)
		}
	}
	if Ref("JS", 2) != "JS/2" || BundleFile("JS/2") != "bundles/JS-2.wacz" {
		t.Errorf("Ref and BundleFile: %s %s", Ref("JS", 2), BundleFile("JS/2"))
	}
	if CheckPrefix("J/S") == nil || CheckPrefix("") == nil || CheckPrefix("JS1") != nil {
		t.Error("CheckPrefix accepts a bad prefix or refuses a good one")
	}
}

// TestVerifyTxtGolden compares VERIFY.txt of a pack made with the fixed
// clock and test key with testdata/VERIFY.golden.txt; -update rewrites it.
func TestVerifyTxtGolden(t *testing.T) {
	signer := loadSigner(t, "p384")
	path, _ := writePack(t, samplePack(t, signer), signer)
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got := zipFile(t, zr, VerifyName)
	golden := filepath.Join("testdata", "VERIFY.golden.txt")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("VERIFY.txt differs from %s (run with -update if the change is intended):\n%s", golden, got)
	}
}

// unzipPack extracts a pack with the real unzip tool into a new directory.
func unzipPack(t *testing.T, path string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	if out, err := exec.Command("unzip", "-q", path, "-d", dir).CombinedOutput(); err != nil {
		t.Fatalf("unzip: %v\n%s", err, out)
	}
	return dir
}

func TestSHA256SumsChecksWithCoreutils(t *testing.T) {
	testenv.Commands(t, "unzip", "sha256sum")
	signer := loadSigner(t, "p384")
	path, _ := writePack(t, samplePack(t, signer), signer)
	dir := unzipPack(t, path)
	cmd := exec.Command("sha256sum", "--strict", "-c", SumsName)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), ": OK\n"); n != 8 {
		t.Errorf("sha256sum checked %d files, want 8:\n%s", n, out)
	}
	// And it catches a changed file, so the check above could fail.
	if err := os.WriteFile(filepath.Join(dir, ReportName), []byte("%PDF-1.7 forged"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command("sha256sum", "-c", SumsName)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "report.pdf: FAILED") {
		t.Errorf("sha256sum -c passes a forged report.pdf: %v\n%s", err, out)
	}
}
