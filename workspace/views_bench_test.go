package workspace

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace/internal/sqltime"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// The large workspace of BenchmarkCheckAt1MEvents, BenchmarkVerifyChain
// and BenchmarkListsAt1MEvents: a year of views of benchSubjects subjects
// in one case, one view every 31.5 seconds, one audit event each, and a
// capture (its row and event) with every benchCaptureEvery-th view.
const (
	benchEvents       = 1_000_000
	benchSubjects     = 1_000
	benchCaptureEvery = 100 // 10,000 captures
	benchCase         = "OP-BENCH"
	benchVersion      = 2 // bump to rebuild cached workspaces after a change here
)

var benchStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// benchStep is the time between views: a year of them in the large
// workspace.
const benchStep = 365 * 24 * time.Hour / benchEvents

func benchEnd() time.Time { return largeEnd(benchEvents) }

// largeEnd is the time after the last of events views.
func largeEnd(events int) time.Time { return benchStart.Add(time.Duration(events) * benchStep) }

// largeWorkspace opens the large workspace (largeWorkspaceDir).
func largeWorkspace(b *testing.B) *Workspace {
	b.Helper()
	ws := must(Open(context.Background(), largeWorkspaceDir(b), WithClock(benchEnd)))
	b.Cleanup(func() { ws.Close() })
	return ws
}

// largeWorkspaceDir returns the large workspace's directory, building it
// on first use under the system's temporary directory, where later runs
// reuse it (it takes a minute or two to build). Its key is in the
// workspace (SIGHTLINE_KEYRING=file), so a copy of the directory opens.
func largeWorkspaceDir(b *testing.B) string {
	b.Helper()
	b.Setenv("SIGHTLINE_KEYRING", "file")
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("sightline-bench-%d-v%d-m%d", benchEvents, benchVersion, len(migrations)))
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	b.Logf("building %s (once)", dir)
	ws := must(Open(context.Background(), dir, WithClock(benchEnd)))
	if err := fillLarge(context.Background(), ws, benchEvents); err != nil {
		b.Fatal(err)
	}
	ws.Close()
	if err := os.WriteFile(done, nil, 0o600); err != nil {
		b.Fatal(err)
	}
	return dir
}

// fillLarge sets up the officer, case, subjects and an authorisation of
// S2 and S3 for all but the last 36th of the period, then adds events
// views and their events in batches of 10,000 per transaction.
func fillLarge(ctx context.Context, ws *Workspace, events int) error {
	if _, err := ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		return err
	}
	if _, err := ws.NewCase(ctx, Case{Ref: benchCase}); err != nil {
		return err
	}
	for s := 1; s <= benchSubjects; s++ {
		if _, err := ws.AddSubject(ctx, benchCase, "Subject "+strconv.Itoa(s), []string{"x:@subj" + strconv.Itoa(s)}); err != nil {
			return err
		}
	}
	if _, err := ws.AddAuthorisation(ctx, viewing.Authorisation{Ref: "DSA-1", Case: benchCase, Subjects: []string{"S2", "S3"},
		From: benchStart, To: authorisedUntil(events)}); err != nil {
		return err
	}
	var done int
	if err := ws.reader.QueryRow(`SELECT count(*) FROM audit_events`).Scan(&done); err != nil {
		return err
	}
	for start := done; start < events; start += 10_000 {
		if err := fillBatch(ctx, ws, start, min(start+10_000, events)); err != nil {
			return err
		}
	}
	return nil
}

// authorisedUntil is when DSA-1 of fillLarge ends: ten days before the
// end of a year.
func authorisedUntil(events int) time.Time {
	return benchStart.Add(largeEnd(events).Sub(benchStart) / 365 * 355)
}

// fillBatch adds views start..end-1: nine in ten of a subject (in turn),
// one in ten of a third party.
func fillBatch(ctx context.Context, ws *Workspace, start, end int) error {
	tx, err := ws.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	view, err := tx.PrepareContext(ctx, `INSERT INTO views (time, officer, case_ref, persona, url, key, platform,
		kind, account, post, profile, authorisation, verdict, episode, capture)
		VALUES (?, '4127', ?, 'default', ?, ?, 'x', 'post', ?, ?, ?, '', 'allow', 1, '')`)
	if err != nil {
		return err
	}
	matched, err := tx.PrepareContext(ctx, `INSERT INTO view_subjects (subject, time, view) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := start; i < end; i++ {
		at := benchStart.Add(time.Duration(i) * benchStep)
		if err := addBenchView(ctx, ws, tx, view, matched, i, at); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func addBenchView(ctx context.Context, ws *Workspace, tx *sql.Tx, view, matched *sql.Stmt, i int, at time.Time) error {
	s := i%benchSubjects + 1
	account := "subj" + strconv.Itoa(s)
	if i%10 == 9 {
		account = "third" + strconv.Itoa(i)
	}
	post := strconv.Itoa(i)
	url := "https://x.com/" + account + "/status/" + post
	res, err := view.ExecContext(ctx, sqltime.Format(at), benchCase, url, "x:status:"+post, account, post, "x:@"+account)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	var subjects []string
	if i%10 != 9 {
		subjects = []string{"S" + strconv.Itoa(s)}
		if _, err := matched.ExecContext(ctx, s, sqltime.Format(at), id); err != nil {
			return err
		}
	}
	detail := fmt.Sprintf(`{"view":%d,"key":"x:status:%s","persona":"default","verdict":"allow","episode":1}`, id, post)
	if _, err = audit.Append(ctx, tx, ws.ID(), audit.Event{Time: at, Officer: "4127", OSUser: "bench", Case: benchCase,
		Action: "view", URL: url, Subjects: subjects, Detail: []byte(detail)}); err != nil {
		return err
	}
	if i%benchCaptureEvery != 0 {
		return nil
	}
	c := Capture{ID: newCaptureID(at), Case: benchCase, Officer: "4127", URL: url, FinalURL: url, Title: account + " on X",
		Persona: "default", Bundle: filepath.Join(ws.Dir(), "bundles", post+".wacz"), SHA256: strings.Repeat("ab", 32),
		PackageID: "sha256:" + strings.Repeat("cd", 32), Started: at, Ended: at.Add(3 * time.Second)}
	if err := insertCapture(ctx, tx, c); err != nil {
		return err
	}
	_, err = audit.Append(ctx, tx, ws.ID(), audit.Event{Time: c.Ended, Officer: "4127", OSUser: "bench", Case: benchCase,
		Action: "capture", URL: url, Subjects: subjects, Detail: audit.Detail(map[string]any{"capture": c.ID})})
	return err
}

// BenchmarkCheckAt1MEvents answers Check for a subject viewed about 77
// times in the window, in a workspace of 1,000,000 audit events and
// 1,000,000 views (DESIGN.md §9: under 5 ms).
func BenchmarkCheckAt1MEvents(b *testing.B) {
	ws := largeWorkspace(b)
	ctx := context.Background()
	for _, url := range []string{"https://x.com/subj1/status/1", "https://x.com/subj2", "https://x.com/nobody"} {
		b.Run(url[len("https://x.com/"):], func(b *testing.B) {
			for b.Loop() {
				if _, err := ws.Check(ctx, benchCase, url); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/check")
		})
	}
}

// BenchmarkAuditPageAt1MEvents reads a page of the audit tab (200 events,
// newest first, by seq) at the top, the middle and the bottom of the large
// workspace's log, and the count it shows beside them: paging by seq keeps
// every page as cheap as the first. Then a page for each other filter: an
// action, a month, a subject, and a subject's oldest events.
func BenchmarkAuditPageAt1MEvents(b *testing.B) {
	ws := largeWorkspace(b)
	ctx := context.Background()
	march := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		f    audit.Filter
	}{
		{"newest", audit.Filter{Case: benchCase}},
		{"middle", audit.Filter{Case: benchCase, Before: benchEvents / 2}},
		{"oldest", audit.Filter{Case: benchCase, Before: 300}},
		{"action-capture", audit.Filter{Action: "capture"}},
		{"march", audit.Filter{From: march, To: march.AddDate(0, 1, 0)}},
		{"subject-S1", audit.Filter{Subject: "S1"}},
		{"subject-S999-oldest", audit.Filter{Subject: "S999", Before: 5000}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			f := tc.f
			f.Newest, f.Limit = true, 200
			for b.Loop() {
				if events, err := ws.AuditEvents(ctx, f); err != nil || len(events) == 0 {
					b.Fatalf("%d events, %v", len(events), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			if n, err := ws.CountAuditEvents(ctx, audit.Filter{Case: benchCase}); err != nil || n < benchEvents-1 {
				b.Fatalf("%d events, %v", n, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/count")
	})
}

// BenchmarkOpenAt1MEvents opens and closes the large workspace, as the
// app and every CLI command do (issue 9: under a second).
func BenchmarkOpenAt1MEvents(b *testing.B) {
	dir := largeWorkspaceDir(b)
	ctx := context.Background()
	for b.Loop() {
		ws, err := Open(ctx, dir, WithClock(benchEnd))
		if err != nil {
			b.Fatal(err)
		}
		if err := ws.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/open")
}

// BenchmarkListsAt1MEvents reads each list the app shows for the large
// workspace's case: its 10,000 captures (all, as the CLI and exports read
// them, and a page at either end, as the app's list does), its 1,000 subjects, one
// subject's viewing, flags of unauthorised repeated viewing, and the rest.
func BenchmarkListsAt1MEvents(b *testing.B) {
	ws := largeWorkspace(b)
	ctx := context.Background()
	oldest := must(ws.Captures(ctx, benchCase))
	for _, tc := range []struct {
		name string
		list func() (int, error)
	}{
		{"captures", func() (int, error) { c, err := ws.Captures(ctx, benchCase); return len(c), err }},
		{"captures-first-page", func() (int, error) {
			c, err := ws.CapturesBefore(ctx, benchCase, Capture{}, 100)
			return len(c), err
		}},
		{"captures-last-page", func() (int, error) {
			c, err := ws.CapturesBefore(ctx, benchCase, oldest[100], 100)
			return len(c), err
		}},
		{"captures-count", func() (int, error) { return ws.CountCaptures(ctx, benchCase) }},
		{"cases", func() (int, error) { c, err := ws.Cases(ctx); return len(c), err }},
		{"subjects", func() (int, error) { s, err := ws.Subjects(ctx, benchCase); return len(s), err }},
		{"subject-viewing", func() (int, error) { v, err := ws.SubjectViewing(ctx, "S1"); return v.Views, err }},
		{"flags", func() (int, error) { f, err := ws.Flags(ctx, benchCase); return len(f), err }},
		{"authorisations", func() (int, error) { a, err := ws.Authorisations(ctx, benchCase); return len(a), err }},
		{"justifications", func() (int, error) { j, err := ws.Justifications(ctx, benchCase); return len(j), err }},
		{"light", func() (int, error) { l, err := ws.LightRecords(ctx, benchCase); return len(l), err }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				var err error
				if n, err = tc.list(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "rows")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/list")
		})
	}
}

// BenchmarkVerifyChain recomputes the 1,000,000-event chain of the large
// workspace (DESIGN.md §9: at least 500,000 events per second).
func BenchmarkVerifyChain(b *testing.B) {
	ws := largeWorkspace(b)
	ctx := context.Background()
	runs := 0
	for b.Loop() {
		rep, err := audit.Verify(ctx, ws.DB(), ws.ID())
		if err != nil || !rep.OK() || rep.Events < benchEvents {
			b.Fatalf("verify: %+v, %v", rep, err)
		}
		runs++
	}
	b.ReportMetric(float64(runs*benchEvents)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAppendCommit commits one audited action per transaction, as
// every action does (WAL, synchronous=FULL; DESIGN.md §9: at least 2,000
// per second).
func BenchmarkAppendCommit(b *testing.B) {
	b.Setenv("SIGHTLINE_KEYRING", "file") // a checkpoint every 1,000 events signs with a file key
	ctx := context.Background()
	ws := must(Open(ctx, b.TempDir()))
	defer ws.Close()
	for b.Loop() {
		if err := ws.audit(ctx, need{}, audit.Event{Action: "verify"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
}

// BenchmarkRecordView records views as the research browser does: the
// check and the view's rows and event, in one committed transaction.
func BenchmarkRecordView(b *testing.B) {
	b.Setenv("SIGHTLINE_KEYRING", "file")
	ctx := context.Background()
	ws := must(Open(ctx, b.TempDir()))
	defer ws.Close()
	must(ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}))
	must(ws.NewCase(ctx, Case{Ref: "OP-1"}))
	must(ws.AddSubject(ctx, "OP-1", "J Smith", []string{"x:@jsmith"}))
	i := 0
	for b.Loop() {
		if _, err := ws.RecordView(ctx, "OP-1", "https://x.com/jsmith/status/"+strconv.Itoa(i), ""); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "views/s")
}
