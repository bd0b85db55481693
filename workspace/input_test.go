package workspace

import (
	"errors"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
)

func TestFilterText(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   FilterText
		want audit.Filter
		err  string
	}{
		{in: FilterText{Subject: " s3 ", Case: " OP-1 "}, want: audit.Filter{Subject: "S3", Case: "OP-1"}},
		{in: FilterText{Subject: "3"}, want: audit.Filter{Subject: "S3"}},
		{in: FilterText{From: "2026-11-23", To: "2026-11-23T10:00:00+01:00"},
			want: audit.Filter{From: day, To: day.Add(9 * time.Hour)}},
		{in: FilterText{Subject: "jsmith"}, err: "subject"},
		{in: FilterText{From: "yesterday"}, err: "from"},
		{in: FilterText{To: "23/11/2026"}, err: "to"},
	} {
		got, err := tc.in.Filter()
		if tc.err != "" {
			if err == nil || err.Error()[:len(tc.err)] != tc.err {
				t.Errorf("%+v: err %v, want one about %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%+v = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseEnd(t *testing.T) {
	end, err := ParseEnd("2026-11-30")
	if err != nil || !end.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseEnd(date) = %v, %v: want the end of that day", end, err)
	}
	at, err := ParseEnd("2026-11-30T12:00:00Z")
	if err != nil || at.Hour() != 12 {
		t.Errorf("ParseEnd(time) = %v, %v", at, err)
	}
	if _, err := ParseTime("soon"); !errors.Is(err, ErrBadTime) {
		t.Errorf("ParseTime(soon) = %v, want ErrBadTime", err)
	}
}
