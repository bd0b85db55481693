package ripa

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestFactorList(t *testing.T) {
	list := FactorList()
	if len(list) != 8 {
		t.Fatalf("%d factors, want the Code's 8", len(list))
	}
	// Every key is a JSON field of Factors, settable, and in order.
	var all Factors
	seen := map[string]bool{}
	for _, f := range list {
		if seen[f.Key] || f.Label == "" || !strings.HasSuffix(f.Question, "?") {
			t.Errorf("factor %+v: repeated key, no label or not a question", f)
		}
		seen[f.Key] = true
		if err := all.Set(f.Key, true); err != nil {
			t.Error(err)
		}
	}
	data, _ := json.Marshal(all)
	var m map[string]bool
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if !v || !seen[k] {
			t.Errorf("JSON field %s = %v, not set through FactorList", k, v)
		}
	}
	if len(m) != len(list) || len(all.Checked()) != len(list) {
		t.Errorf("JSON has %d fields, Checked %d, want %d", len(m), len(all.Checked()), len(list))
	}
	list[0].Label = "changed"
	if FactorList()[0].Label == "changed" {
		t.Error("FactorList shares its slice")
	}
}

func TestFactorsSetAndChecked(t *testing.T) {
	var f Factors
	if err := f.Set("third_parties", true); err != nil || !f.ThirdParties {
		t.Errorf("Set third_parties: %v, %+v", err, f)
	}
	if err := f.Set("repeated_viewing", true); err != nil || !f.RepeatedViewing {
		t.Errorf("Set repeated_viewing: %v, %+v", err, f)
	}
	var keys []string
	for _, c := range f.Checked() {
		keys = append(keys, c.Key)
	}
	if strings.Join(keys, ",") != "repeated_viewing,third_parties" {
		t.Errorf("Checked = %v, want the Code's order", keys)
	}
	if err := f.Set("gut_feeling", true); err == nil {
		t.Error("unknown factor accepted")
	}
}

func TestJustificationValidate(t *testing.T) {
	ok := Justification{Subject: "s1", Officer: "4521", Time: at(5, 10, 0), Text: "Why"}
	tests := []struct {
		name    string
		change  func(*Justification)
		wantErr string
	}{
		{"complete, no factor ticked", func(*Justification) {}, ""},
		{"no text", func(j *Justification) { j.Text = " \n\t" }, "no reasons given in the text"},
		{"text too long", func(j *Justification) { j.Text = strings.Repeat("x", MaxJustificationText+1) }, "text longer than 20000 bytes"},
		{"nothing", func(j *Justification) { *j = Justification{} }, "invalid justification: no subject; no officer; no time; no reasons given in the text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := ok
			tt.change(&j)
			err := j.Validate()
			if (tt.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestAuthorisation(t *testing.T) {
	a := Authorisation{Ref: "DSA-1", Subjects: []string{"s1", "s2"}, From: at(1, 0, 0), To: at(8, 0, 0)}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		t    time.Time
		want bool
	}{
		{at(1, 0, 0).Add(-time.Nanosecond), false}, {at(1, 0, 0), true}, {at(7, 23, 59), true},
		{at(8, 0, 0).Add(-time.Nanosecond), true}, {at(8, 0, 0), false},
	} {
		if got := a.Active(tt.t); got != tt.want {
			t.Errorf("Active(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
	if !a.Covers("s2") || a.Covers("s3") {
		t.Error("Covers")
	}
	bad := Authorisation{Ref: " ", From: at(8, 0, 0), To: at(8, 0, 0), Subjects: []string{""}}
	want := `invalid authorisation " ": no reference; an empty subject id; expiry 2024-03-11 00:00 UTC is not after start 2024-03-11 00:00 UTC`
	if err := bad.Validate(); err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if err := (Authorisation{Ref: "X"}).Validate(); err == nil || !strings.Contains(err.Error(), "no subjects; no start or no expiry") {
		t.Errorf("error %v", err)
	}
}
