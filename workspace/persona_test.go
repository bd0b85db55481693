package workspace

import (
	"context"
	"errors"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
)

func TestPersonas(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t, WithClock(fixedClock()))
	if _, err := ws.AddPersona(ctx, Persona{Name: "overt-1"}); !errors.Is(err, ErrNoOfficer) {
		t.Fatalf("add persona with no officer: %v", err)
	}
	if _, err := ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	p, err := ws.AddPersona(ctx, Persona{Name: " Overt-1 ", Note: "force account"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "overt-1" || p.Officer != "4127" || p.Profile != ws.ProfileDir("overt-1") {
		t.Errorf("added persona %+v", p)
	}
	if _, err := ws.AddPersona(ctx, Persona{Name: "overt-1"}); !errors.Is(err, ErrPersonaExists) {
		t.Errorf("adding a persona twice: %v", err)
	}
	for _, bad := range []string{"", "../x", "a/b", "with space"} {
		if _, err := ws.AddPersona(ctx, Persona{Name: bad}); err == nil {
			t.Errorf("persona name %q accepted", bad)
		}
	}
	ps, err := ws.Personas(ctx)
	if err != nil || len(ps) != 2 || ps[0].Name != DefaultPersona || ps[1].Name != "overt-1" {
		t.Fatalf("personas %+v (%v), want default then overt-1", ps, err)
	}
	if _, err := ws.StartBrowser(ctx, "nobody", capture.Options{}); !errors.Is(err, ErrPersonaNotFound) {
		t.Errorf("browser for an unknown persona: %v", err)
	}
	evs := events(t, ws, audit.Filter{Action: "persona.add"})
	if len(evs) != 1 || evs[0].Officer != "4127" || string(evs[0].Detail) != `{"note":"force account","persona":"overt-1"}` {
		t.Errorf("persona.add events %+v", evs)
	}
}
