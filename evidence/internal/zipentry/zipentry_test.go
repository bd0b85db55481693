package zipentry

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// zipOf writes one stored and one deflated entry with the same content.
func zipOf(t *testing.T, content []byte) []*zip.File {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, method := range map[string]uint16{"stored": zip.Store, "deflated": zip.Deflate} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	// Flip one byte of the stored entry: its CRC no longer matches.
	data := buf.Bytes()
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		if f.Name == "stored" {
			off, _ := f.DataOffset()
			data[off] ^= 0xff
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File
}

func TestReadsWithoutTheCRCAndBounds(t *testing.T) {
	content := []byte(strings.Repeat("evidence ", 1000))
	ctx := context.Background()
	for _, f := range zipOf(t, content) {
		want := content
		if f.Name == "stored" {
			want = append([]byte{content[0] ^ 0xff}, content[1:]...)
		}
		got, err := ReadAll(ctx, f, int64(len(content)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: ReadAll %d bytes, %v", f.Name, len(got), err)
		}
		if _, err := ReadAll(ctx, f, int64(len(content))-1); err == nil {
			t.Errorf("%s: ReadAll past its bound succeeded", f.Name)
		}
		sum := sha256.Sum256(want)
		if h, n, err := SHA256(ctx, f); err != nil || h != hex.EncodeToString(sum[:]) || n != int64(len(want)) {
			t.Errorf("%s: SHA256 %s %d %v", f.Name, h, n, err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := Copy(cancelled, f, &bytes.Buffer{}); err != context.Canceled {
			t.Errorf("%s: Copy after cancel: %v", f.Name, err)
		}
	}
}
