package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// exportJSONL appends n sample events to a new log and exports it.
func exportJSONL(t *testing.T, n int) ([]Event, []byte) {
	t.Helper()
	db, _ := TestDB(t)
	events := appendSamples(t, db, n)
	var b bytes.Buffer
	if err := WriteJSONL(&b, Events(context.Background(), db, Filter{})); err != nil {
		t.Fatal(err)
	}
	return events, b.Bytes()
}

func readAll(t *testing.T, data []byte) []Event {
	t.Helper()
	var events []Event
	for e, err := range ReadJSONL(bytes.NewReader(data)) {
		if err != nil {
			t.Fatalf("ReadJSONL: %v", err)
		}
		events = append(events, e)
	}
	return events
}

func TestJSONLRoundTrip(t *testing.T) {
	events, data := exportJSONL(t, 20)
	if got := readAll(t, data); !reflect.DeepEqual(got, events) {
		t.Fatalf("read back differs:\n%+v\n%+v", got[0], events[0])
	}
	rep, err := VerifyEvents(testGenesis, ReadJSONL(bytes.NewReader(data)))
	if err != nil || !rep.OK() || rep.Events != 20 || rep.HeadHash != events[19].Hash {
		t.Fatalf("VerifyEvents: %+v, %v", rep, err)
	}
	var again bytes.Buffer
	if err := WriteJSONL(&again, values(readAll(t, data))); err != nil || !bytes.Equal(again.Bytes(), data) {
		t.Fatalf("rewrite is not byte-identical: %v", err)
	}
}

// TestJSONLHashedBytes checks the export against the rule in FORMAT.md
// with crypto/sha256 alone: strip the hash member, hash prev || the rest.
func TestJSONLHashedBytes(t *testing.T) {
	_, data := exportJSONL(t, 5)
	prev := testGenesis
	for i, line := range strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n") {
		line = strings.TrimSuffix(line, "\n")
		body, tail := line[:len(line)-75], line[len(line)-75:]
		if !strings.HasPrefix(tail, `,"hash":"`) || !strings.HasSuffix(tail, `"}`) {
			t.Fatalf("line %d does not end with the hash member: %s", i+1, tail)
		}
		p, _ := hex.DecodeString(prev)
		sum := sha256.Sum256(append(p, body+"}"...))
		if got := hex.EncodeToString(sum[:]); got != tail[9:73] {
			t.Fatalf("line %d: sha256 %s, line says %s", i+1, got, tail[9:73])
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(body+"}"), &m); err != nil || m["prev_hash"] != prev {
			t.Fatalf("line %d: hashed bytes %v, prev_hash %v", i+1, err, m["prev_hash"])
		}
		prev = tail[9:73]
	}
}

func TestVerifyEventsFindsTamperedLine(t *testing.T) {
	events, data := exportJSONL(t, 6)
	lines := strings.SplitAfter(string(data), "\n")
	tests := []struct {
		name   string
		edit   func(lines []string)
		seq    int64
		reason string
	}{
		{"altered url", func(l []string) {
			l[2] = strings.Replace(l[2], `"url":"https://`, `"url":"http://`, 1)
		}, 3, "hash mismatch"},
		{"altered subjects", func(l []string) {
			l[3] = strings.Replace(l[3], `"subjects":["S-1","S-2"]`, `"subjects":["S-1"]`, 1)
		}, 4, "hash mismatch"},
		{"space added", func(l []string) {
			l[1] = strings.Replace(l[1], `"action":`, `"action": `, 1)
		}, 2, "line 2 is not in canonical form"},
		{"keys reordered", func(l []string) {
			l[4] = strings.Replace(l[4], `{"action":"view","case":"OP-KESTREL-24"`, `{"case":"OP-KESTREL-24","action":"view"`, 1)
		}, 5, "not in canonical form"},
		{"line removed", func(l []string) { l[2] = "" }, 3, "next event is seq 4"},
		{"lines swapped", func(l []string) { l[2], l[3] = l[3], l[2] }, 3, "next event is seq 4"},
		{"line repeated", func(l []string) { l[3] = l[2] }, 4, "seq 3 follows seq 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := append([]string(nil), lines...)
			tt.edit(edited)
			joined := strings.Join(edited, "")
			if joined == string(data) {
				t.Fatal("edit changed nothing")
			}
			rep, err := VerifyEvents(testGenesis, ReadJSONL(strings.NewReader(joined)))
			if err != nil {
				t.Fatal(err)
			}
			ce := chainError(t, rep.Err())
			if ce.Seq != tt.seq || !strings.Contains(ce.Reason, tt.reason) {
				t.Fatalf("break %v, want seq %d %q", ce, tt.seq, tt.reason)
			}
		})
	}
	if len(events) != 6 {
		t.Fatalf("%d events", len(events))
	}
}

func TestReadJSONLErrors(t *testing.T) {
	_, data := exportJSONL(t, 3)
	noFinalLF := bytes.TrimSuffix(data, []byte("\n"))
	if got := readAll(t, noFinalLF); len(got) != 3 {
		t.Fatalf("without the final LF: %d events, want 3", len(got))
	}
	for name, input := range map[string][]byte{
		"cut mid-line": data[:len(data)-20],
		"blank line":   append([]byte("\n"), data...),
		"not json":     []byte("hello\n"),
	} {
		_, err := VerifyEvents(testGenesis, ReadJSONL(bytes.NewReader(input)))
		if err == nil || !strings.Contains(err.Error(), "read audit jsonl line") {
			t.Errorf("%s: error %v, want a line error", name, err)
		}
	}
}

func TestWriteJSONLRejectsEventWithoutHash(t *testing.T) {
	e := sampleEvent(newClock(), 0)
	e.Seq, e.PrevHash = 1, testGenesis
	err := WriteJSONL(&bytes.Buffer{}, values([]Event{e}))
	if err == nil || !strings.Contains(err.Error(), "write audit jsonl event 1: hash") {
		t.Fatalf("error %v", err)
	}
}

func FuzzReadJSONL(f *testing.F) {
	db, _ := TestDB(f)
	appendSamples(f, db, 3)
	var b bytes.Buffer
	if err := WriteJSONL(&b, Events(context.Background(), db, Filter{})); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(`{"action":"x","hash":"` + testGenesis + `"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Split(data, []byte("\n"))
		i := 0
		for e, err := range ReadJSONL(bytes.NewReader(data)) {
			if err != nil {
				i++
				continue
			}
			line, err := appendLine(nil, &e)
			if err != nil || !bytes.Equal(line[:len(line)-1], lines[i]) {
				t.Fatalf("line %d accepted but not reproduced: %q -> %q", i+1, lines[i], line)
			}
			i++
		}
	})
}
