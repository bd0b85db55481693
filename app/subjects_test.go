package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/sightline-osint/sightline/workspace"
)

// viewedThrice adds subject S1 to case OP-1 and views them three times in
// one episode, plus a friend's profile.
func viewedThrice(t *testing.T) func(context.Context, *workspace.Workspace) {
	return func(ctx context.Context, ws *workspace.Workspace) {
		t.Helper()
		withOfficerAndCase(t, "OP-1")(ctx, ws)
		if _, err := ws.AddSubject(ctx, "OP-1", "J Smith", []string{"x:@jsmith"}); err != nil {
			t.Fatal(err)
		}
		for _, url := range []string{"https://x.com/jsmith", "https://x.com/jsmith/status/1", "https://x.com/jsmith/status/2", "https://x.com/friendofjs"} {
			if _, err := ws.RecordView(ctx, "OP-1", url, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestSubjectsTabShowsViewingHistory(t *testing.T) {
	u, _ := newTestUI(t, Options{}, viewedThrice(t))
	tab := u.newSubjectsTab()
	w := test.NewTempWindow(t, tab.object())
	tab.show("OP-1")
	if got := texts(w.Content()); !strings.Contains(got, "Subjects of OP-1 (1)") || !strings.Contains(got, "S1  J Smith") {
		t.Fatalf("tab shows:\n%s", got)
	}
	tab.list.Select(0)
	noDialog(t, u.Window())
	page := tab.detail.Text
	for _, want := range []string{"S1  J Smith  (case OP-1", "x:@jsmith  (x:@jsmith)", "Viewing: 3 views in 1 episodes, 1 in the policy window",
		"Collateral intrusion: 1 third-party profiles: x:@friendofjs", "Audit events (4):", "subject.add", "view https://x.com/jsmith/status/2"} {
		if !strings.Contains(page, want) {
			t.Errorf("subject page lacks %q:\n%s", want, page)
		}
	}
	tab.show("")
	if tab.list.Length() != 0 {
		t.Error("subjects listed with no case chosen")
	}
}
