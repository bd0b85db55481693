package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sightline-osint/sightline/central"
	"github.com/sightline-osint/sightline/workspace"
)

// waitSynced waits for the app's next background sync to end and returns
// its outcome.
func waitSynced(t *testing.T, u *UI) error {
	t.Helper()
	select {
	case err := <-u.sync.synced:
		return err
	case <-time.After(3 * time.Minute): // a hang guard only
		t.Fatal("no sync ended within 3 minutes")
		return nil
	}
}

// TestAppSyncsAndReviewsTheCentralStore: with a central store, the app
// syncs in the background and says so; a subject another workstation's
// case holds brings a deconfliction notice to the subjects tab; and the
// audit tab reviews the store read-only, every workstation's events,
// chains and flags, then goes back to the local log.
func TestAppSyncsAndReviewsTheCentralStore(t *testing.T) {
	ts := central.StartTestServer(t, "")
	ctx := context.Background()
	other, err := workspace.Open(ctx, t.TempDir(), workspace.WithCentral(ts.Workstation))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(other.SetOfficer(ctx, workspace.Officer{ID: "5120", Name: "DC Ana Ruiz"}))
	must(other.NewCase(ctx, workspace.Case{Ref: "OP-2"}))
	must(other.AddSubject(ctx, "OP-2", "J Smith", []string{"https://x.com/jsmith"}))
	must(other.RecordView(ctx, "OP-2", "https://x.com/jsmith/status/1", ""))
	must(other.Sync(ctx, nil))

	u, _ := newTestUI(t, Options{Central: ts.Workstation}, func(ctx context.Context, ws *workspace.Workspace) {
		withOfficerAndCase(t, "OP-1")(ctx, ws)
		must(ws.AddSubject(ctx, "OP-1", "John Smith", []string{"https://twitter.com/JSmith"}))
	})
	if err := waitSynced(t, u); err != nil {
		t.Fatalf("background sync: %v", err)
	}
	var status string
	u.do(func() { status = u.sync.status.Text })
	if !strings.HasPrefix(status, "Central store: synced at") {
		t.Errorf("footer says %q", status)
	}

	u.do(func() { u.subjects.show("OP-1") })
	if text := u.subjects.notices.Text; u.subjects.notices.Hidden || !strings.Contains(text, "case OP-2 (officer 5120") {
		t.Errorf("subjects tab notices (hidden %v): %q", u.subjects.notices.Hidden, text)
	}

	tab := u.audit
	test.NewTempWindow(t, tab.object())
	u.do(func() {
		tab.caseRef.SetText("") // every case
		tab.openCentral(ts.Auditor)
	})
	waitIdle(t, u, captureTimeout)
	stations := map[string]bool{}
	u.do(func() {
		for _, s := range tab.stations {
			stations[s] = true
		}
	})
	if len(stations) != 2 || !stations[other.ID()] || !stations[u.ws.ID()] {
		t.Fatalf("central review lists events of %v, want both workstations", stations)
	}
	u.do(func() {
		tab.workstation.SetText(other.ID()[:8])
		tab.reload()
	})
	waitIdle(t, u, captureTimeout)
	u.do(func() {
		for _, s := range tab.stations {
			if s != other.ID() {
				t.Errorf("workstation filter %s listed an event of %s", other.ID()[:8], s)
			}
		}
	})
	test.Tap(tab.verify)
	waitIdle(t, u, captureTimeout)
	if !strings.HasPrefix(tab.chain.Text, "✓ 2 workstations") {
		t.Errorf("central chains: %q", tab.chain.Text)
	}

	u.do(tab.leaveCentral)
	waitIdle(t, u, captureTimeout)
	if tab.review != nil || !strings.HasPrefix(tab.source.Text, "This workstation") || tab.workstation.Disabled() == false {
		t.Errorf("after leaving: review %v, source %q", tab.review != nil, tab.source.Text)
	}
	for _, e := range tab.events {
		if e.Case == "OP-2" {
			t.Fatalf("the local log lists the other workstation's event %d", e.Seq)
		}
	}
}

// TestAppSyncOffline: a store that does not answer leaves the app working
// and says that nothing is lost.
func TestAppSyncOffline(t *testing.T) {
	u, _ := newTestUI(t, Options{Central: "host=127.0.0.1 port=1 user=nobody dbname=sightline connect_timeout=5"}, withOfficerAndCase(t, "OP-1"))
	if err := waitSynced(t, u); err == nil {
		t.Fatal("a sync to a closed port succeeded")
	}
	var status string
	u.do(func() { status = u.sync.status.Text })
	if !strings.Contains(status, "not reached") || !strings.Contains(status, "Nothing is lost") {
		t.Errorf("footer says %q", status)
	}
}
