package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sightline-osint/sightline/workspace"
)

// viewedOnDays views S1 of viewedThrice again on three later days, through
// a second Workspace on the same directory with its own clock, as a CLI
// process beside the app would.
func viewedOnDays(t *testing.T) func(context.Context, *workspace.Workspace) {
	return func(ctx context.Context, ws *workspace.Workspace) {
		t.Helper()
		viewedThrice(t)(ctx, ws)
		day := time.Now().UTC().Add(24 * time.Hour)
		cli, err := workspace.Open(ctx, ws.Dir(), workspace.WithClock(func() time.Time { return day }))
		if err != nil {
			t.Fatal(err)
		}
		defer cli.Close()
		for range 3 {
			if _, err := cli.RecordView(ctx, "OP-1", "https://x.com/jsmith", ""); err != nil {
				t.Fatal(err)
			}
			day = day.Add(24 * time.Hour)
		}
	}
}

func TestAuditTabFiltersVerifiesAndFlags(t *testing.T) {
	u, _ := newTestUI(t, Options{}, viewedOnDays(t))
	tab := u.newAuditTab()
	test.NewTempWindow(t, tab.object())
	tab.show("OP-1")
	if tab.list.Length() != 9 || !strings.Contains(eventLine(tab.events[8]), "view  [S1]  https://x.com/jsmith") {
		t.Fatalf("%d events listed; last %q", tab.list.Length(), eventLine(tab.events[len(tab.events)-1]))
	}
	for _, want := range []string{"unauthorised-repeat  S1 J Smith  3rd viewing episode", "collateral-intrusion  S1 J Smith"} {
		if !strings.Contains(tab.flags.Text, want) {
			t.Errorf("flags lack %q:\n%s", want, tab.flags.Text)
		}
	}
	test.Type(tab.action, "subject.add")
	test.Tap(button(tab.object(), "Apply filters"))
	if tab.list.Length() != 1 {
		t.Errorf("action filter listed %d events", tab.list.Length())
	}
	tab.to.SetText("yesterday")
	test.Tap(button(tab.object(), "Apply filters"))
	tapInDialog(t, u.Window(), "OK")

	test.Tap(tab.verify)
	waitIdle(t, u, captureTimeout)
	if !strings.HasPrefix(tab.chain.Text, "✓ intact: 10 events") {
		t.Errorf("chain status %q", tab.chain.Text)
	}
}
