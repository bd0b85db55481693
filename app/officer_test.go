package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestChangeOfficer changes the officer through the header's dialog.
func TestChangeOfficer(t *testing.T) {
	u, ws := newTestUI(t, Options{}, withOfficerAndCase(t, ""))
	w := u.Window()
	test.Tap(u.officerBar.change)
	d := dialogShown(w)
	if d == nil {
		t.Fatal("Change officer… shows no dialog")
	}
	if got := texts(d); !strings.Contains(got, "Change officer") {
		t.Fatalf("the dialog says:\n%s", got)
	}
	f := u.officerDialog
	if f == nil || f.id.Text != "4127" || f.name.Text != "DC Sam Patel" {
		t.Fatal("the dialog does not start from the current officer")
	}
	f.name.SetText("")
	test.Type(f.name, "PS Alex Moore")
	f.role.SetSelectedIndex(1)
	tapInDialog(t, u, "Save")
	waitIdle(t, u, captureTimeout)
	noDialog(t, w)
	o, err := ws.CurrentOfficer(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "4127" || o.Name != "PS Alex Moore" || o.Role != "case-officer" {
		t.Fatalf("officer = %+v", o)
	}
	if got := u.officerBar.label.Text; !strings.Contains(got, "PS Alex Moore") || !strings.Contains(got, "Case officer") {
		t.Errorf("the header shows %q", got)
	}
}
