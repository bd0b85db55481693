package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestHeaderButtons opens help, settings and the export wizard from the
// header, as a researcher who does not know the shortcuts would.
func TestHeaderButtons(t *testing.T) {
	u, _ := newTestUI(t, Options{}, withOfficerAndCase(t, "OP-HEADER"))
	for _, c := range []struct{ button, want string }{
		{"Help", "Ctrl+Shift+S"},
		{"Settings", "Repeated viewing (RIPA) policy"},
		{"Export…", "OP-HEADER"},
	} {
		b := button(u.Window().Content(), c.button)
		if b == nil {
			t.Fatalf("no %q button in the window", c.button)
		}
		act(u, func() { test.Tap(b) })
		d := dialogShown(u.Window())
		if d == nil || !strings.Contains(texts(d), c.want) {
			var got string
			if d != nil {
				got = texts(d)
			}
			t.Fatalf("%s: want a dialog showing %q, got:\n%s", c.button, c.want, got)
		}
		act(u, func() { u.Window().Canvas().Overlays().Remove(d) })
	}
}
