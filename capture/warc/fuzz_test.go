package warc

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// addSeeds adds the sample capture, a few damaged copies and the test
// vectors as seeds.
func addSeeds(f *testing.F) {
	w := writeRecords(f, sampleRecords(f, true))
	f.Add(w.data)
	ms := members(f, w.data)
	f.Add(gzipMembers(f, ms[:2]))
	f.Add(gzipMembers(f, [][]byte{append(bytes.Clone(ms[0]), ms[1]...)}))
	f.Add(gzipMembers(f, [][]byte{bytes.Replace(ms[3], []byte("WARC-Payload-Digest"), []byte("X-Payload-Digest"), 1)}))
	for _, m := range ms {
		f.Add(m) // uncompressed: FuzzReader compresses it, so mutations reach the parser
	}
	vectors, _ := filepath.Glob(filepath.Join(vectorDir, "*.warc.gz"))
	for _, v := range vectors {
		if data, err := os.ReadFile(v); err == nil {
			f.Add(data)
		}
	}
}

// FuzzReader checks that the Reader never panics and that every record it
// returns, written again, reads back identically with digests that match,
// and is written the same way a second time. Input that does not start
// like gzip is compressed as one member first, so that mutations reach the
// record parser rather than only the gzip checksum.
func FuzzReader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			data = gzipMembers(t, [][]byte{data})
		}
		rd := NewReader(bytes.NewReader(data))
		rd.MaxBlock = 1 << 20
		var next int64
		for range 100 {
			rec, err := rd.Next()
			if err != nil {
				return
			}
			off, n := rd.Member()
			if off != next || n <= 0 || off+n > int64(len(data)) {
				t.Fatalf("member %d+%d after %d in %d bytes", off, n, next, len(data))
			}
			next = off + n
			checkRewrite(t, rec)
		}
	})
}

// checkRewrite writes rec again and reads it back.
func checkRewrite(t *testing.T, rec *Record) {
	t.Helper()
	cp := *rec
	var first bytes.Buffer
	if _, _, err := NewWriter(&first).Write(&cp); err != nil {
		return // Write is stricter than Reader (the HTTP head)
	}
	got, err := NewReader(bytes.NewReader(first.Bytes())).Next()
	if err != nil {
		t.Fatalf("rewritten record does not read: %v\n%q", err, first.Bytes())
	}
	if err := got.CheckDigests(); err != nil {
		t.Fatalf("rewritten record: %v", err)
	}
	want := *rec
	if rec.CheckDigests() != nil {
		want.BlockDigest, want.PayloadDigest = got.BlockDigest, got.PayloadDigest
	}
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("rewritten record reads as\n%+v\nwant\n%+v", *got, want)
	}
	var second bytes.Buffer
	if _, _, err := NewWriter(&second).Write(got); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("second rewrite differs (%v)", err)
	}
}

// FuzzCDXJ checks that any index ReadCDXJ accepts is written and read back
// to the same entries, and written the same way twice.
func FuzzCDXJ(f *testing.F) {
	w := writeRecords(f, sampleRecords(f, false))
	entries, err := Index(bytes.NewReader(w.data), "data.warc.gz")
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCDXJ(&b, entries); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(`com,example)/ 20240501120000 {"offset":0,"length":5,"status":200,"url":"https://example.com/","filename":"f","x":[1]}`))
	if cdxj, err := os.ReadFile(filepath.Join(vectorDir, "index-valid.cdxj")); err == nil {
		f.Add(cdxj)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ReadCDXJ(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteCDXJ(&out, entries); err != nil {
			t.Fatalf("WriteCDXJ of what ReadCDXJ accepted: %v", err)
		}
		again, err := ReadCDXJ(bytes.NewReader(out.Bytes()))
		if err != nil || !reflect.DeepEqual(again, entries) {
			t.Fatalf("read back %+v (%v), want %+v", again, err, entries)
		}
		var out2 bytes.Buffer
		if WriteCDXJ(&out2, again); !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("written twice differently:\n%s\n%s", out.Bytes(), out2.Bytes())
		}
	})
}

// FuzzCDXJEntry checks that every entry WriteCDXJ accepts reads back the
// same, its date in whole seconds, and that SURT keys never break a line.
func FuzzCDXJEntry(f *testing.F) {
	f.Add("https://www.example.com/a?b=1&a=2", int64(1714566896), "text/html", 200, true, int64(0), int64(10))
	f.Add("urn:sightline:evidence/screenshot.png", int64(0), "", 0, false, int64(5), int64(1))
	f.Add("http://[::1]:80/%2e%2e/x?#", int64(-1), "a; b", 999, true, int64(1<<40), int64(1))
	f.Fuzz(func(t *testing.T, url string, sec int64, mime string, status int, digest bool, off, length int64) {
		key, _ := SURT(url)
		if checkURIValue(url) == nil && checkURIValue(key) != nil {
			t.Fatalf("SURT(%q) = %q has a space or control character", url, key)
		}
		e := IndexEntry{URL: url, Date: time.Unix(sec, 999), MIME: mime, Status: status, Offset: off, Length: length, Filename: "data.warc.gz"}
		if digest {
			e.Digest = Digest([]byte(url))
		}
		var b bytes.Buffer
		if err := WriteCDXJ(&b, []IndexEntry{e}); err != nil {
			return
		}
		got, err := ReadCDXJ(&b)
		if err != nil {
			t.Fatalf("ReadCDXJ of a written entry: %v", err)
		}
		e.Date = e.Date.UTC().Truncate(time.Second)
		if len(got) != 1 || !reflect.DeepEqual(got[0], e) {
			t.Fatalf("read back %+v, want %+v", got, e)
		}
	})
}

// FuzzResponseBlock checks that whatever the browser reports, the response
// block is one Write accepts and that holds the body unchanged.
func FuzzResponseBlock(f *testing.F) {
	f.Add("h2", 200, "", "content-encoding", "gzip\nbr", "Set-Cookie", "a=1", []byte("body"))
	f.Add("HTTP/1.1", 304, "Not Modified", ":status", "304", "X-Sightline-Protocol", "x", []byte(nil))
	f.Fuzz(func(t *testing.T, proto string, status int, text, n1, v1, n2, v2 string, body []byte) {
		if status < 100 || status > 999 || (bodiless(status) && len(body) > 0) {
			return
		}
		block, at := ResponseBlock(proto, status, text, [][2]string{{n1, v1}, {n2, v2}}, body)
		head, err := parseHTTPHead(TypeResponse, block)
		if err != nil {
			t.Fatalf("block Write rejects: %v\n%q", err, block)
		}
		if head.payloadOffset != at || !bytes.Equal(block[at:], body) || head.status != status {
			t.Fatalf("payload at %d (head says %d), status %d", at, head.payloadOffset, head.status)
		}
		rec := &Record{Type: TypeResponse, Date: baseTime, Block: block, PayloadOffset: at}
		if _, _, err := NewWriter(io.Discard).Write(rec); err != nil {
			t.Fatalf("Write: %v", err)
		}
		if strings.Count(string(block[:at]), "\r\n\r\n") != 1 {
			t.Fatalf("head has an early blank line: %q", block[:at])
		}
	})
}
