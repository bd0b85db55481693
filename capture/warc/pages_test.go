package warc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestWritePages(t *testing.T) {
	pages := []Page{
		{ID: "p1", URL: "https://www.example.com/page?b=2&a=1", Title: "Example <page> & more", TS: at(250)},
		{URL: "https://example.com/other", TS: time.Date(2024, 5, 1, 14, 0, 0, 0, time.FixedZone("CEST", 7200))},
	}
	var b bytes.Buffer
	if err := WritePages(&b, pages); err != nil {
		t.Fatal(err)
	}
	want := `{"format":"json-pages-1.0","id":"pages","title":"All Pages"}
{"id":"p1","url":"https://www.example.com/page?b=2&a=1","ts":"2024-05-01T12:34:57.039Z","title":"Example <page> & more"}
{"url":"https://example.com/other","ts":"2024-05-01T12:00:00.000Z"}
`
	if b.String() != want {
		t.Errorf("pages.jsonl:\n%s\nwant\n%s", b.String(), want)
	}
	// Every line is a JSON object; page "ts" is RFC 3339.
	sc := bufio.NewScanner(&b)
	for n := 0; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if n == 0 {
			continue
		}
		if _, err := time.Parse(time.RFC3339, m["ts"].(string)); err != nil {
			t.Errorf("line %d: ts: %v", n+1, err)
		}
	}

	for _, bad := range []Page{{TS: at(0)}, {URL: "https://example.com/"}} {
		if err := WritePages(&b, []Page{bad}); err == nil {
			t.Errorf("WritePages accepted %+v", bad)
		}
	}
}
