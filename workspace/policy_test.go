package workspace

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit/ripa"
)

func TestPolicyChangesAreSavedAndAudited(t *testing.T) {
	d := newDesk(t)
	if p := must(d.ws.Policy()); p != ripa.DefaultPolicy() {
		t.Errorf("no policy file: %+v, want the defaults", p)
	}
	p := ripa.DefaultPolicy()
	p.Window, p.AskAtEpisode = 14*24*time.Hour, 4
	d.clock.set(day(1, 9, 0))
	changes := must(d.ws.SetPolicy(d.ctx, p))
	if strings.Join(changes, "; ") != "window: 28d -> 14d; ask_at_episode: 3 -> 4" {
		t.Errorf("changes %q", changes)
	}
	if got := must(ripa.LoadPolicy(d.ws.PolicyPath())); got != p {
		t.Errorf("file holds %+v", got)
	}
	if again := must(d.ws.SetPolicy(d.ctx, p)); len(again) != 0 {
		t.Errorf("setting the same policy changed %q", again)
	}
	bad := p
	bad.WarnAtEpisode = 5
	if _, err := d.ws.SetPolicy(d.ctx, bad); err == nil || !strings.Contains(err.Error(), "ask_at_episode (4) must not be below warn_at_episode (5)") {
		t.Errorf("invalid policy: %v", err)
	}
	d.events("Mon 09:00 settings.change  window: 28d -> 14d; ask_at_episode: 3 -> 4")

	// The rules follow the file: with ask at 4, the 3rd episode warns.
	d.view(day(1, 10, 0), "https://x.com/jsmith", `allow ep1 linked="" unresolved=0`)
	d.view(day(2, 10, 0), "https://x.com/jsmith", `warn ep2 linked="" unresolved=0`)
	d.view(day(3, 10, 0), "https://x.com/jsmith", `warn ep3 linked="" unresolved=0`)
	if err := os.WriteFile(d.ws.PolicyPath(), []byte("version = 1\nwindow = \"1x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ws.Check(d.ctx, "OP-KESTREL-24", "https://x.com/jsmith"); err == nil || !strings.Contains(err.Error(), "window") {
		t.Errorf("check under a broken policy file: %v", err)
	}
}

func TestPolicyChangeNeedsAnOfficer(t *testing.T) {
	ws := openTest(t)
	p := ripa.DefaultPolicy()
	p.AskAtEpisode = 5
	if _, err := ws.SetPolicy(t.Context(), p); !errors.Is(err, ErrNoOfficer) {
		t.Errorf("policy change with no officer: %v", err)
	}
	if _, err := os.Stat(ws.PolicyPath()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("policy file written by a refused change: %v", err)
	}
}
