package warc

// Tests that run independent WARC tools, installed by
// scripts/install-tools.sh, over what Writer writes: Webrecorder's warcio.js
// (the library ReplayWeb.page reads WARCs with) and the Internet Archive's
// gowarc. Neither shares code with this package.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runTool runs a checker and returns its standard output.
func runTool(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return out
}

// jsonLines decodes one JSON object per line.
func jsonLines[T any](t *testing.T, out []byte) []T {
	t.Helper()
	var res []T
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("decode %q: %v", sc.Text(), err)
		}
		res = append(res, v)
	}
	return res
}

// TestWarcioIndex checks that warcio.js parses every record and finds the
// same types, IDs, target URIs, digests, offsets and lengths as Writer
// reported.
func TestWarcioIndex(t *testing.T) {
	cli := requireTool(t, warcioCLI)
	w := writeRecords(t, sampleRecords(t, false))
	file := writeFile(t, "data.warc.gz", w.data)
	out := runTool(t, "node", cli, "index", file, "-f",
		"offset,length,warc-type,warc-record-id,warc-target-uri,warc-block-digest,warc-payload-digest")
	type line struct {
		Offset  int64  `json:"offset"`
		Length  int64  `json:"length"`
		Type    string `json:"warc-type"`
		ID      string `json:"warc-record-id"`
		URI     string `json:"warc-target-uri"`
		Block   string `json:"warc-block-digest"`
		Payload string `json:"warc-payload-digest"`
	}
	got := jsonLines[line](t, out)
	if len(got) != len(w.records) {
		t.Fatalf("warcio indexed %d records, wrote %d:\n%s", len(got), len(w.records), out)
	}
	for i, r := range w.records {
		want := line{w.offsets[i], w.lengths[i], r.Type, r.ID, r.TargetURI, r.BlockDigest, r.PayloadDigest}
		if got[i] != want {
			t.Errorf("record %d: warcio %+v, wrote %+v", i, got[i], want)
		}
	}
}

// TestWarcioCDXIndex checks Index and WriteCDXJ against warcio.js's own
// CDXJ indexer, the code ReplayWeb.page indexes WARCs with: the same lines
// once sorted, except that warcio writes the digest without "sha256:".
func TestWarcioCDXIndex(t *testing.T) {
	cli := requireTool(t, warcioCLI)
	w := writeRecords(t, sampleRecords(t, false))
	file := writeFile(t, "data.warc.gz", w.data)

	theirs := strings.Split(strings.TrimSpace(string(runTool(t, "node", cli, "cdx-index", file))), "\n")
	slices.Sort(theirs)
	for i, l := range theirs {
		theirs[i] = strings.Replace(l, `"digest":"`, `"digest":"sha256:`, 1)
	}

	entries, err := Index(bytes.NewReader(w.data), "data.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	var ours bytes.Buffer
	if err := WriteCDXJ(&ours, entries); err != nil {
		t.Fatal(err)
	}
	mine := strings.Split(strings.TrimSpace(ours.String()), "\n")
	if !slices.Equal(mine, theirs) {
		t.Errorf("CDXJ differs from warcio cdx-index\nours:\n%s\nwarcio (sorted):\n%s", ours.String(), strings.Join(theirs, "\n"))
	}
	if len(mine) != 4 {
		t.Errorf("want 4 lines (redirect, page, image, screenshot), got %d", len(mine))
	}
}

// digestLine is one line of testdata/warcio-digests.cjs.
type digestLine struct {
	Offset    int64  `json:"offset"`
	Type      string `json:"type"`
	ID        string `json:"id"`
	BlockOK   bool   `json:"blockOK"`
	PayloadOK *bool  `json:"payloadOK"`
}

func warcioDigests(t *testing.T, file string) []digestLine {
	t.Helper()
	cli := requireTool(t, warcioCLI)
	mod := filepath.Dir(filepath.Dir(cli))
	script, err := filepath.Abs(filepath.Join("testdata", "warcio-digests.cjs"))
	if err != nil {
		t.Fatal(err)
	}
	return jsonLines[digestLine](t, runTool(t, "node", script, mod, file))
}

// TestWarcioDigests recomputes every record's block and payload digests
// with warcio.js as the parser: gowarc checks response records only.
func TestWarcioDigests(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	got := warcioDigests(t, writeFile(t, "data.warc.gz", w.data))
	if len(got) != len(w.records) {
		t.Fatalf("warcio read %d records, wrote %d", len(got), len(w.records))
	}
	for i, r := range w.records {
		g := got[i]
		if g.ID != r.ID || g.Type != r.Type || g.Offset != w.offsets[i] {
			t.Errorf("record %d: warcio read %+v", i, g)
		}
		if !g.BlockOK {
			t.Errorf("record %d (%s): block digest does not match under warcio", i, r.Type)
		}
		wantPayload := r.PayloadDigest != ""
		if (g.PayloadOK != nil) != wantPayload || (g.PayloadOK != nil && !*g.PayloadOK) {
			t.Errorf("record %d (%s): payload digest check %v, written %q", i, r.Type, g.PayloadOK, r.PayloadDigest)
		}
	}
	// Tampering with the screenshot (a resource, which gowarc skips) is
	// caught here.
	bad := tamper(t, w.data, 7, flipPayloadByte(10))
	got = warcioDigests(t, writeFile(t, "tampered.warc.gz", bad))
	if got[7].BlockOK || got[7].PayloadOK == nil || *got[7].PayloadOK {
		t.Errorf("tampered resource passed warcio digests: %+v", got[7])
	}
}

// gowarcLog is one JSON log line of gowarc's `warc verify --json -v`.
type gowarcLog struct {
	Level          string `json:"level"`
	Msg            string `json:"msg"`
	RecordID       string `json:"recordID"`
	Valid          *bool  `json:"valid"`
	Errors         int    `json:"errors"`
	Count          int    `json:"count"`
	AllRecordsRead bool   `json:"allRecordsRead"`
}

// gowarcVerify runs `warc verify` and returns its summary line and the IDs
// of the records it reported, by message.
func gowarcVerify(t *testing.T, file string) (gowarcLog, map[string][]string) {
	t.Helper()
	cli := requireTool(t, gowarcCLI)
	logs := jsonLines[gowarcLog](t, runTool(t, cli, "verify", "--json", "-v", file))
	var summary gowarcLog
	byMsg := map[string][]string{}
	for _, l := range logs {
		if strings.HasPrefix(l.Msg, "checked in ") {
			summary = l
			continue
		}
		byMsg[l.Msg] = append(byMsg[l.Msg], l.RecordID)
	}
	if summary.Valid == nil {
		t.Fatalf("no summary line from warc verify: %+v", logs)
	}
	return summary, byMsg
}

// TestGowarcVerify checks that gowarc reads every record, verifies the
// block and payload digests of every response record and finds no error.
// gowarc 0.8.101 checks only records whose Content-Type has
// msgtype=response and logs "skipping record with Content-Type" for the
// others; TestWarcioDigests covers those.
func TestGowarcVerify(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	summary, byMsg := gowarcVerify(t, writeFile(t, "data.warc.gz", w.data))
	if !*summary.Valid || summary.Errors != 0 || summary.Count != len(w.records) || !summary.AllRecordsRead {
		t.Errorf("warc verify: %+v, want valid, 0 errors, %d records, all read; log: %v", summary, len(w.records), byMsg)
	}
	var responses, skipped []string
	for _, r := range w.records {
		if r.Type == TypeResponse {
			responses = append(responses, r.ID)
		} else {
			skipped = append(skipped, r.ID)
		}
	}
	if got := byMsg["skipping record with Content-Type"]; !slices.Equal(got, skipped) {
		t.Errorf("gowarc skipped %v, want exactly the non-response records %v", got, skipped)
	}
	for msg, ids := range byMsg {
		if msg != "skipping record with Content-Type" {
			t.Errorf("unexpected gowarc message %q for %v", msg, ids)
		}
	}
	if len(responses) != 3 {
		t.Fatalf("sample has %d responses, want 3", len(responses))
	}
}

// TestGowarcRejectsTampered changes one byte of the image's payload,
// recompresses that member and checks that gowarc reports both digests of
// that record, and nothing else, as wrong.
func TestGowarcRejectsTampered(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	bad := tamper(t, w.data, 5, flipPayloadByte(20))
	summary, byMsg := gowarcVerify(t, writeFile(t, "tampered.warc.gz", bad))
	if *summary.Valid || summary.Errors != 2 || summary.Count != len(w.records) {
		t.Errorf("warc verify of tampered copy: %+v, want invalid with 2 errors over %d records", summary, len(w.records))
	}
	id := w.records[5].ID
	for _, msg := range []string{"WARC-Block-Digest mismatch", "payload digests do not match"} {
		if !slices.Equal(byMsg[msg], []string{id}) {
			t.Errorf("gowarc %q for %v, want [%s]", msg, byMsg[msg], id)
		}
	}
}

// TestGowarcDigestEncoding records why digests are hex: gowarc recomputes
// "sha256:" digests as lower-case hex and compares strings, so the base32
// form that SHA-1 digests traditionally use fails there.
func TestGowarcDigestEncoding(t *testing.T) {
	w := writeRecords(t, sampleRecords(t, false))
	r := w.records[5]
	sum := sha256.Sum256(r.Block)
	base32Digest := "sha256:" + base32.StdEncoding.EncodeToString(sum[:])
	bad := tamper(t, w.data, 5, func(m []byte) []byte {
		return bytes.Replace(m, []byte(r.BlockDigest), []byte(base32Digest), 1)
	})
	summary, byMsg := gowarcVerify(t, writeFile(t, "base32.warc.gz", bad))
	if *summary.Valid || !slices.Equal(byMsg["WARC-Block-Digest mismatch"], []string{r.ID}) {
		t.Errorf("gowarc accepted a base32 sha256 digest: %+v %v", summary, byMsg)
	}
}

// TestSURTMatchesWarcio runs the SURT table through warcio.js's getSurt.
func TestSURTMatchesWarcio(t *testing.T) {
	cli := requireTool(t, warcioCLI)
	mod := filepath.Dir(filepath.Dir(cli))
	var urls []string
	for _, c := range surtCases {
		urls = append(urls, c.url)
	}
	in, _ := json.Marshal(urls)
	script := fmt.Sprintf(`const {getSurt} = require(%q); for (const u of %s) console.log(JSON.stringify(getSurt(u)));`, mod, in)
	got := jsonLines[string](t, runTool(t, "node", "-e", script))
	for i, c := range surtCases {
		if got[i] != c.want {
			t.Errorf("warcio getSurt(%q) = %q, table says %q", c.url, got[i], c.want)
		}
	}
}

// tamper returns data with member i replaced by edit(decompressed member),
// each member recompressed.
func tamper(t *testing.T, data []byte, i int, edit func([]byte) []byte) []byte {
	t.Helper()
	ms := members(t, data)
	ms[i] = edit(bytes.Clone(ms[i]))
	return gzipMembers(t, ms)
}

// flipPayloadByte returns an edit that flips byte k of a record's payload.
func flipPayloadByte(k int) func([]byte) []byte {
	return func(m []byte) []byte {
		header := bytes.Index(m, []byte("\r\n\r\n")) + 4
		payload := header
		if !bytes.Contains(m[:header], []byte("WARC-Type: resource")) {
			payload += bytes.Index(m[header:], []byte("\r\n\r\n")) + 4
		}
		m[payload+k] ^= 0x01
		return m
	}
}
