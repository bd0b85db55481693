package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// encodingJSON is the reference for appendString: encoding/json with
// SetEscapeHTML(false).
func encodingJSON(t testing.TB, s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

var stringSeeds = []string{
	"", "plain", `quote " backslash \ slash /`, "<script>&amp;</script>",
	"\x00\x01\x07\b\t\n\v\f\r\x1b\x1f\x20\x7f", "café — 東京 🙂", "line\u2028para\u2029end",
	"https://x.com/h?a=1&b=<2>#frag", "\u0080\u00ff\ufeff\U0010ffff",
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range stringSeeds {
		if got, want := string(appendString(nil, s)), encodingJSON(t, s); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range stringSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		if got, want := string(appendString(nil, s)), encodingJSON(t, s); got != want {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestCanonicalBytes(t *testing.T) {
	e := Event{
		Seq:      7,
		Time:     time.Date(2026, 11, 23, 11, 31, 8, 120_000_000, time.UTC),
		Officer:  "4471",
		OSUser:   "analyst",
		Case:     "OP-KESTREL-24",
		Action:   "view",
		URL:      "https://x.com/a?b=1&c=<d>",
		Subjects: []string{"S-1", "S-2"},
		PrevHash: testGenesis,
	}
	got, err := appendCanonical(nil, &e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"action":"view","case":"OP-KESTREL-24","detail":{},"officer":"4471","os_user":"analyst",` +
		`"prev_hash":"` + testGenesis + `","seq":7,"subjects":["S-1","S-2"],` +
		`"time":"2026-11-23T11:31:08.120Z","url":"https://x.com/a?b=1&c=<d>"}`
	if string(got) != want {
		t.Fatalf("canonical form\n got %s\nwant %s", got, want)
	}
	e.Subjects = nil
	if got, _ := appendCanonical(nil, &e); !bytes.Contains(got, []byte(`"subjects":[]`)) {
		t.Fatalf("nil subjects not encoded as []: %s", got)
	}
}

func TestParseTimeRejectsOtherForms(t *testing.T) {
	for _, s := range []string{
		"2026-11-23T11:31:08.12Z", "2026-11-23T11:31:08.1200Z", "2026-11-23T11:31:08Z",
		"2026-11-23T11:31:08.120+00:00", "2026-11-23 11:31:08.120Z", "2026-11-23t11:31:08.120z", "",
		"2026-13-01T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-11-23T24:00:00.000Z", "2026-11-23T11:31:60.000Z",
		"+026-11-23T11:31:08.120Z", "２026-11-23T11:31:08.120Z",
	} {
		if _, err := parseTime(s); err == nil {
			t.Errorf("parseTime(%q) accepted a non-canonical time", s)
		}
	}
	if _, err := parseTime("2026-11-23T11:31:08.120Z"); err != nil {
		t.Fatal(err)
	}
}

func TestCanonicalDetail(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, `{}`},
		{` { } `, `{}`},
		{`{"b":[{"z":null,"y":true}],"a":false}`, `{"a":false,"b":[{"y":true,"z":null}]}`},
		{`{"n":1e3,"m":-0.50,"big":12345678901234567890}`, `{"big":12345678901234567890,"m":-0.50,"n":1e3}`},
		{`{"s":"\u003c\u0026\u003e \/ \u00e9"}`, `{"s":"<&> / é"}`},
		{`{"é":1,"e":2,"E":3}`, `{"E":3,"e":2,"é":1}`},
	}
	for _, tt := range tests {
		got, err := canonicalDetail(json.RawMessage(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("canonicalDetail(%s) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func FuzzCanonicalDetail(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,{"b":"c"}],"d":null}`, `{"x":"\u2028\n"}`, `[1]`, `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := canonicalDetail(in)
		if err != nil {
			return
		}
		if !isObject(out) {
			t.Fatalf("canonical detail %q is not one object", out)
		}
		again, err := canonicalDetail(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q -> %q, %v", out, again, err)
		}
		if len(in) == 0 {
			in = []byte("{}") // nil detail means {}
		}
		if !reflect.DeepEqual(decodeAny(t, in), decodeAny(t, out)) {
			t.Fatalf("meaning changed: %q -> %q", in, out)
		}
	})
}

func decodeAny(t *testing.T, b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
	return v
}

func TestReportAndChainError(t *testing.T) {
	ce := &ChainError{Seq: 3, Reason: "hash mismatch"}
	if ce.Error() != "audit chain broken at seq 3: hash mismatch" {
		t.Fatalf("Error() = %q", ce.Error())
	}
	r := Report{Broken: ce}
	if r.OK() || !errors.Is(r.Err(), ErrChainBroken) {
		t.Fatalf("broken report: OK %v, Err %v", r.OK(), r.Err())
	}
	if (Report{}).Err() != nil {
		t.Fatal("a verified report returned a non-nil error")
	}
}

func TestTimeFormMatchesLayout(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 11, 23, 11, 31, 8, 120_999_999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.FixedZone("X", 3600)),
		time.Date(2024, 2, 29, 0, 0, 0, 1_000_000, time.UTC),
	} {
		want := tm.UTC().Format(timeLayout)
		if got := formatTime(tm); got != want {
			t.Errorf("formatTime(%v) = %s, want %s", tm, got, want)
		}
		back, err := parseTime(want)
		if err != nil || !back.Equal(tm.Truncate(time.Millisecond)) {
			t.Errorf("parseTime(%s) = %v, %v", want, back, err)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	f.Add("2026-11-23T11:31:08.120Z")
	f.Add("2026-02-29T00:00:00.000Z")
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := parseTime(s)
		if err != nil {
			return
		}
		if want := tm.UTC().Format(timeLayout); want != s {
			t.Fatalf("parseTime accepted %q, which time.Format writes as %q", s, want)
		}
	})
}
