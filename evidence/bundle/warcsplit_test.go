package bundle

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture/warc"
)

// largeWARC returns a WARC of 1 MiB responses, more than splitMin in all,
// and its CDXJ with every offset moved by shift. When damage >= 0, that
// record claims a payload digest of zeros.
func largeWARC(t *testing.T, damage int, shift int64) (data, cdxj []byte) {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{7})
	body := make([]byte, 1<<20)
	var out bytes.Buffer
	for i := 0; out.Len() < splitMin+4<<20; i++ {
		rng.Read(body)
		block, at := warc.ResponseBlock("HTTP/1.1", 200, "OK", [][2]string{{"Content-Type", "video/mp4"}}, body)
		var member bytes.Buffer
		if _, _, err := warc.NewWriter(&member).Write(&warc.Record{Type: warc.TypeResponse, Date: time.Date(2026, 11, 23, 11, 0, i, 0, time.UTC),
			TargetURI: fmt.Sprintf("https://example.org/v/%d.mp4", i), Block: block, PayloadOffset: at}); err != nil {
			t.Fatal(err)
		}
		if i == damage {
			member = *bytes.NewBuffer(zeroPayloadDigest(t, member.Bytes()))
		}
		out.Write(member.Bytes())
	}
	entries, err := warc.Index(bytes.NewReader(out.Bytes()), "data.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		entries[i].Offset += shift
	}
	var index bytes.Buffer
	if err := warc.WriteCDXJ(&index, entries); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), index.Bytes()
}

// zeroPayloadDigest rewrites one gzip member so that its record claims a
// payload digest of zeros.
func zeroPayloadDigest(t *testing.T, member []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(member))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	field := []byte("WARC-Payload-Digest: sha256:")
	at := bytes.Index(raw, field) + len(field)
	copy(raw[at:at+64], strings.Repeat("0", 64))
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func largeBundle(t *testing.T, damage int, shift int64) string {
	t.Helper()
	data, cdxj := largeWARC(t, damage, shift)
	files := sampleFiles(t)
	for i := range files {
		switch files[i].Path {
		case "archive/data.warc.gz":
			files[i].Data = data
		case "indexes/index.cdx":
			files[i].Data = cdxj
		}
	}
	path, _ := writeBundle(t, files, newTestSigner(t))
	return path
}

// TestVerifyLargeWARCInParts checks a WARC large enough to be read in
// parts: the parts start where the CDXJ says records start, and the result
// is the one-pass result, whether the WARC is intact, has a bad record in
// a later part, or comes with a CDXJ whose offsets are wrong.
func TestVerifyLargeWARCInParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	intact := largeBundle(t, -1, 0)
	v, parts := splitOf(t, intact)
	if len(parts) != 4 {
		t.Fatalf("%d parts, want one per CPU: %+v", len(parts), parts)
	}
	if res, ok := v.readParts(parts); !ok || res.records != 20 || res.err != nil {
		t.Fatalf("the parts read as %+v (ok %v), want 20 records", res, ok)
	}
	for _, tc := range []struct {
		name, path, want string // want: the failed WARC check's message, "" for none
	}{
		{"intact", intact, ""},
		{"bad record in a later part", largeBundle(t, 15, 0), "record 16 (response https://example.org/v/15.mp4)"},
		{"CDXJ offsets wrong", largeBundle(t, -1, 7), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Verify(t.Context(), tc.path)
			if err != nil {
				t.Fatal(err)
			}
			failed := rep.Failed()
			switch {
			case tc.want == "" && len(failed) > 0:
				t.Fatalf("failed: %v", failedKeys(rep))
			case tc.want == "" && !hasCheck(rep, "warc", "archive/data.warc.gz (20 records)"):
				t.Fatalf("no WARC check of 20 records: %+v", rep.Checks)
			case tc.want != "" && (len(failed) != 1 || !strings.Contains(failed[0].Err.Error(), tc.want)):
				t.Fatalf("failed %v, want only the WARC naming %q", failed, tc.want)
			}
		})
	}
}

func hasCheck(rep Report, name, file string) bool {
	for _, c := range rep.Checks {
		if c.OK && c.Name == name && c.File == file {
			return true
		}
	}
	return false
}

// splitOf is what splitWARC makes of the bundle's WARC, and the verifier
// it used, which reads the bundle until the test ends.
func splitOf(t *testing.T, path string) (*verifier, []part) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	v := &verifier{ctx: t.Context(), bundle: f, files: zr.File}
	return v, v.splitWARC(v.entry("archive/data.warc.gz"))
}
