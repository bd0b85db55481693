package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// sha256Hex is the test's own digest, not the package's.
func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// TestRoundTrip writes the sample capture and reads it back: every field
// survives, the digests match the test's own computation over the bytes,
// and the Reader reports the members where the Writer put them.
func TestRoundTrip(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	rd := NewReader(bytes.NewReader(w.data))
	for i, want := range w.records {
		got, err := rd.Next()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("record %d read back as\n%+v\nwrote\n%+v", i, got, want)
		}
		if off, n := rd.Member(); off != w.offsets[i] || n != w.lengths[i] {
			t.Errorf("record %d: member at %d+%d, written at %d+%d", i, off, n, w.offsets[i], w.lengths[i])
		}
		if d := sha256Hex(got.Block); got.BlockDigest != d {
			t.Errorf("record %d: block digest %s, computed %s", i, got.BlockDigest, d)
		}
		wantPayload := ""
		switch got.Type {
		case TypeRequest, TypeResponse:
			wantPayload = sha256Hex(got.Block[bytes.Index(got.Block, []byte("\r\n\r\n"))+4:])
		case TypeResource:
			wantPayload = sha256Hex(got.Block)
		}
		if got.PayloadDigest != wantPayload {
			t.Errorf("record %d (%s): payload digest %q, computed %q", i, got.Type, got.PayloadDigest, wantPayload)
		}
		if err := got.CheckDigests(); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
		if !strings.HasPrefix(got.ID, "<urn:uuid:") || got.ID[24] != '4' {
			t.Errorf("record %d: generated ID %s is not a version 4 urn:uuid", i, got.ID)
		}
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Fatalf("after the last record: %v, want io.EOF", err)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Fatalf("EOF is not sticky: %v", err)
	}
}

// TestWrittenBytes checks the exact bytes of one record: the header order,
// the millisecond date, the digests and the CRLF CRLF after the block.
func TestWrittenBytes(t *testing.T) {
	block, at := ResponseBlock("HTTP/1.1", 200, "OK", [][2]string{{"Content-Type", "text/plain"}}, []byte("hi"))
	rec := &Record{Type: TypeResponse, ID: "<urn:uuid:00000000-0000-4000-8000-000000000001>",
		Date: baseTime.Add(123456), TargetURI: "https://example.com/", ConcurrentTo: "<urn:uuid:x>",
		IPAddress: "192.0.2.1", Fields: [][2]string{{"WARC-Protocol", "http/1.1"}, {"X-Empty", ""}},
		Block: block, PayloadOffset: at}
	w := writeRecords(t, []*Record{rec})
	want := "WARC/1.1\r\n" +
		"WARC-Type: response\r\n" +
		"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n" +
		"WARC-Date: 2024-05-01T12:34:56.789Z\r\n" +
		"WARC-Target-URI: https://example.com/\r\n" +
		"WARC-Concurrent-To: <urn:uuid:x>\r\n" +
		"WARC-IP-Address: 192.0.2.1\r\n" +
		"WARC-Protocol: http/1.1\r\n" +
		"X-Empty: \r\n" +
		"WARC-Block-Digest: " + sha256Hex(block) + "\r\n" +
		"WARC-Payload-Digest: " + sha256Hex([]byte("hi")) + "\r\n" +
		"Content-Type: application/http; msgtype=response\r\n" +
		"Content-Length: 66\r\n" +
		"\r\n" +
		"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi" +
		"\r\n\r\n"
	if got := string(members(t, w.data)[0]); got != want {
		t.Errorf("record bytes:\n%q\nwant\n%q", got, want)
	}
	if len(block) != 66 {
		t.Errorf("block is %d bytes, the expected text says 66", len(block))
	}
}

// TestTamperedRecord checks that CheckDigests names the record and the
// digest that no longer match, for a changed payload byte and for a
// changed payload digest.
func TestTamperedRecord(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	cases := []struct {
		name  string
		rec   int
		edit  func([]byte) []byte
		field string
	}{
		{"image payload byte", 5, flipPayloadByte(20), hBlockDigest},
		{"screenshot byte", 7, flipPayloadByte(3), hBlockDigest},
		{"payload digest edited", 3, func(m []byte) []byte {
			i := bytes.Index(m, []byte(hPayloadDigest+": sha256:")) + len(hPayloadDigest) + 9
			m[i] = "01"[m[i]&1]
			return m
		}, hPayloadDigest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd := NewReader(bytes.NewReader(tamper(t, w.data, c.rec, c.edit)))
			for i := range w.records {
				rec, err := rd.Next()
				if err != nil {
					t.Fatal(err)
				}
				err = rec.CheckDigests()
				if i != c.rec {
					if err != nil {
						t.Errorf("untouched record %d: %v", i, err)
					}
					continue
				}
				var mm *DigestMismatchError
				if !errors.As(err, &mm) || mm.Field != c.field || mm.ID != w.records[i].ID {
					t.Errorf("tampered record %d: %v, want a %s mismatch", i, err, c.field)
				}
			}
		})
	}
}

// TestReaderRejects checks the structural errors a Reader reports.
func TestReaderRejects(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, true))
	ms := members(t, w.data)
	replace := func(old, new string) []byte {
		return gzipMembers(t, [][]byte{bytes.Replace(ms[1], []byte(old), []byte(new), 1)})
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"not gzip", ms[0], "not a gzip member"},
		{"two records in one member", gzipMembers(t, [][]byte{append(bytes.Clone(ms[0]), ms[1]...)}), "more than one record"},
		{"empty member", gzipMembers(t, [][]byte{nil}), "version line"},
		{"truncated member", w.data[:w.offsets[1]+w.lengths[1]-5], "unexpected EOF"},
		{"trailing garbage", append(bytes.Clone(w.data[:w.offsets[1]]), 0, 0, 0), "not a gzip member"},
		{"WARC/1.0", replace("WARC/1.1", "WARC/1.0"), "want WARC/1.1"},
		{"bare LF", replace("WARC-Type: response\r\n", "WARC-Type: response\n"), "not ended by CRLF"},
		{"repeated field", replace("WARC-Type: response\r\n", "WARC-Type: response\r\nwarc-type: response\r\n"), "repeated"},
		{"unknown type", replace("WARC-Type: response", "WARC-Type: revisit\r\nX: x"), "not one Sightline writes"},
		{"date in seconds", replace(".889Z", "Z"), "WARC-Date"},
		{"base32 digest", replace("WARC-Block-Digest: sha256:", "WARC-Block-Digest: sha256:Q"), "WARC-Block-Digest"},
		{"sha1 digest", replace("WARC-Block-Digest: sha256:", "WARC-Block-Digest: sha1:"), "WARC-Block-Digest"},
		{"no block digest", replace("WARC-Block-Digest:", "X-Block-Digest:"), "WARC-Block-Digest missing"},
		{"long Content-Length", replace("Content-Length: ", "Content-Length: 1"), "block"},
		{"Content-Length with sign", replace("Content-Length: ", "Content-Length: +"), "Content-Length"},
		{"no CRLF CRLF after block", gzipMembers(t, [][]byte{bytes.TrimSuffix(ms[1], []byte("\r\n"))}), "CRLF CRLF"},
		{"HTTP content type", replace(ContentTypeResponse, "text/html"), "Content-Type"},
		{"bad IP", replace("WARC-IP-Address: 93.184.216.34", "WARC-IP-Address: example.com"), "WARC-IP-Address"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd := NewReader(bytes.NewReader(c.data))
			var err error
			for err == nil {
				_, err = rd.Next()
			}
			if err == io.EOF || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestReaderMaxBlock checks that a declared length above MaxBlock fails
// before the block is read.
func TestReaderMaxBlock(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	rd := NewReader(bytes.NewReader(w.data))
	rd.MaxBlock = 100
	if _, err := rd.Next(); err == nil || !strings.Contains(err.Error(), "above the limit") {
		t.Fatalf("got %v, want a limit error", err)
	}
}

// TestWriterStopsAfterError checks that a failed write is sticky.
func TestWriterStopsAfterError(t *testing.T) {
	w := NewWriter(failingWriter{})
	rec := sampleRecords(t, false)[0]
	if _, _, err := w.Write(rec); err == nil {
		t.Fatal("write to a failing writer succeeded")
	}
	if _, _, err := w.Write(sampleRecords(t, false)[1]); err == nil {
		t.Fatal("write after an error succeeded")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestMemberIsStandardGzip checks that each member is an ordinary gzip
// stream that tools like zcat read alone.
func TestMemberIsStandardGzip(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	zr, err := gzip.NewReader(bytes.NewReader(w.data))
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(zr) // multistream: the whole file
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(all, []byte("WARC/1.1\r\n")); n < len(w.records) {
		t.Errorf("zcat view has %d version lines, want at least %d", n, len(w.records))
	}
}
