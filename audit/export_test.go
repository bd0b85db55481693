package audit

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWriteCSVGolden writes the test vectors' chain as CSV and compares it
// with testdata/export/chain.csv (rewritten with -update).
func TestWriteCSVGolden(t *testing.T) {
	f, err := os.Open(filepath.Join(vectorDir, "chain.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, ReadJSONL(f)); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "export", "chain.csv")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("CSV differs from %s (run with -update after a deliberate change):\n%s", golden, buf.Bytes())
	}
}

// TestWriteCSVReadsBack checks that every field survives a CSV reader,
// and that formula-like cells are defused.
func TestWriteCSVReadsBack(t *testing.T) {
	when := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	events := []Event{
		{Seq: 1, Time: when, Officer: "=HYPERLINK(\"x\")", OSUser: "-analyst", Case: "OP-1", Action: "view",
			URL: "https://x.com/a,b?\"q\"\nnext", Subjects: []string{"S1", "S2"}, Detail: []byte(`{"a":"b,c"}`),
			PrevHash: strings.Repeat("0", 64), Hash: strings.Repeat("a", 64)},
		{Seq: 2, Time: when.Add(time.Second), Action: "app.start", PrevHash: strings.Repeat("a", 64), Hash: strings.Repeat("b", 64)},
	}
	var buf bytes.Buffer
	err := WriteCSV(&buf, func(yield func(Event, error) bool) {
		for _, e := range events {
			if !yield(e, nil) {
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{CSVHeader,
		{"1", "2026-11-23T09:00:00.000Z", `'=HYPERLINK("x")`, "'-analyst", "OP-1", "view", "https://x.com/a,b?\"q\"\nnext",
			"S1 S2", `{"a":"b,c"}`, strings.Repeat("0", 64), strings.Repeat("a", 64)},
		{"2", "2026-11-23T09:00:01.000Z", "", "", "", "app.start", "", "", "{}", strings.Repeat("a", 64), strings.Repeat("b", 64)},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows read back:\n got  %q\n want %q", rows, want)
	}
}
