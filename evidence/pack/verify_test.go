package pack

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestVerifyUntouchedPack(t *testing.T) {
	signer := loadSigner(t, "p384")
	path, w := writePack(t, samplePack(t, signer), signer)
	rep, err := Verify(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("untouched pack fails: %v", failedPaths(rep))
	}
	if rep.ID != w.ID || rep.Fingerprint != w.Manifest.KeyFingerprint || rep.Manifest.Case != "OP-1" {
		t.Errorf("report id %s fingerprint %s case %s, want %s %s OP-1", rep.ID, rep.Fingerprint, rep.Manifest.Case, w.ID, w.Manifest.KeyFingerprint)
	}
	have := map[string]bool{}
	for _, c := range rep.Checks {
		have[c.Name+" "+c.Path()] = true
	}
	for _, want := range []string{
		"manifest manifest.json", "key public-key.pem", "signature manifest.sig", "sums-file SHA256SUMS",
		"sums manifest.sig", "sums report.pdf", "files VERIFY.txt", "exhibit bundles/SP-2.wacz",
		"hash bundles/SP-1.wacz/archive/data.warc.gz", "signature bundles/SP-2.wacz/datapackage-digest.json",
		"bundle-key bundles/SP-1.wacz", "audit audit.jsonl", "audit-capture bundles/SP-2.wacz",
	} {
		if !have[want] {
			t.Errorf("no check %q among %d", want, len(rep.Checks))
		}
	}
}

// tamper changes a pack's entries as someone with a ZIP tool would.
type tamper func(t *testing.T, entries []zipEntry) []zipEntry

// inBundle applies change to the bundle file of a pack, rewriting it.
func inBundle(file string, change func(t *testing.T, entries []zipEntry)) tamper {
	return func(t *testing.T, entries []zipEntry) []zipEntry {
		i := entry(t, entries, file)
		inner := readZip(t, entries[i].data)
		change(t, inner)
		entries[i].data = writeZip(t, inner)
		return entries
	}
}

// flip inverts the middle byte of the named entry.
func flip(name string) func(t *testing.T, entries []zipEntry) {
	return func(t *testing.T, entries []zipEntry) {
		d := entries[entry(t, entries, name)].data
		d[len(d)/2] ^= 0xff
	}
}

// replace substitutes old with new in the named entry, which must hold it.
func replace(name, old, new string) func(t *testing.T, entries []zipEntry) {
	return func(t *testing.T, entries []zipEntry) {
		e := &entries[entry(t, entries, name)]
		if !bytes.Contains(e.data, []byte(old)) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		e.data = bytes.Replace(e.data, []byte(old), []byte(new), 1)
	}
}

func TestVerifyNamesEveryTamperedFile(t *testing.T) {
	signer := loadSigner(t, "p384")
	good, _ := writePack(t, samplePack(t, signer), signer)
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		tamper tamper
		want   []string // failed checks, "name path"
	}{
		{"warc byte in a bundle", inBundle("bundles/SP-1.wacz", flip("archive/data.warc.gz")),
			[]string{"hash bundles/SP-1.wacz/archive/data.warc.gz", "sums bundles/SP-1.wacz", "files bundles/SP-1.wacz", "exhibit bundles/SP-1.wacz"}},
		{"png byte in a bundle", inBundle("bundles/SP-2.wacz", flip("evidence/screenshot.png")),
			[]string{"hash bundles/SP-2.wacz/evidence/screenshot.png", "sums bundles/SP-2.wacz", "exhibit bundles/SP-2.wacz"}},
		{"datapackage.json in a bundle", inBundle("bundles/SP-1.wacz", replace("datapackage.json", "Page SP-1", "Page SP-9")),
			[]string{"digest bundles/SP-1.wacz/datapackage.json", "sums bundles/SP-1.wacz"}},
		{"bundle signature", inBundle("bundles/SP-1.wacz", replace("datapackage-digest.json", `"signature": "`, `"signature": "AAAA`)),
			[]string{"signature bundles/SP-1.wacz/datapackage-digest.json", "sums bundles/SP-1.wacz"}},
		{"manifest.json", func(t *testing.T, e []zipEntry) []zipEntry {
			replace(ManifestName, `"case_title": "Kestrel"`, `"case_title": "Harrier"`)(t, e)
			return e
		}, []string{"signature manifest.sig", "sums manifest.json"}},
		{"an audit.jsonl line", func(t *testing.T, e []zipEntry) []zipEntry {
			replace(AuditName, "https://example.org/post/42", "https://example.org/post/43")(t, e)
			return e
		}, []string{"audit audit.jsonl", "sums audit.jsonl", "files audit.jsonl"}},
		{"a deleted file", func(t *testing.T, e []zipEntry) []zipEntry {
			return slices.Delete(e, entry(t, e, ReportName), entry(t, e, ReportName)+1)
		}, []string{"sums report.pdf", "files report.pdf"}},
		{"a deleted bundle", func(t *testing.T, e []zipEntry) []zipEntry {
			return slices.Delete(e, entry(t, e, "bundles/SP-2.wacz"), entry(t, e, "bundles/SP-2.wacz")+1)
		}, []string{"sums bundles/SP-2.wacz", "files bundles/SP-2.wacz", "exhibit bundles/SP-2.wacz"}},
		{"an added file", func(t *testing.T, e []zipEntry) []zipEntry {
			return append(e, zipEntry{name: "notes.txt", method: 8, data: []byte("added later\n")})
		}, []string{"sums-listed notes.txt", "files-listed notes.txt"}},
		{"an added bundle", func(t *testing.T, e []zipEntry) []zipEntry {
			return append(e, zipEntry{name: "bundles/SP-3.wacz", data: e[entry(t, e, "bundles/SP-1.wacz")].data})
		}, []string{"exhibit bundles/SP-3.wacz", "sums-listed bundles/SP-3.wacz", "files-listed bundles/SP-3.wacz"}},
		{"an unknown format", func(t *testing.T, e []zipEntry) []zipEntry {
			replace(ManifestName, `"format": "sightline-evidence-pack/1"`, `"format": "sightline-evidence-pack/2"`)(t, e)
			return e
		}, []string{"manifest manifest.json", "signature manifest.sig"}},
		{"a duplicated file", func(t *testing.T, e []zipEntry) []zipEntry {
			return append(e, zipEntry{name: VerifyName, method: 8, data: []byte("trust me\n")})
		}, []string{"duplicate VERIFY.txt"}},
		{"a SHA256SUMS line", func(t *testing.T, e []zipEntry) []zipEntry {
			d := e[entry(t, e, SumsName)].data
			d[0] = map[bool]byte{true: '1', false: '0'}[d[0] == '0']
			return e
		}, []string{"sums " + e0(t, raw)}},
		{"public-key.pem", func(t *testing.T, e []zipEntry) []zipEntry {
			other := loadSigner(t, "other")
			e[entry(t, e, PublicKeyName)].data = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: other.PublicKeyDER()})
			return e
		}, []string{"key public-key.pem", "signature manifest.sig", "sums public-key.pem"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad.zip")
			if err := os.WriteFile(bad, writeZip(t, tc.tamper(t, readZip(t, raw))), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(context.Background(), bad)
			if err != nil {
				t.Fatal(err)
			}
			assertFailed(t, rep, tc.want)
		})
	}
}

// TestVerifyDeflatedBundles rewrites a pack with its bundles compressed,
// which Sightline never does but a ZIP tool may: the content is unchanged,
// so the pack verifies, and a flipped WARC byte is still found.
func TestVerifyDeflatedBundles(t *testing.T) {
	signer := loadSigner(t, "p384")
	good, _ := writePack(t, samplePack(t, signer), signer)
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	deflate := func(e []zipEntry) []zipEntry {
		for i := range e {
			if isBundle(e[i].name) {
				e[i].method = zip.Deflate
			}
		}
		return e
	}
	for _, tc := range []struct {
		name   string
		tamper tamper
		want   []string
	}{
		{"untouched", func(t *testing.T, e []zipEntry) []zipEntry { return e }, nil},
		{"warc byte", inBundle("bundles/SP-1.wacz", flip("archive/data.warc.gz")),
			[]string{"hash bundles/SP-1.wacz/archive/data.warc.gz", "sums bundles/SP-1.wacz"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "deflated.zip")
			if err := os.WriteFile(path, writeZip(t, deflate(tc.tamper(t, readZip(t, raw)))), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == nil {
				if !rep.OK() {
					t.Fatalf("deflated bundles fail: %v", failedPaths(rep))
				}
				return
			}
			assertFailed(t, rep, tc.want)
		})
	}
}

// e0 is the path on SHA256SUMS's first line.
func e0(t *testing.T, raw []byte) string {
	t.Helper()
	sums := readZip(t, raw)[entry(t, readZip(t, raw), SumsName)].data
	return strings.SplitN(strings.SplitN(string(sums), "\n", 2)[0], "  ", 2)[1]
}

func assertFailed(t *testing.T, rep Report, want []string) {
	t.Helper()
	if rep.OK() {
		t.Fatal("tampered pack verifies")
	}
	failed := failedPaths(rep)
	for _, w := range want {
		if !failed[w] {
			t.Errorf("no failed check %q; failed: %v", w, failed)
		}
	}
	for _, c := range rep.Failed() {
		if c.Err == nil || c.File == "" {
			t.Errorf("failed check %s %q names no file or reason", c.Name, c.Path())
		}
	}
}

func TestVerifyRehashedAuditEventBreaksTheLink(t *testing.T) {
	signer := loadSigner(t, "p384")
	p := samplePack(t, signer)
	// Change an event and recompute its hash, as someone who knows the
	// format would: the next event no longer links to it.
	e := &p.Audit.Events[1]
	e.URL = "https://elsewhere.example/"
	line, err := e.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	e.Hash, _ = lineHash(append(line[:len(line)-75:len(line)-75], `,"hash":"`+strings.Repeat("0", 64)+`"}`...), e.PrevHash)
	path, _ := writePack(t, p, signer)
	rep, err := Verify(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	assertFailed(t, rep, []string{"audit audit.jsonl"})
	var ae *AuditError
	for _, c := range rep.Failed() {
		if errors.As(c.Err, &ae) && strings.Contains(ae.Reason, "prev_hash is not the hash") {
			return
		}
	}
	t.Errorf("no finding that the next event does not link: %v", rep.Failed())
}

func TestVerifyPackResignedWithAnotherKey(t *testing.T) {
	// Someone rebuilds the whole pack, consistently, under their own key:
	// every list and the manifest signature check, but the bundles were
	// sealed by the workstation key.
	signer, other := loadSigner(t, "p384"), loadSigner(t, "other")
	path, _ := writePack(t, samplePack(t, signer), other)
	rep, err := Verify(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	assertFailed(t, rep, []string{"bundle-key bundles/SP-1.wacz", "bundle-key bundles/SP-2.wacz"})
	if len(rep.Failed()) != 2 {
		t.Errorf("failed: %v, want only the bundle keys", failedPaths(rep))
	}
	if !errors.Is(rep.Failed()[0].Err, ErrKeyMismatch) {
		t.Errorf("bundle-key error %v, want ErrKeyMismatch", rep.Failed()[0].Err)
	}
}

func TestVerifyNotAPack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.zip")
	if err := os.WriteFile(path, []byte("not a zip at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), path); err == nil {
		t.Fatal("no error for a file that is not a ZIP")
	}
	if ok, err := IsPack(path); ok || err == nil {
		t.Errorf("IsPack of a non-ZIP: %v %v", ok, err)
	}
}

func TestVerifyCancelled(t *testing.T) {
	signer := loadSigner(t, "p384")
	path, _ := writePack(t, samplePack(t, signer), signer)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Verify(ctx, path); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled verify: %v", err)
	}
}
