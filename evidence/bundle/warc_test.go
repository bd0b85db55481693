package bundle

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestVerifyChecksWARCRecordDigests seals, with a valid signature, a WARC
// whose record claims a digest its block does not have, as a faulty or
// dishonest writer would: the file hashes match, the WARC check fails.
func TestVerifyChecksWARCRecordDigests(t *testing.T) {
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	fmt.Fprint(zw, "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:6f9a6c3e-1b7d-4c52-9b0e-2f3d4a5b6c7d>\r\n"+
		"WARC-Date: 2024-05-01T12:34:56.000Z\r\nWARC-Target-URI: https://example.org/\r\n"+
		"WARC-Block-Digest: sha256:"+strings.Repeat("0", 64)+"\r\nWARC-Payload-Digest: sha256:"+strings.Repeat("0", 64)+"\r\n"+
		"Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	files := sampleFiles(t)
	for i := range files {
		if files[i].Path == "archive/data.warc.gz" {
			files[i].Data = member.Bytes()
		}
	}
	path, _ := writeBundle(t, files, newTestSigner(t))
	rep, err := Verify(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(failedKeys(rep), ","); got != "warc archive/data.warc.gz" {
		t.Fatalf("failed checks %q, want only the WARC's", got)
	}
	if msg := rep.Failed()[0].Err.Error(); !strings.Contains(msg, "record 1 (resource https://example.org/)") {
		t.Errorf("the finding does not name the record: %s", msg)
	}
}
