package app

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
)

// TestResearchBrowserViewRecordsIdentity: each view in the research
// browser records the persona's network identity in its event, the second
// reusing the egress address the first measured, and saying when.
func TestResearchBrowserViewRecordsIdentity(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	site := newResearchSite(t)
	var echoes atomic.Int32
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r) // the favicon
			return
		}
		echoes.Add(1)
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		io.WriteString(w, host) //nolint:errcheck // the test reads what arrived
	}))
	t.Cleanup(echo.Close)
	ctx := t.Context()
	ws, err := workspace.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	withOfficerAndCase(t, "OP-1")(ctx, ws)
	n := workspace.Network{UserAgent: "SightlineTest/4.0 (research browser)", Language: "cy", Timezone: "Europe/London", EchoURL: echo.URL}
	if err := ws.SetPersonaNetwork(ctx, workspace.DefaultPersona, n); err != nil {
		t.Fatal(err)
	}
	u := New(ctx, test.NewTempApp(t), ws, Options{})
	t.Cleanup(func() { u.Close() })
	act(u, func() { u.Window().Resize(fyne.NewSize(1120, 860)) })
	waitIdle(t, u, captureTimeout)

	views := func() []audit.Event {
		evs, err := ws.AuditEvents(ctx, audit.Filter{Action: "view"})
		if err != nil {
			t.Fatal(err)
		}
		return evs
	}
	goHome(t, u, site)
	eventually(t, u, "the home page's view", func() bool { return len(views()) == 1 })
	clickPage(t, u, targetX, linkY)
	eventually(t, u, "the post's view", func() bool { return len(views()) == 2 })

	var measured []string
	for _, ev := range views() {
		var d struct {
			Network *capture.NetworkIdentity `json:"network"`
		}
		if err := json.Unmarshal(ev.Detail, &d); err != nil {
			t.Fatal(err)
		}
		id := d.Network
		if id == nil || id.Persona != workspace.DefaultPersona || id.UserAgent != n.UserAgent || id.Language != "cy" ||
			id.Timezone != n.Timezone || id.EgressIP != "127.0.0.1" || id.EgressSource != echo.URL || id.EgressMeasured.IsZero() {
			t.Errorf("view event %s", ev.Detail)
			continue
		}
		measured = append(measured, id.EgressMeasured.String())
	}
	if got := echoes.Load(); got != 1 || len(measured) != 2 || measured[0] != measured[1] {
		t.Errorf("the echo service was asked %d times, measured %v; want once, for both views", got, measured)
	}
}
