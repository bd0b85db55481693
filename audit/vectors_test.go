package audit

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors from the code")

const vectorDir = "testdata/vectors"

// vector is one entry of testdata/vectors/vectors.json: a JSON Lines file,
// the genesis to verify it from and the outcome a verifier must reach.
type vector struct {
	Name      string `json:"name"`
	File      string `json:"file"`
	Genesis   string `json:"genesis"`
	Events    int64  `json:"events"`
	HeadSeq   int64  `json:"head_seq"`
	HeadHash  string `json:"head_hash"`
	Valid     bool   `json:"valid"`
	BrokenSeq int64  `json:"broken_seq,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// vectorScript is the chain in chain.jsonl, appended with newClock.
func vectorScript() []Event {
	const officer, user, ref = "4471", "analyst", "OP-KESTREL-24"
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	return []Event{
		{Action: "app.start", OSUser: user, Detail: raw(`{"version":"0.1.0"}`)},
		{Action: "officer.set", Officer: officer, OSUser: user, Detail: raw(`{"role":"researcher","name":"PC Jane Doe"}`)},
		{Action: "case.create", Officer: officer, OSUser: user, Case: ref,
			Detail: raw(`{"title":"Kestrel","classification":"OFFICIAL-SENSITIVE"}`)},
		{Action: "view", Officer: officer, OSUser: user, Case: ref, URL: "https://x.com/example_handle?lang=en&ref=<feed>",
			Subjects: []string{"S-1"}, Detail: raw(`{"title":"Example \u2014 caf\u00e9\u2028T\u014dky\u014d","persona":"overt-1"}`)},
		{Action: "capture", Officer: officer, OSUser: user, Case: ref,
			URL: "https://x.com/example_handle/status/1861234567890123456", Subjects: []string{"S-1", "S-2"},
			Detail: raw(`{"note":"line one\nline \"two\"\ttab","bytes":1843276,` +
				`"bundle":"sha256:9f2b5c0e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"}`)},
		{Action: "verify", Officer: officer, OSUser: user, Detail: raw(`{"result":"ok","events":5}`)},
		{Action: "case.close", Officer: officer, OSUser: user, Case: ref, Detail: raw(`{"reason":"NFA"}`)},
	}
}

// buildChain appends vectorScript to a new log and exports it.
func buildChain(t *testing.T) []byte {
	db, _ := TestDB(t)
	c := newClock()
	var events []Event
	for _, e := range vectorScript() {
		e.Time = c.now()
		events = append(events, appendOne(t, db, e))
	}
	var b bytes.Buffer
	if err := WriteJSONL(&b, values(events)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tamper is a vector derived from the chain's lines.
type tamper struct {
	vector
	edit func(t *testing.T, lines []string) []string
}

func tampers() []tamper {
	other := strings.Repeat("ab", 32)
	same := func(_ *testing.T, l []string) []string { return l }
	return []tamper{
		{vector{Name: "valid chain", File: "chain.jsonl", Valid: true}, same},
		{vector{Name: "wrong genesis", File: "chain.jsonl", Genesis: other, BrokenSeq: 1,
			Reason: "prev_hash does not match the genesis"}, same},
		{vector{Name: "truncated tail (not detectable without checkpoints)", File: "truncated.jsonl", Valid: true},
			func(_ *testing.T, l []string) []string { return l[:5] }},
		{vector{Name: "field altered", File: "altered.jsonl", BrokenSeq: 3, Reason: "hash mismatch"},
			func(_ *testing.T, l []string) []string {
				l[2] = strings.Replace(l[2], `"case":"OP-KESTREL-24"`, `"case":"OP-KESTREL-25"`, 1)
				return l
			}},
		{vector{Name: "field altered and rehashed", File: "rehashed.jsonl", BrokenSeq: 4,
			Reason: "prev_hash does not match the hash of seq 3"},
			func(t *testing.T, l []string) []string {
				l[2] = rewrite(t, l[2], func(e *Event) { e.Officer = "9999" })
				return l
			}},
		{vector{Name: "event deleted", File: "deleted.jsonl", BrokenSeq: 3,
			Reason: "event missing or out of order: next event is seq 4"},
			func(_ *testing.T, l []string) []string { return append(l[:2:2], l[3:]...) }},
		{vector{Name: "events swapped", File: "swapped.jsonl", BrokenSeq: 3,
			Reason: "event missing or out of order: next event is seq 4"},
			func(_ *testing.T, l []string) []string { l[2], l[3] = l[3], l[2]; return l }},
		{vector{Name: "event repeated", File: "repeated.jsonl", BrokenSeq: 4,
			Reason: "event out of order: seq 3 follows seq 3"},
			func(_ *testing.T, l []string) []string { return append(l[:3:3], l[2:]...) }},
		{vector{Name: "event inserted, later seqs renumbered", File: "inserted.jsonl", BrokenSeq: 4,
			Reason: "prev_hash does not match the hash of seq 3"}, insertForged},
		{vector{Name: "whitespace added", File: "whitespace.jsonl", BrokenSeq: 2, Reason: "line 2 is not in canonical form"},
			func(_ *testing.T, l []string) []string {
				l[1] = strings.Replace(l[1], `"seq":2`, `"seq": 2`, 1)
				return l
			}},
		{vector{Name: "HTML-escaped string", File: "escaped.jsonl", BrokenSeq: 4, Reason: "line 4 is not in canonical form"},
			func(_ *testing.T, l []string) []string {
				l[3] = strings.Replace(l[3], `<feed>`, `\u003cfeed\u003e`, 1)
				return l
			}},
	}
}

// rewrite applies change to the event on line and recomputes its hash.
func rewrite(t *testing.T, line string, change func(*Event)) string {
	e, err := parseLine([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	change(&e)
	if e.Hash, err = newHasher().sum(&e); err != nil {
		t.Fatal(err)
	}
	out, err := appendLine(nil, &e)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// insertForged puts a correctly hashed event after seq 2 and renumbers the
// later events without rehashing them.
func insertForged(t *testing.T, l []string) []string {
	forged := rewrite(t, l[1], func(e *Event) {
		e.PrevHash, e.Seq = e.Hash, 3
		e.Action, e.URL, e.Detail = "view", "https://planted.test/", json.RawMessage(`{}`)
	})
	for i := 2; i < len(l); i++ {
		l[i] = strings.Replace(l[i], fmt.Sprintf(`,"seq":%d,`, i+1), fmt.Sprintf(`,"seq":%d,`, i+2), 1)
	}
	return append(l[:2:2], append([]string{forged}, l[2:]...)...)
}

// TestVectors regenerates every vector from the code and compares it with
// testdata/vectors (rewritten with -update), then verifies each file on disk
// and checks the outcome recorded in vectors.json.
func TestVectors(t *testing.T) {
	chain := strings.Split(strings.TrimSuffix(string(buildChain(t)), "\n"), "\n")
	files := map[string][]byte{}
	var vectors []vector
	for _, tc := range tampers() {
		lines := tc.edit(t, append([]string(nil), chain...))
		data := []byte(strings.Join(lines, "\n") + "\n")
		files[tc.File] = data
		v := tc.vector
		if v.Genesis == "" {
			v.Genesis = testGenesis
		}
		last, err := parseLine([]byte(lines[len(lines)-1]))
		if err != nil {
			t.Fatal(err)
		}
		v.Events, v.HeadSeq, v.HeadHash = int64(len(lines)), last.Seq, last.Hash
		vectors = append(vectors, v)
	}
	index, err := json.MarshalIndent(map[string]any{
		"description": "Audit chain test vectors; see ../../FORMAT.md. Verify each file from genesis: " +
			"valid files must verify with the given head; for the others the first seq that fails must be broken_seq " +
			"(reason is Sightline's wording).",
		"vectors": vectors,
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	files["vectors.json"] = append(index, '\n')
	compareGolden(t, files)

	for _, v := range readVectors(t) {
		t.Run(v.Name, func(t *testing.T) { checkVector(t, v) })
	}
}

func compareGolden(t *testing.T, files map[string][]byte) {
	for name, data := range files {
		path := filepath.Join(vectorDir, name)
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		disk, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(disk, data) {
			t.Errorf("%s differs from what the code produces now (a format change needs a new format version, "+
				"FORMAT.md and -update):\n disk %q\n code %q", path, disk, data)
		}
	}
}

func readVectors(t *testing.T) []vector {
	data, err := os.ReadFile(filepath.Join(vectorDir, "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var index struct{ Vectors []vector }
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatal(err)
	}
	if len(index.Vectors) == 0 {
		t.Fatal("vectors.json lists no vectors")
	}
	return index.Vectors
}

func checkVector(t *testing.T, v vector) {
	f, err := os.Open(filepath.Join(vectorDir, v.File))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := VerifyEvents(v.Genesis, ReadJSONL(f))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Events != v.Events || rep.HeadSeq != v.HeadSeq || rep.HeadHash != v.HeadHash {
		t.Errorf("report %d events, head %d %s; want %d, %d %s",
			rep.Events, rep.HeadSeq, rep.HeadHash, v.Events, v.HeadSeq, v.HeadHash)
	}
	if v.Valid {
		if !rep.OK() {
			t.Fatalf("valid vector broke: %v", rep.Broken)
		}
		return
	}
	ce := chainError(t, rep.Err())
	if ce.Seq != v.BrokenSeq || ce.Reason != v.Reason {
		t.Fatalf("break %v, want seq %d: %s", ce, v.BrokenSeq, v.Reason)
	}
}

// TestFormatWorkedExample keeps FORMAT.md's worked example in step with
// event 1 of chain.jsonl.
func TestFormatWorkedExample(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	chain, err := os.ReadFile(filepath.Join(vectorDir, "chain.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := bytes.Cut(chain, []byte("\n"))
	e, err := parseLine(line)
	if err != nil {
		t.Fatal(err)
	}
	canonical, err := appendCanonical(nil, &e)
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := newHasher().sum(&e); err != nil || sum != e.Hash {
		t.Fatalf("event 1 hash %s, recomputed %s (%v)", e.Hash, sum, err)
	}
	for _, want := range []string{
		string(canonical), e.Hash, e.PrevHash,
		fmt.Sprintf("(%d bytes", len(canonical)),
		"printf %s '" + string(canonical) + "'",
	} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("FORMAT.md does not contain %q", want)
		}
	}
}
