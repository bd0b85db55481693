package warc

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// FuzzNextChecked checks that NextChecked, which streams each block, finds
// what Next followed by CheckDigests finds on the same input: the same
// records and payload offsets, the same digest findings, the same errors.
func FuzzNextChecked(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			data = gzipMembers(t, [][]byte{data})
		}
		whole, streamed := NewReader(bytes.NewReader(data)), NewReader(bytes.NewReader(data))
		whole.MaxBlock, streamed.MaxBlock = 1<<20, 1<<20
		for i := range 100 {
			want, wantErr := whole.Next()
			got, gotErr := streamed.NextChecked()
			if wantErr != nil {
				if gotErr == nil || gotErr.Error() != wantErr.Error() {
					t.Fatalf("record %d: NextChecked error %v, Next error %v", i, gotErr, wantErr)
				}
				return
			}
			if digests := want.CheckDigests(); fmt.Sprint(gotErr) != fmt.Sprint(digests) {
				t.Fatalf("record %d: NextChecked finds %v, CheckDigests %v", i, gotErr, digests)
			}
			if got.Block != nil {
				t.Fatalf("record %d: NextChecked kept the block", i)
			}
			want.Block = nil
			if !reflect.DeepEqual(*got, *want) {
				t.Fatalf("record %d: NextChecked reads\n%+v\nNext reads\n%+v", i, *got, *want)
			}
		}
	})
}

// TestNextCheckedFindsEachDigest damages one record's block digest, then
// its payload digest, and expects NextChecked to name that field and read
// on to the last record.
func TestNextCheckedFindsEachDigest(t *testing.T) {
	recs := sampleRecords(t, true)
	for _, field := range []string{hBlockDigest, hPayloadDigest} {
		t.Run(field, func(t *testing.T) {
			ms := members(t, writeRecords(t, recs).data)
			const damaged = 3 // the page's response
			wrong := "sha256:" + fmt.Sprintf("%064x", 0)
			ms[damaged] = bytes.Replace(ms[damaged], []byte(field+": sha256:"), []byte(field+": "+wrong+"\r\nX-Was: "), 1)
			rd := NewReader(bytes.NewReader(gzipMembers(t, ms)))
			for i := range ms {
				_, err := rd.NextChecked()
				var mismatch *DigestMismatchError
				switch {
				case i == damaged && (!errors.As(err, &mismatch) || mismatch.Field != field || mismatch.Want != wrong):
					t.Fatalf("record %d: %v, want a %s mismatch", i, err, field)
				case i != damaged && err != nil:
					t.Fatalf("record %d: %v", i, err)
				}
			}
		})
	}
}

// TestHeadSplitterChunks writes HTTP blocks to headSplitter in chunks of
// every size from 1 byte, so that CRLF CRLF straddles writes at every
// position, and compares with splitting the whole block.
func TestHeadSplitterChunks(t *testing.T) {
	blocks := [][]byte{
		[]byte("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody\r\n\r\nmore"),
		[]byte("GET / HTTP/1.1\r\n\r\n"),
		[]byte("\r\n\r\n"),
		[]byte("HTTP/1.1 200 OK\r\n\r\r\n\r\n\n"),
		[]byte("no end of head\r\n\r"),
	}
	for _, block := range blocks {
		at := bytes.Index(block, endOfHead)
		for size := 1; size <= len(block); size++ {
			s := &headSplitter{payload: sha256.New()}
			for rest := block; len(rest) > 0; rest = rest[min(size, len(rest)):] {
				s.Write(rest[:min(size, len(rest))])
			}
			if s.found != (at >= 0) {
				t.Fatalf("%q in chunks of %d: found %v", block, size, s.found)
			}
			if at < 0 {
				continue
			}
			want := sha256.Sum256(block[at+4:])
			if s.at != int64(at+4) || !bytes.Equal(s.payload.Sum(nil), want[:]) {
				t.Fatalf("%q in chunks of %d: payload at %d, want %d", block, size, s.at, at+4)
			}
		}
	}
}

// TestNextCheckedLargeBlock reads a response larger than fanoutMin, whose
// digests are computed on other goroutines, intact, with a wrong payload
// digest, and cut short.
func TestNextCheckedLargeBlock(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789abcdef"), (5*fanoutSize+12345)/16)
	block, at := ResponseBlock("HTTP/1.1", 200, "OK", [][2]string{{"Content-Type", "video/mp4"}}, body)
	w := writeRecords(t, []*Record{{Type: TypeResponse, Date: baseTime, TargetURI: "https://example.com/v.mp4", Block: block, PayloadOffset: at}})
	member := members(t, w.data)[0]

	rec, err := NewReader(bytes.NewReader(w.data)).NextChecked()
	if err != nil || rec.PayloadOffset != at || rec.PayloadDigest != Digest(body) {
		t.Fatalf("intact: %v, payload at %d (want %d)", err, rec.PayloadOffset, at)
	}
	wrong := bytes.Replace(member, []byte(rec.PayloadDigest), []byte(Digest(nil)), 1)
	_, err = NewReader(bytes.NewReader(gzipMembers(t, [][]byte{wrong}))).NextChecked()
	var mismatch *DigestMismatchError
	if !errors.As(err, &mismatch) || mismatch.Field != hPayloadDigest || mismatch.Got != Digest(body) {
		t.Fatalf("wrong payload digest: %v", err)
	}
	short := member[:len(member)-fanoutSize]
	if _, err := NewReader(bytes.NewReader(gzipMembers(t, [][]byte{short}))).NextChecked(); err == nil || errors.As(err, &mismatch) {
		t.Fatalf("block cut short: %v, want a reading error", err)
	}
}
