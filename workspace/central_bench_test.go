package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/central"
)

// stageClock times a sync's stages as Progress hears them.
type stageClock struct {
	at    map[string]time.Duration
	stage string
	since time.Time
}

func (c *stageClock) Stage(name string) {
	c.stop()
	c.stage, c.since = name, time.Now()
}

func (c *stageClock) stop() {
	if c.stage != "" {
		c.at[c.stage] += time.Since(c.since)
	}
	c.stage = ""
}

func (*stageClock) Add(done, total int64) {}

// BenchmarkCentralSync pushes the large workspace (1,000,000 events and
// 1,000,000 views, views_bench_test.go) into a new central store on a
// server with fsync on, as `sightline sync` does (goal: at least 10,000
// events per second from one workstation). The baseline, in the same run,
// is PostgreSQL's own COPY of the same event rows into a table without
// keys, trigger or index. Then "verify" recomputes the store's chain
// (audit verify --central) against the workspace's own verify of it.
func BenchmarkCentralSync(b *testing.B) {
	src := largeWorkspaceDir(b)
	dir := filepath.Join(b.TempDir(), "ws")
	copyDir(b, src, dir)
	ctx := context.Background()
	var ts *central.TestServer
	outer := b // the store outlives "sync" for "verify"
	b.Run("sync", func(b *testing.B) {
		var synced int64
		var events, views time.Duration
		for range b.N {
			b.StopTimer()
			ts = central.StartTestServer(outer, "", "fsync=on", "synchronous_commit=on")
			ws := must(Open(ctx, dir, WithClock(benchEnd), WithCentral(ts.Workstation)))
			clock := &stageClock{at: map[string]time.Duration{}}
			b.StartTimer()
			rep, err := ws.Sync(ctx, clock)
			clock.stop()
			b.StopTimer()
			if err != nil || rep.Events < benchEvents {
				b.Fatalf("sync: %+v, %v", rep, err)
			}
			synced += rep.Events
			events += clock.at[SyncStageEvents]
			views += clock.at[SyncStageViews]
			ws.Close()
		}
		ws := must(Open(ctx, dir, WithClock(benchEnd)))
		defer ws.Close()
		copyRate := copyBaseline(b, ws, ts.Admin)
		rate := float64(synced) / events.Seconds()
		b.ReportMetric(rate, "events/s")
		b.ReportMetric(float64(synced)/views.Seconds(), "views/s")
		b.ReportMetric(rate/copyRate, "x-copy")
		b.ReportMetric(copyRate, "copy-events/s")
	})
	ws := must(Open(ctx, dir, WithClock(benchEnd)))
	defer ws.Close()

	b.Run("verify", func(b *testing.B) {
		store, err := central.Open(ctx, ts.Auditor)
		if err != nil {
			b.Fatal(err)
		}
		defer store.Close()
		start := time.Now()
		local, err := audit.Verify(ctx, ws.DB(), ws.ID())
		if err != nil || !local.OK() {
			b.Fatalf("local verify: %+v, %v", local, err)
		}
		localRate := float64(local.Events) / time.Since(start).Seconds()
		var verified int64
		b.ResetTimer()
		for range b.N {
			reps, err := store.Verify(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range reps {
				if !r.OK() {
					b.Fatalf("central verify of %.12s: %+v", r.Workstation, r.Broken)
				}
				verified += r.Events
			}
		}
		rate := float64(verified) / b.Elapsed().Seconds()
		b.ReportMetric(rate, "events/s")
		b.ReportMetric(rate/localRate, "x-local")
	})
}

// copyBaseline copies the workspace's events, as the sync reads them, into
// a bare table with COPY, and returns the rate of the COPY alone.
func copyBaseline(b *testing.B, ws *Workspace, dsn string) float64 {
	b.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE copy_baseline (workstation text, seq bigint, time timestamptz, officer text,
		case_ref text, action text, url text, subjects text[], prev_hash text, hash text, line text)`); err != nil {
		b.Fatal(err)
	}
	var copied int64
	var took time.Duration
	for after := int64(0); ; {
		events, err := audit.List(ctx, ws.DB(), audit.Filter{After: after, Limit: syncBatch})
		if err != nil {
			b.Fatal(err)
		}
		if len(events) == 0 {
			break
		}
		rows := make([][]any, len(events))
		for i, e := range events {
			rows[i] = []any{ws.ID(), e.Seq, e.Time, e.Officer, e.Case, e.Action, e.URL, append([]string{}, e.Subjects...),
				e.PrevHash, e.Hash, string(e.Detail)}
		}
		start := time.Now()
		n, err := conn.CopyFrom(ctx, pgx.Identifier{"copy_baseline"},
			[]string{"workstation", "seq", "time", "officer", "case_ref", "action", "url", "subjects", "prev_hash", "hash", "line"},
			pgx.CopyFromRows(rows))
		took += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		copied += n
		after = events[len(events)-1].Seq
	}
	return float64(copied) / took.Seconds()
}

// The force-sized store of BenchmarkCentralCheckAt10MEvents: a year of
// views on 800 workstations, 10,000,000 in all, each with its audit event,
// its page key and its profile key; 49,999 accounts viewed in turn, and
// one in a thousand views of a "hot" account; a case with 100 subjects
// and an authorisation per workstation.
const (
	forceWorkstations = 800
	forceViews        = 10_000_000
	forceAccounts     = 49_999 // prime: an account's views go round the workstations
	forceVersion      = 1      // bump to rebuild the cached store after a change here
)

// forceStore starts the force-sized store, building it on first use in a
// directory under the system's temporary directory that later runs reuse
// (it takes several minutes). The rows are made by the server itself
// (generate_series) with triggers off: the events stand for their volume
// in the tables and indexes the check shares the server with; their
// hashes are not a chain.
func forceStore(b *testing.B) *central.TestServer {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("sightline-bench-central-%d-v%d", forceViews, forceVersion))
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err != nil {
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
	}
	ts := central.StartTestServer(b, dir)
	if _, err := os.Stat(done); err == nil {
		return ts
	}
	b.Logf("building %s (once)", dir)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ts.Admin)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	step := benchEnd().Sub(benchStart).Seconds() / forceViews
	for _, stmt := range forceFill(step) {
		start := time.Now()
		if _, err := conn.Exec(ctx, stmt); err != nil {
			b.Fatalf("%s: %v", stmt, err)
		}
		b.Logf("%6.1fs %.60s", time.Since(start).Seconds(), stmt)
	}
	if err := os.WriteFile(done, nil, 0o600); err != nil {
		b.Fatal(err)
	}
	return ts
}

// forceFill returns the statements that fill the force-sized store, view
// i (0-based, in time order, step seconds apart) being workstation
// i % 800's view i / 800 + 1.
func forceFill(step float64) []string {
	ws := `encode(sha256(('ws' || w)::bytea), 'hex')`
	at := fmt.Sprintf(`timestamptz '%s' + make_interval(secs => i * %f)`, benchStart.Format(time.RFC3339), step)
	account := fmt.Sprintf(`CASE WHEN i %% 1000 = 999 THEN 'hot' ELSE 'acct' || (i %% %d) END`, forceAccounts)
	series := fmt.Sprintf(`FROM generate_series(0, %d) AS i, LATERAL (SELECT i %% %d AS w, i / %d + 1 AS n) s`,
		forceViews-1, forceWorkstations, forceWorkstations)
	return []string{
		`SET session_replication_role = replica`,
		`SET maintenance_work_mem = '512MB'`,
		fmt.Sprintf(`INSERT INTO workstations (id) SELECT %s FROM generate_series(0, %d) AS w`, ws, forceWorkstations-1),
		fmt.Sprintf(`INSERT INTO officers (workstation, id, name, role) SELECT %s, 'O' || w, 'DC ' || w, 'researcher'
			FROM generate_series(0, %d) AS w`, ws, forceWorkstations-1),
		fmt.Sprintf(`INSERT INTO cases (workstation, ref, title, officer, created) SELECT %s, 'OP-' || w, 'Operation ' || w, 'O' || w, '%s'
			FROM generate_series(0, %d) AS w`, ws, benchStart.Format(time.RFC3339), forceWorkstations-1),
		fmt.Sprintf(`INSERT INTO events (workstation, seq, time, officer, case_ref, action, url, subjects, prev_hash, hash, line)
			SELECT %s, n, %s, 'O' || w, 'OP-' || w, 'view', 'https://x.com/' || (%s) || '/status/' || i, '{}',
				encode(sha256(int8send(i - 800)), 'hex'), encode(sha256(int8send(i)), 'hex'),
				json_build_object('seq', n, 'time', %s, 'officer', 'O' || w, 'os_user', 'researcher', 'case', 'OP-' || w,
					'action', 'view', 'url', 'https://x.com/' || (%s) || '/status/' || i,
					'detail', json_build_object('view', n, 'key', 'x:status:' || i, 'persona', 'default', 'verdict', 'allow', 'episode', 1),
					'prev_hash', encode(sha256(int8send(i - 800)), 'hex'), 'hash', encode(sha256(int8send(i)), 'hex'))::text
			%s`, ws, at, account, at, account, series),
		fmt.Sprintf(`INSERT INTO views (workstation, id, time, officer, case_ref, url, key, verdict)
			SELECT %s, n, %s, 'O' || w, 'OP-' || w, 'https://x.com/' || (%s) || '/status/' || i, 'x:status:' || i, 'allow' %s`,
			ws, at, account, series),
		fmt.Sprintf(`INSERT INTO view_keys (workstation, view, key, time)
			SELECT %s, n, k, %s %s, LATERAL (VALUES ('x:status:' || i), ('x:@' || (%s))) AS keys(k)`, ws, at, series, account),
		fmt.Sprintf(`INSERT INTO subjects (workstation, id, case_ref, name, officer, created)
			SELECT %s, 'S' || j, 'OP-' || w, 'Subject ' || j, 'O' || w, '%s' FROM generate_series(0, %d) AS w, generate_series(1, 100) AS j`,
			ws, benchStart.Format(time.RFC3339), forceWorkstations-1),
		fmt.Sprintf(`INSERT INTO subject_keys (workstation, subject, key)
			SELECT %s, 'S' || j, 'x:@acct' || ((w * 100 + j) %% %d) FROM generate_series(0, %d) AS w, generate_series(1, 100) AS j`,
			ws, forceAccounts, forceWorkstations-1),
		fmt.Sprintf(`INSERT INTO authorisations (workstation, id, case_ref, ref, valid_from, valid_to, granted_by, officer, created)
			SELECT %s, 1, 'OP-' || w, 'DSA-' || w, '%s', '%s', 'Supt Grey', 'O' || w, '%s' FROM generate_series(0, %d) AS w`,
			ws, benchStart.Format(time.RFC3339), benchEnd().Format(time.RFC3339), benchStart.Format(time.RFC3339), forceWorkstations-1),
		fmt.Sprintf(`INSERT INTO authorisation_keys (workstation, authorisation, key)
			SELECT %s, 1, 'x:@acct' || ((w * 100 + 1) %% %d) FROM generate_series(0, %d) AS w`, ws, forceAccounts, forceWorkstations-1),
		`ANALYZE`,
	}
}

// BenchmarkCentralCheckAt10MEvents answers the pre-navigation check with
// the force's views counted: a workstation of its own, one case, the
// subject under test, against the force-sized store (goal: under 20 ms
// median). Each sub-benchmark times checks one by one and reports their
// median and 95th percentile, and the ratio of the median to the same
// check without a central store, in the same run.
func BenchmarkCentralCheckAt10MEvents(b *testing.B) {
	ts := forceStore(b)
	b.Setenv("SIGHTLINE_KEYRING", "file")
	ctx := context.Background()
	open := func(opts ...Option) *Workspace {
		ws := must(Open(ctx, b.TempDir(), append(opts, WithClock(benchEnd))...))
		b.Cleanup(func() { ws.Close() })
		must(ws.SetOfficer(ctx, Officer{ID: "9001", Name: "DC Bench"}))
		must(ws.NewCase(ctx, Case{Ref: benchCase}))
		for _, account := range []string{"acct42", "hot", "nobody"} {
			must(ws.AddSubject(ctx, benchCase, account, []string{"x:@" + account}))
		}
		return ws
	}
	withStore, alone := open(WithCentral(ts.Workstation)), open()
	for _, account := range []string{"acct42", "hot", "nobody"} {
		url := "https://x.com/" + account
		b.Run(account, func(b *testing.B) {
			vc, err := withStore.Check(ctx, benchCase, url)
			if err != nil || vc.CentralError != "" {
				b.Fatalf("check %s: %+v, %v", url, vc, err)
			}
			b.Logf("%s: %s, %d views elsewhere", account, vc.Verdict, vc.CentralViews)
			base := checkTimes(b, alone, url, 200)
			var times []time.Duration
			b.ResetTimer()
			for range b.N {
				times = append(times, checkTimes(b, withStore, url, 200)...)
			}
			b.ReportMetric(ms(percentile(times, 50)), "ms-median")
			b.ReportMetric(ms(percentile(times, 95)), "ms-p95")
			b.ReportMetric(ms(percentile(times, 50))/ms(percentile(base, 50)), "x-local")
		})
	}
}

func checkTimes(b *testing.B, ws *Workspace, url string, n int) []time.Duration {
	b.Helper()
	ctx := context.Background()
	out := make([]time.Duration, n)
	for i := range out {
		start := time.Now()
		if _, err := ws.Check(ctx, benchCase, url); err != nil {
			b.Fatal(err)
		}
		out[i] = time.Since(start)
	}
	return out
}

func percentile(d []time.Duration, p int) time.Duration {
	s := slices.Sorted(slices.Values(d))
	return s[(len(s)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
