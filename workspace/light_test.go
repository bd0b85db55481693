package workspace

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/evidence/bundle"
)

// TestLightRecords keeps a page viewed in a live tab as a light record,
// promotes it to a sealed capture, and refuses to promote one whose files
// changed.
func TestLightRecords(t *testing.T) {
	ws := caseWorkspace(t)
	ctx := context.Background()
	if on, err := ws.AutoCapture(ctx, "OP-1"); err != nil || on {
		t.Fatalf("auto-capture on a new case: %v, %v; want off", on, err)
	}
	if err := ws.SetAutoCapture(ctx, "OP-1", true); err != nil {
		t.Fatal(err)
	}
	if on, err := ws.AutoCapture(ctx, "OP-1"); err != nil || !on {
		t.Fatalf("auto-capture after turning it on: %v, %v", on, err)
	}
	if evs := events(t, ws, audit.Filter{Action: "case.auto_capture"}); len(evs) != 1 || !strings.Contains(string(evs[0].Detail), `"on":true`) {
		t.Errorf("auto-capture audit: %+v", evs)
	}

	viewed := make(chan capture.View, 1)
	tab, err := testSite.b.OpenTab(ctx, 1000, 700, capture.TabHandlers{Viewed: func(v capture.View) { viewed <- v }})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if err := tab.Navigate(ctx, testSite.plain.URL+"/plain.html"); err != nil {
		t.Fatal(err)
	}
	<-viewed
	l, err := tab.Light(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ws.KeepLight(ctx, "OP-1", "", l)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("light record %s of %s: %d bytes (viewport PNG %d, DOM %d)", r.ID, r.URL, r.Bytes, len(l.Viewport), len(l.DOM))
	for _, name := range []string{lightViewport, lightDOM, lightMeta} {
		if st, err := os.Stat(filepath.Join(r.Dir, name)); err != nil || st.Mode().Perm() != sealedFile {
			t.Errorf("%s: %v, %v; want read-only", name, st, err)
		}
	}
	if list, err := ws.LightRecords(ctx, "OP-1"); err != nil || len(list) != 1 || list[0] != r {
		t.Fatalf("light records: %+v, %v; want %+v", list, err, r)
	}
	if evs := events(t, ws, audit.Filter{Action: "light.keep"}); len(evs) != 1 || !strings.Contains(string(evs[0].Detail), r.DOM) {
		t.Errorf("light.keep audit: %+v", evs)
	}

	c, err := ws.PromoteLight(ctx, r.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := bundle.Verify(ctx, c.Bundle); err != nil || !rep.OK() {
		t.Fatalf("verify the promoted capture: %v %+v", err, rep.Failed())
	}
	if !strings.Contains(c.Incomplete, "light record "+r.ID) || c.URL != r.URL {
		t.Errorf("promoted capture %+v", c)
	}
	if got := string(readEntry(t, c.Bundle, bundle.DOMName)); got != l.DOM {
		t.Errorf("the promoted capture's DOM differs from the light record's")
	}

	dom := filepath.Join(r.Dir, lightDOM)
	if err := os.Chmod(dom, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dom, []byte("<html>altered</html>"), 0o444); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.PromoteLight(ctx, r.ID, "", nil); err == nil || !strings.Contains(err.Error(), "has changed") {
		t.Errorf("promoting an altered light record: %v", err)
	}
}
