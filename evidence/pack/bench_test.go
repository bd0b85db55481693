package pack

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture/warc"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// largePack writes a pack of n bundles, each with a WARC of about size
// bytes (captureWARC), and returns its path.
func largePack(b *testing.B, dir string, n, size int) string {
	b.Helper()
	signer := loadSigner(b, "p384")
	rng := rand.NewChaCha8([32]byte{1})
	p := samplePack(b, signer)
	p.Exhibits = nil
	for i := range n {
		ref := Ref("SP", i+1)
		files := bundleFiles(b, "https://example.org/", nil)
		files[0].Data = captureWARC(b, rng, size)
		files = append(files, bundle.File{Path: "indexes/index.cdx", Data: indexOf(b, files[0].Data)})
		path, id, sum := sealBundle(b, dir, BundleFile(ref)[len(BundleDir):], "https://example.org/", files, signer)
		p.Exhibits = append(p.Exhibits, Exhibit{Ref: ref, CaptureID: ref, Bundle: path, SHA256: sum, PackageID: id,
			URL: "https://example.org/", Screenshot: samplePNG(b, 80, 120)})
	}
	p.Audit = auditExtract(b, p.Exhibits)
	path := filepath.Join(dir, "large.zip")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := Write(context.Background(), f, p, signer, nil); err != nil {
		b.Fatal(err)
	}
	return path
}

// captureWARC returns a WARC of about size bytes laid out as a capture of
// a media-heavy page: HTTP response records of 1 MiB bodies, alternately
// text (markup and script, which gzip shrinks about threefold) and random
// bytes (images and video, which it cannot shrink).
func captureWARC(b *testing.B, rng *rand.ChaCha8, size int) []byte {
	b.Helper()
	words := strings.Fields("<div class=post> </div> <span> data-id= function return const var " +
		"the researcher page evidence https://example.org/ { } ; = + && || null true false")
	var buf bytes.Buffer
	w := warc.NewWriter(&buf)
	body := make([]byte, 1<<20)
	for i := 0; buf.Len() < size; i++ {
		mime := "image/jpeg"
		if i%2 == 0 {
			mime = "text/html"
			for n := 0; n < len(body); {
				n += copy(body[n:], words[rng.Uint64()%uint64(len(words))]+" ")
			}
		} else {
			rng.Read(body)
		}
		block, at := warc.ResponseBlock("HTTP/1.1", 200, "OK", [][2]string{{"Content-Type", mime}}, body)
		if _, _, err := w.Write(&warc.Record{Type: warc.TypeResponse, Date: time.Date(2026, 11, 23, 11, 31, 8, 0, time.UTC),
			TargetURI: fmt.Sprintf("https://example.org/r/%d", i), Block: block, PayloadOffset: at}); err != nil {
			b.Fatal(err)
		}
	}
	return buf.Bytes()
}

// indexOf is the CDXJ index of a WARC, as a capture's bundle holds.
func indexOf(b *testing.B, data []byte) []byte {
	b.Helper()
	entries, err := warc.Index(bytes.NewReader(data), "data.warc.gz")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := warc.WriteCDXJ(&buf, entries); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkVerifyPack verifies packs of about 540 MB, one of 8 bundles of
// 64 MiB and one of a single 512 MiB bundle (captureWARC), and in the same loop runs
// "sha256sum -c SHA256SUMS" over the same files unzipped, so both see the
// same machine load. It reports each one's throughput over the pack's
// content (verify-MB/s, sha256sum-MB/s) and their ratio; ns/op is the two
// together. Verify reads every bundle three times from the pack, on
// separate goroutines: the file for SHA256SUMS, its entries for the
// bundle's own hashes and its WARC records for their digests; it also
// checks signatures and the audit chain, which sha256sum does not.
//
//	go test ./evidence/pack -run '^$' -bench VerifyPack -benchtime 3x
func BenchmarkVerifyPack(b *testing.B) {
	if testing.Short() {
		b.Skip("builds two 537 MB packs")
	}
	testenv.Commands(b, "unzip", "sha256sum")
	b.Run("8x64MiB", func(b *testing.B) { benchmarkVerify(b, 8, 64<<20) })
	b.Run("1x512MiB", func(b *testing.B) { benchmarkVerify(b, 1, 512<<20) })
}

func benchmarkVerify(b *testing.B, bundles, bundleSize int) {
	dir := b.TempDir()
	path := largePack(b, dir, bundles, bundleSize)
	extracted := filepath.Join(dir, "x")
	if out, err := exec.Command("unzip", "-q", path, "-d", extracted).CombinedOutput(); err != nil {
		b.Fatalf("unzip: %v\n%s", err, out)
	}
	size := listedBytes(b, extracted)
	var verify, sha time.Duration
	for b.Loop() {
		start := time.Now()
		rep, err := Verify(context.Background(), path)
		if err != nil || !rep.OK() {
			b.Fatalf("verify: %v %v", err, failedPaths(rep))
		}
		verify += time.Since(start)
		start = time.Now()
		cmd := exec.Command("sha256sum", "--quiet", "-c", SumsName)
		cmd.Dir = extracted
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("sha256sum: %v\n%s", err, out)
		}
		sha += time.Since(start)
	}
	mb := float64(size) * float64(b.N) / 1e6
	b.ReportMetric(mb/verify.Seconds(), "verify-MB/s")
	b.ReportMetric(mb/sha.Seconds(), "sha256sum-MB/s")
	b.ReportMetric(sha.Seconds()/verify.Seconds(), "verify/sha256sum")
}

// listedBytes is the size of every file SHA256SUMS lists in dir.
func listedBytes(b *testing.B, dir string) int64 {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(dir, SumsName))
	if err != nil {
		b.Fatal(err)
	}
	sums, err := parseSums(data)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, s := range sums {
		st, err := os.Stat(filepath.Join(dir, s.path))
		if err != nil {
			b.Fatal(err)
		}
		n += st.Size()
	}
	return n
}
