package workspace

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/identifier"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func TestSubjectsAreMatchedAcrossPlatforms(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t, WithClock(fixedClock()))
	if _, err := ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.NewCase(ctx, Case{Ref: "OP-1"}); err != nil {
		t.Fatal(err)
	}
	smith, err := ws.AddSubject(ctx, "OP-1", "J Smith", []string{"https://mobile.twitter.com/JSmith?s=20", "instagram:@j.smith", "+44 7700 900123"})
	if err != nil {
		t.Fatal(err)
	}
	jones, err := ws.AddSubject(ctx, "OP-1", "K Jones", []string{"https://www.facebook.com/kjones/"})
	if err != nil {
		t.Fatal(err)
	}
	if smith.ID != "S1" || jones.ID != "S2" || len(smith.Identifiers) != 3 {
		t.Fatalf("subjects %+v %+v", smith, jones)
	}
	if _, err := ws.AddSubject(ctx, "OP-1", "Nobody", []string{"@ambiguous", "ftp://x"}); err == nil ||
		!strings.Contains(err.Error(), "platform") {
		t.Errorf("bad identifiers: %v", err)
	}
	if _, err := ws.AddSubject(ctx, "OP-NOPE", "X", []string{"x:@xavier"}); !errors.Is(err, ErrCaseNotFound) {
		t.Errorf("subject of an unknown case: %v", err)
	}
	for url, want := range map[string]string{
		"https://x.com/jsmith/status/1234567890":   "S1",
		"https://twitter.com/JSMITH":               "S1",
		"https://www.instagram.com/j.smith/":       "S1",
		"https://m.facebook.com/kjones/posts/9876": "S2",
		"https://x.com/someoneelse":                "",
	} {
		v, err := identifier.FromURL(url)
		if err != nil {
			t.Fatal(err)
		}
		got, err := viewing.MatchSubjects(ctx, ws.DB(), "OP-1", v)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("viewing %s matches %v, want %q", url, got, want)
		}
	}
	got, err := ws.Subject(ctx, "s1")
	if err != nil || got.Name != "J Smith" || got.Identifiers[2].Key != "phone:+447700900123" {
		t.Errorf("subject S1: %+v %v", got, err)
	}
	if _, err := ws.Subject(ctx, "S99"); !errors.Is(err, viewing.ErrSubjectNotFound) {
		t.Errorf("unknown subject: %v", err)
	}
	evs := events(t, ws, audit.Filter{Subject: "S1"})
	if len(evs) != 1 || evs[0].Action != "subject.add" {
		t.Errorf("events about S1: %+v", evs)
	}
}
