package workspace

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/audit/ripa"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

func TestFlagsCoverEveryCaseAndWaitingJustifications(t *testing.T) {
	d := newDesk(t)
	must(d.ws.NewCase(d.ctx, Case{Ref: "OP-2"}))
	must(d.ws.AddSubject(d.ctx, "OP-2", "K Jones", []string{"x:@kjones"}))
	for i, when := range []int{1, 2, 3} {
		d.clock.set(day(when, 9, 0))
		must(d.ws.RecordView(d.ctx, "OP-2", "https://x.com/kjones", ""))
		if i == 0 {
			must(d.ws.RecordView(d.ctx, "OP-2", "https://x.com/kjones_brother", ""))
		}
	}
	d.view(day(4, 9, 0), "https://x.com/jsmith", `allow ep1 linked="" unresolved=0`)
	d.clock.set(day(4, 9, 30))
	must(d.ws.Justify(d.ctx, "OP-KESTREL-24", "S1", ripa.Factors{}, "None of the factors applies: a single check."))
	must(d.ws.RecordView(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith_friend", ""))

	assertFlags(t, must(d.ws.Flags(d.ctx, "")),
		"Wed 09:00 unauthorised-repeat S2 ep3 ref= https://x.com/kjones",
		"Thu 09:30 justification S1 ep0 ref= ",
		"- collateral-intrusion S1 ep0 ref= [x:@jsmith_friend]",
		"- collateral-intrusion S2 ep0 ref= [x:@kjones_brother]",
	)
	flags := must(d.ws.Flags(d.ctx, "OP-2"))
	assertFlags(t, flags,
		"Wed 09:00 unauthorised-repeat S2 ep3 ref= https://x.com/kjones",
		"- collateral-intrusion S2 ep0 ref= [x:@kjones_brother]",
	)
	if f := flags[0]; f.Case != "OP-2" || f.SubjectName != "K Jones" || f.Detail != "3rd viewing episode in 28 days with no authorisation in force." {
		t.Errorf("flag %+v", f)
	}
	if _, err := d.ws.Flags(d.ctx, "OP-9"); !errors.Is(err, ErrCaseNotFound) {
		t.Errorf("flags of an unknown case: %v", err)
	}

	d.clock.set(day(40, 9, 0))
	h := must(d.ws.SubjectViewing(d.ctx, "S2"))
	if h.Views != 3 || len(h.Episodes) != 3 || h.InWindow != 0 || len(h.Collateral) != 1 {
		t.Errorf("history of S2 on day 40: %+v", h)
	}
	d.clock.set(day(29, 9, 1)) // day 1 09:00 is just outside the window
	if h := must(d.ws.SubjectViewing(d.ctx, "S2")); h.InWindow != 2 {
		t.Errorf("episodes of S2 in the window on day 29 09:01: %d, want 2", h.InWindow)
	}
}

func TestExportAuditInEachFormat(t *testing.T) {
	d := newDesk(t)
	must(d.ws.NewCase(d.ctx, Case{Ref: "OP-2", Classification: "SECRET"}))
	for i := 1; i <= 3; i++ {
		d.view(day(i, 9, 0), "https://x.com/jsmith", []string{
			`allow ep1 linked="" unresolved=0`, `warn ep2 linked="" unresolved=0`, `ask ep3 linked="" unresolved=1`}[i-1])
	}
	total := len(events(t, d.ws, audit.Filter{}))

	var jsonl bytes.Buffer
	if n := must(d.ws.ExportAudit(d.ctx, &jsonl, "jsonl", audit.Filter{})); n != total {
		t.Errorf("jsonl export wrote %d events, want %d", n, total)
	}
	rep, err := audit.VerifyEvents(d.ws.ID(), audit.ReadJSONL(&jsonl))
	if err != nil || !rep.OK() || rep.Events != int64(total) {
		t.Errorf("exported chain: %+v %v", rep, err)
	}
	if _, err := d.ws.ExportAudit(d.ctx, io.Discard, "jsonl", audit.Filter{Case: "OP-KESTREL-24"}); !errors.Is(err, ErrWholeChainOnly) {
		t.Errorf("filtered jsonl: %v", err)
	}
	if _, err := d.ws.ExportAudit(d.ctx, io.Discard, "xml", audit.Filter{}); err == nil {
		t.Error("xml export: no error")
	}

	var csvOut bytes.Buffer
	if n := must(d.ws.ExportAudit(d.ctx, &csvOut, "csv", audit.Filter{Subject: "S1", Action: "view"})); n != 3 {
		t.Errorf("csv export of S1's views wrote %d events", n)
	}
	if lines := strings.Count(csvOut.String(), "\r\n"); lines != 4 {
		t.Errorf("csv has %d lines:\n%s", lines, csvOut.String())
	}

	var pdf bytes.Buffer
	if n := must(d.ws.ExportAudit(d.ctx, &pdf, "pdf", audit.Filter{Case: "OP-KESTREL-24"})); n != 5 {
		t.Errorf("pdf export shows %d events of the case", n)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Errorf("pdf export starts %q", pdf.Bytes()[:min(pdf.Len(), 8)])
	}
	if m := must(d.ws.marking(d.ctx, "")); m != "SECRET" {
		t.Errorf("marking of every case %q, want the highest", m)
	}
	exports := events(t, d.ws, audit.Filter{Action: "audit.export"})
	if len(exports) != 3 || exports[1].Subjects[0] != "S1" || !strings.Contains(string(exports[2].Detail), `"format":"pdf"`) {
		t.Errorf("export events %+v", exports)
	}
}

func TestSelectionAndChainStatusInWords(t *testing.T) {
	f := audit.Filter{Case: "OP-1", Subject: "S2", From: day(1, 0, 0), To: day(8, 0, 0)}
	if s := Selection(f); s != "case OP-1, subject S2, from 2024-03-04T00:00:00.000Z, before 2024-03-11T00:00:00.000Z" {
		t.Errorf("selection %q", s)
	}
	broken := audit.Report{Broken: &audit.ChainError{Seq: 7, Reason: "hash mismatch"}}
	if s := ChainStatus(broken); s != "broken at seq 7: hash mismatch" {
		t.Errorf("status %q", s)
	}
}

func TestExportAuditNeedsAnOfficer(t *testing.T) {
	ws := openTest(t)
	if _, err := ws.ExportAudit(t.Context(), io.Discard, "csv", audit.Filter{}); !errors.Is(err, ErrNoOfficer) {
		t.Errorf("export with no officer: %v", err)
	}
}

// TestSubjectViewingCollateral checks that a subject's history, read from
// the subject's own views and the profile views near them, counts the
// same third-party profiles as the case's flags, read from every view:
// at exactly the episode gap after a view of the subject, not a minute
// later, and not when another officer viewed them.
func TestSubjectViewingCollateral(t *testing.T) {
	d := newDesk(t)
	gap := ripa.DefaultEpisodeGap
	record := func(when time.Time, url string) {
		d.clock.set(when)
		must(d.ws.RecordView(d.ctx, "OP-KESTREL-24", url, ""))
	}
	record(day(1, 9, 0), "https://x.com/jsmith")
	record(day(1, 9, 0).Add(gap), "https://x.com/at_the_gap")
	record(day(1, 9, 1).Add(gap), "https://x.com/after_the_gap")
	record(day(2, 9, 0), "https://x.com/jsmith/status/7")
	record(day(2, 9, 5), "https://x.com/jsmith")
	record(day(2, 9, 10), "https://x.com/friend")
	must(d.ws.SetOfficer(d.ctx, Officer{ID: "5031", Name: "DC Alex Reid"}))
	record(day(2, 9, 15), "https://x.com/other_officers_look")

	want := []string{"x:@at_the_gap", "x:@friend"}
	h := must(d.ws.SubjectViewing(d.ctx, "S1"))
	if !slices.Equal(h.Collateral, want) || h.Views != 3 {
		t.Errorf("history: %d views, collateral %q, want 3 and %q", h.Views, h.Collateral, want)
	}
	for _, f := range must(d.ws.Flags(d.ctx, "OP-KESTREL-24")) {
		if f.Kind == viewing.FlagCollateral && !slices.Equal(f.Profiles, h.Collateral) {
			t.Errorf("flags count %q, the history %q", f.Profiles, h.Collateral)
		}
	}
}
