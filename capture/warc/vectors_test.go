package warc

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the test vectors in "+vectorDir)

// vectorDir holds the test vectors of FORMAT.md §8: NAME.warc.gz or
// NAME.cdxj, each with NAME.expect.json.
const vectorDir = "testdata/vectors"

// vectorExpect is the content of NAME.expect.json: what a verifier must
// conclude about the vector.
type vectorExpect struct {
	Vector      string `json:"vector"`
	Description string `json:"description"`
	OK          bool   `json:"ok"`
	// ReadError is part of the error reading the file must give (the WARC
	// structure, or the CDXJ syntax), "" when it reads; Line is the CDXJ
	// line that error names.
	ReadError string `json:"read_error,omitempty"`
	Line      int    `json:"line,omitempty"`
	// Failed lists the checks that fail on a file that reads: a record's
	// digest ("WARC-Block-Digest", "WARC-Payload-Digest"), or "index" when
	// a CDXJ does not hold exactly the entries of its WARC.
	Failed []vectorFailure `json:"failed,omitempty"`
	// WARC names the WARC a CDXJ vector indexes.
	WARC string `json:"warc,omitempty"`
	// Records describes every record of a WARC vector that reads.
	Records []vectorRecord `json:"records,omitempty"`
}

type vectorFailure struct {
	Record string `json:"record,omitempty"`
	Check  string `json:"check"`
}

type vectorRecord struct {
	Type          string `json:"type"`
	ID            string `json:"id"`
	TargetURI     string `json:"target_uri,omitempty"`
	Date          string `json:"date"`
	BlockDigest   string `json:"block_digest"`
	PayloadDigest string `json:"payload_digest,omitempty"`
	Offset        int64  `json:"offset"`
	Length        int64  `json:"length"`
}

// tinyPNG is a fixed 1x1 grey PNG (not re-encoded, so vectors do not
// depend on image/png).
var tinyPNG, _ = hex.DecodeString("89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55" +
	"0000000e49444154789c626a00040000ffff008600834c9e204b0000000049454e44ae426082")

// vectorRecords are the records of valid.warc.gz: one of each type.
func vectorRecords() []*Record {
	t0 := time.Date(2024, 5, 1, 12, 34, 56, 789_000_000, time.UTC)
	id := func(n string) string { return "<urn:uuid:9f1b7c2e-0000-4000-8000-0000000000" + n + ">" }
	resp, respAt := ResponseBlock("h2", 200, "", [][2]string{
		{"content-type", "text/html; charset=utf-8"}, {"content-encoding", "br"},
	}, []byte("<!doctype html><title>Vector</title>\n"))
	req, reqAt := RequestBlock("GET", "/", "h2", [][2]string{{":authority", "example.com"}, {"accept", "text/html"}}, nil)
	return []*Record{
		{Type: TypeWarcinfo, ID: id("01"), Date: t0, ContentType: ContentTypeFields, PayloadOffset: -1,
			Fields: [][2]string{{"WARC-Filename", "data.warc.gz"}}, Block: []byte("software: Sightline vectors\r\nformat: WARC File Format 1.1\r\n")},
		{Type: TypeResponse, ID: id("02"), Date: t0.Add(time.Second), TargetURI: "https://example.com/", IPAddress: "192.0.2.10",
			Block: resp, PayloadOffset: respAt},
		{Type: TypeRequest, ID: id("03"), Date: t0.Add(time.Second), TargetURI: "https://example.com/", ConcurrentTo: id("02"),
			Block: req, PayloadOffset: reqAt},
		{Type: TypeResource, ID: id("04"), Date: t0.Add(2 * time.Second), TargetURI: "urn:sightline:evidence/screenshot.png",
			ContentType: "image/png", Block: tinyPNG},
		{Type: TypeMetadata, ID: id("05"), Date: t0.Add(2 * time.Second), TargetURI: "https://example.com/", ConcurrentTo: id("02"),
			ContentType: ContentTypeFields, PayloadOffset: -1, Block: []byte("note: test vector\r\n")},
	}
}

// vectorCase is one vector: how to build it from valid.warc.gz (its
// members decompressed) and what a verifier must conclude.
type vectorCase struct {
	name   string // with extension
	expect vectorExpect
	build  func(t *testing.T, valid written, ms [][]byte, cdxj []byte) []byte
}

func vectorCases() []vectorCase {
	ids := func(n int) string { return vectorRecords()[n].ID }
	edit := func(i int, f func([]byte) []byte) func(*testing.T, written, [][]byte, []byte) []byte {
		return func(t *testing.T, _ written, ms [][]byte, _ []byte) []byte {
			ms = slices.Clone(ms)
			ms[i] = f(bytes.Clone(ms[i]))
			return gzipMembers(t, ms)
		}
	}
	replace := func(old, new string) func([]byte) []byte {
		return func(m []byte) []byte { return bytes.Replace(m, []byte(old), []byte(new), 1) }
	}
	cdxjEdit := func(f func([]string) []string) func(*testing.T, written, [][]byte, []byte) []byte {
		return func(_ *testing.T, _ written, _ [][]byte, cdxj []byte) []byte {
			lines := f(strings.Split(strings.TrimSuffix(string(cdxj), "\n"), "\n"))
			return []byte(strings.Join(lines, "\n") + "\n")
		}
	}
	return []vectorCase{
		{"valid.warc.gz", vectorExpect{Description: "one record of each type Sightline writes; every check passes", OK: true},
			func(_ *testing.T, v written, _ [][]byte, _ []byte) []byte { return v.data }},
		{"index-valid.cdxj", vectorExpect{Description: "the index of valid.warc.gz", OK: true, WARC: "valid.warc.gz"},
			func(_ *testing.T, _ written, _ [][]byte, cdxj []byte) []byte { return cdxj }},
		{"payload-flipped.warc.gz", vectorExpect{Description: "one byte of the response payload changed (and the member recompressed): both digests of that record fail",
			Failed: []vectorFailure{{ids(1), hBlockDigest}, {ids(1), hPayloadDigest}}},
			edit(1, replace("<title>Vector", "<title>Vektor"))},
		{"screenshot-flipped.warc.gz", vectorExpect{Description: "one byte of the resource record changed: both digests fail (gowarc does not check resources)",
			Failed: []vectorFailure{{ids(3), hBlockDigest}, {ids(3), hPayloadDigest}}},
			edit(3, func(m []byte) []byte { m[len(m)-10] ^= 1; return m })},
		{"payload-digest-edited.warc.gz", vectorExpect{Description: "the response's WARC-Payload-Digest replaced by the request's: only that check fails",
			Failed: []vectorFailure{{ids(1), hPayloadDigest}}},
			func(t *testing.T, v written, ms [][]byte, _ []byte) []byte {
				return edit(1, replace(v.records[1].PayloadDigest, v.records[2].PayloadDigest))(t, v, ms, nil)
			}},
		{"two-records-one-member.warc.gz", vectorExpect{Description: "the request in the response's gzip member: offsets would not name one record",
			ReadError: "more than one record in the gzip member"},
			func(t *testing.T, _ written, ms [][]byte, _ []byte) []byte {
				return gzipMembers(t, [][]byte{ms[0], append(bytes.Clone(ms[1]), ms[2]...), ms[3], ms[4]})
			}},
		{"warc-1.0.warc.gz", vectorExpect{Description: "a record claims WARC/1.0", ReadError: "want WARC/1.1"},
			edit(3, replace("WARC/1.1", "WARC/1.0"))},
		{"base32-digest.warc.gz", vectorExpect{Description: "the response's sha256 block digest in base32, which gowarc recomputes as hex and rejects",
			ReadError: "is not sha256:<hex>"},
			func(t *testing.T, v written, ms [][]byte, _ []byte) []byte {
				sum := v.records[1].BlockDigest
				raw, _ := hex.DecodeString(sum[len(DigestPrefix):])
				b32 := DigestPrefix + base32.StdEncoding.EncodeToString(raw)
				return edit(1, replace(sum, b32))(t, v, ms, nil)
			}},
		{"truncated.warc.gz", vectorExpect{Description: "the file cut inside the last member", ReadError: "unexpected EOF"},
			func(_ *testing.T, v written, _ [][]byte, _ []byte) []byte { return v.data[:len(v.data)-12] }},
		{"index-unsorted.cdxj", vectorExpect{Description: "index-valid.cdxj with its lines reversed", ReadError: "not in sorted order", Line: 2, WARC: "valid.warc.gz"},
			cdxjEdit(func(l []string) []string { slices.Reverse(l); return l })},
		{"index-key-not-surt.cdxj", vectorExpect{Description: "a key that is not SURT(url): a binary search would miss the line",
			ReadError: "want SURT", Line: 1, WARC: "valid.warc.gz"},
			cdxjEdit(func(l []string) []string {
				l[0] = strings.Replace(l[0], "com,example)/ ", "com,example,www)/ ", 1)
				return l
			})},
		{"index-offset-wrong.cdxj", vectorExpect{Description: "well-formed, but the response line points at the request's member",
			Failed: []vectorFailure{{Check: "index"}}, WARC: "valid.warc.gz"},
			func(_ *testing.T, v written, _ [][]byte, cdxj []byte) []byte {
				from := `"length":"` + itoa(v.lengths[1]) + `","offset":"` + itoa(v.offsets[1]) + `"`
				to := `"length":"` + itoa(v.lengths[2]) + `","offset":"` + itoa(v.offsets[2]) + `"`
				return bytes.Replace(cdxj, []byte(from), []byte(to), 1)
			}},
		{"index-page-missing.cdxj", vectorExpect{Description: "the response's line left out", Failed: []vectorFailure{{Check: "index"}}, WARC: "valid.warc.gz"},
			cdxjEdit(func(l []string) []string { return l[1:] })},
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// buildVectors writes every vector and its expectation into dir.
func buildVectors(t *testing.T, dir string) {
	valid := writeRecords(t, vectorRecords())
	ms := members(t, valid.data)
	entries, err := Index(bytes.NewReader(valid.data), "data.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	var cdxj bytes.Buffer
	if err := WriteCDXJ(&cdxj, entries); err != nil {
		t.Fatal(err)
	}
	for _, c := range vectorCases() {
		e := c.expect
		e.Vector = c.name
		if c.name == "valid.warc.gz" {
			for i, r := range valid.records {
				e.Records = append(e.Records, vectorRecord{r.Type, r.ID, r.TargetURI, r.Date.Format(dateLayout),
					r.BlockDigest, r.PayloadDigest, valid.offsets[i], valid.lengths[i]})
			}
		}
		var js bytes.Buffer
		enc := json.NewEncoder(&js)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(e); err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(strings.TrimSuffix(c.name, ".gz"), filepath.Ext(strings.TrimSuffix(c.name, ".gz")))
		for name, data := range map[string][]byte{c.name: c.build(t, valid, ms, cdxj.Bytes()), base + ".expect.json": js.Bytes()} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestVectors checks every vector against its expectation with this
// package's reader, CheckDigests and Index, as a verifier must (FORMAT.md
// §8). With -update it first rewrites them.
func TestVectors(t *testing.T) {
	if *update {
		buildVectors(t, vectorDir)
	}
	files, _ := filepath.Glob(filepath.Join(vectorDir, "*.expect.json"))
	if len(files) != len(vectorCases()) {
		t.Fatalf("%d expectations in %s, %d vector cases; run go test -run TestVectors -update", len(files), vectorDir, len(vectorCases()))
	}
	for _, f := range files {
		var e vectorExpect
		js, err := os.ReadFile(f)
		if err != nil || json.Unmarshal(js, &e) != nil {
			t.Fatalf("%s: %v", f, err)
		}
		t.Run(e.Vector, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(vectorDir, e.Vector))
			if err != nil {
				t.Fatal(err)
			}
			var got vectorExpect
			if strings.HasSuffix(e.Vector, ".cdxj") {
				got = verifyCDXJVector(t, e, data)
			} else {
				got = verifyWARCVector(data)
			}
			if got.OK != e.OK || !slices.Equal(got.Failed, e.Failed) || (e.ReadError == "") != (got.ReadError == "") ||
				!strings.Contains(got.ReadError, e.ReadError) || got.Line != e.Line {
				t.Errorf("verified as ok=%v failed=%v read error %q line %d\nwant ok=%v failed=%v read error %q line %d",
					got.OK, got.Failed, got.ReadError, got.Line, e.OK, e.Failed, e.ReadError, e.Line)
			}
			if e.Records != nil && !slices.Equal(got.Records, e.Records) {
				t.Errorf("records\n%+v\nwant\n%+v", got.Records, e.Records)
			}
		})
	}
}

// verifyWARCVector reads a WARC and checks every record's digests.
func verifyWARCVector(data []byte) vectorExpect {
	var res vectorExpect
	rd := NewReader(bytes.NewReader(data))
	for {
		r, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return vectorExpect{ReadError: err.Error()}
		}
		off, n := rd.Member()
		res.Records = append(res.Records, vectorRecord{r.Type, r.ID, r.TargetURI, r.Date.Format(dateLayout), r.BlockDigest, r.PayloadDigest, off, n})
		if err := r.CheckDigests(); err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				res.Failed = append(res.Failed, vectorFailure{r.ID, e.(*DigestMismatchError).Field})
			}
		}
	}
	res.OK = len(res.Failed) == 0
	return res
}

// verifyCDXJVector reads a CDXJ and compares it with the index recomputed
// from its WARC: the same entries, dates in whole seconds.
func verifyCDXJVector(t *testing.T, e vectorExpect, data []byte) vectorExpect {
	got, err := ReadCDXJ(bytes.NewReader(data))
	if err != nil {
		var ce *CDXJError
		if !errors.As(err, &ce) {
			t.Fatalf("ReadCDXJ error %v is not a *CDXJError", err)
		}
		return vectorExpect{ReadError: ce.Reason, Line: ce.Line}
	}
	warcData, err := os.ReadFile(filepath.Join(vectorDir, e.WARC))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Index(bytes.NewReader(warcData), "data.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	WriteCDXJ(&a, got)
	WriteCDXJ(&b, want)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		return vectorExpect{Failed: []vectorFailure{{Check: "index"}}}
	}
	return vectorExpect{OK: true}
}

// TestVectorsReproduce checks that today's Writer, Index and WriteCDXJ
// still produce valid.warc.gz (member for member, decompressed: gzip's
// compressed bytes may change with the Go release) and index-valid.cdxj.
func TestVectorsReproduce(t *testing.T) {
	stored, err := os.ReadFile(filepath.Join(vectorDir, "valid.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	now := writeRecords(t, vectorRecords())
	if a, b := members(t, stored), members(t, now.data); !slices.EqualFunc(a, b, bytes.Equal) {
		t.Errorf("Writer no longer writes valid.warc.gz's records; a format change needs FORMAT.md and -update")
	}
	cdxj, err := os.ReadFile(filepath.Join(vectorDir, "index-valid.cdxj"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := Index(bytes.NewReader(stored), "data.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCDXJ(&b, entries); err != nil || !bytes.Equal(b.Bytes(), cdxj) {
		t.Errorf("index-valid.cdxj is not Index+WriteCDXJ of valid.warc.gz:\n%s(%v)", b.Bytes(), err)
	}
}

// TestVectorsGowarc runs gowarc over the WARC vectors whose damage is in
// the response record: it must accept valid.warc.gz and reject the others.
// (It skips other record types, so screenshot-flipped passes there.)
func TestVectorsGowarc(t *testing.T) {
	requireTool(t, gowarcCLI)
	for name, valid := range map[string]bool{"valid.warc.gz": true, "payload-flipped.warc.gz": false,
		"payload-digest-edited.warc.gz": false, "base32-digest.warc.gz": false} {
		summary, byMsg := gowarcVerify(t, filepath.Join(vectorDir, name))
		if *summary.Valid != valid {
			t.Errorf("%s: gowarc valid=%v, want %v (%v)", name, *summary.Valid, valid, byMsg)
		}
	}
}
