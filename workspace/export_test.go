package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/evidence/pack"
)

// captureFiles are the evidence files of a capture that meets the
// Berkeley minimum, less those named in drop.
func captureFiles(t *testing.T, url string, drop ...string) []bundle.File {
	t.Helper()
	var shot bytes.Buffer
	if err := png.Encode(&shot, image.NewGray(image.Rect(0, 0, 40, 90))); err != nil {
		t.Fatal(err)
	}
	all := []bundle.File{
		{Path: "evidence/metadata.json", Data: []byte(`{"page":{"start":"2026-11-23T09:00:01.000Z","end":"2026-11-23T09:00:02.000Z"}}`)},
		{Path: "evidence/screenshot.png", Data: shot.Bytes()},
		{Path: "evidence/dom.html", Data: []byte("<p>" + url + "</p>")},
	}
	var files []bundle.File
	for _, f := range all {
		if !strings.Contains(strings.Join(drop, " "), f.Path) {
			files = append(files, f)
		}
	}
	return files
}

// fakeCapture seals files as a bundle of case OP-1 and records it as
// Capture does, without a browser.
func fakeCapture(t *testing.T, ws *Workspace, url string, files []bundle.File) Capture {
	t.Helper()
	return fakeCaseCapture(t, ws, "OP-1", url, files)
}

// fakeCaseCapture is fakeCapture into the case caseRef.
func fakeCaseCapture(t *testing.T, ws *Workspace, caseRef, url string, files []bundle.File) Capture {
	t.Helper()
	ctx := context.Background()
	key, err := ws.Key()
	if err != nil {
		t.Fatal(err)
	}
	now := ws.Now()
	c := Capture{
		ID: newCaptureID(now), Case: caseRef, Officer: "4127", URL: url, FinalURL: url, Title: "Page",
		Persona: DefaultPersona, Started: now, Ended: now,
	}
	c.Bundle = filepath.Join(ws.Dir(), "bundles", caseRef, c.ID+".wacz")
	meta := bundle.Meta{Title: "Page", MainPageURL: url, MainPageDate: now, Created: now, Software: "Sightline test"}
	if c.PackageID, err = bundle.Seal(ctx, ws.scratch.dir, c.Bundle, files, meta, key); err != nil {
		t.Fatal(err)
	}
	if c.SHA256, err = fileSHA256(c.Bundle); err != nil {
		t.Fatal(err)
	}
	if err := ws.record(ctx, c, "", nil); err != nil {
		t.Fatal(err)
	}
	return c
}

// exportWorkspace is caseWorkspace on a clock that steps a second per
// reading, so fake captures sort in the order they were made.
func exportWorkspace(t *testing.T) *Workspace {
	t.Helper()
	t.Setenv("SIGHTLINE_KEYRING", "file")
	ws := openTest(t, WithClock(fixedClock()))
	if _, err := ws.SetOfficer(context.Background(), Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.NewCase(context.Background(), Case{Ref: "OP-1", Title: "Test", Classification: "OFFICIAL-SENSITIVE"}); err != nil {
		t.Fatal(err)
	}
	return ws
}

// verifyPack checks the pack at path with pack.Verify.
func verifyPack(t *testing.T, path string) pack.Report {
	t.Helper()
	rep, err := pack.Verify(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		for _, c := range rep.Failed() {
			t.Errorf("✗ %s %s: %v", c.Name, c.Path(), c.Err)
		}
		t.Fatal("exported pack does not verify")
	}
	return rep
}

// assertNoPartials checks that no partial or staged pack was left.
func assertNoPartials(t *testing.T, ws *Workspace, dirs ...string) {
	t.Helper()
	for _, dir := range append(dirs, filepath.Join(ws.Dir(), "tmp"), filepath.Join(ws.Dir(), "exports")) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), "partial") {
				t.Errorf("%s left in %s", e.Name(), dir)
			}
		}
	}
}

func TestExportWritesAVerifiedPackOfARealCapture(t *testing.T) {
	ws := caseWorkspace(t)
	ctx := context.Background()
	real, err := ws.Capture(ctx, testSite.b, CaptureRequest{Case: "OP-1", URL: testSite.plain.URL + "/plain.html", Note: "notice"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fake := fakeCapture(t, ws, "https://example.org/post/1", captureFiles(t, "https://example.org/post/1"))
	res, err := ws.Export(ctx, ExportRequest{Case: "OP-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(res.Path) != filepath.Join(ws.Dir(), "exports") || !strings.HasPrefix(filepath.Base(res.Path), "OP-1-") {
		t.Errorf("pack path %s, want exports/OP-1-<date>.zip", res.Path)
	}
	if sum, _ := fileSHA256(res.Path); sum != res.SHA256 {
		t.Errorf("pack SHA-256 %s, result says %s", sum, res.SHA256)
	}
	rep := verifyPack(t, res.Path)
	if rep.ID != res.PackID || len(rep.Manifest.Exhibits) != 2 || rep.Manifest.Classification != "OFFICIAL" {
		t.Errorf("manifest %+v, pack id %s want %s", rep.Manifest, rep.ID, res.PackID)
	}
	for i, c := range []Capture{real, fake} {
		e := res.Exhibits[i]
		if e.Ref != pack.Ref("SP", i+1) || e.CaptureID != c.ID || e.SHA256 != c.SHA256 || e.PackageID != c.PackageID {
			t.Errorf("exhibit %d = %+v, want SP/%d of %s", i, e, i+1, c.ID)
		}
	}
	exports := events(t, ws, audit.Filter{Action: "export"})
	if len(exports) != 1 || !strings.Contains(string(exports[0].Detail), res.SHA256) || exports[0].Case != "OP-1" {
		t.Fatalf("export events %+v, want one naming the pack's SHA-256", exports)
	}
	assertNoPartials(t, ws)
	if _, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Output: res.Path}, nil); !errors.Is(err, fs.ErrExist) {
		t.Errorf("export over an existing pack: %v, want fs.ErrExist", err)
	}
}

func TestExportRefusesCapturesWithoutTheBerkeleyMinimum(t *testing.T) {
	ws := exportWorkspace(t)
	ctx := context.Background()
	fakeCapture(t, ws, "https://example.org/ok", captureFiles(t, "https://example.org/ok"))
	noDOM := fakeCapture(t, ws, "https://example.org/a", captureFiles(t, "https://example.org/a", "evidence/dom.html"))
	noDate := fakeCapture(t, ws, "https://example.org/b", captureFiles(t, "https://example.org/b", "evidence/metadata.json", "evidence/screenshot.png"))
	out := filepath.Join(t.TempDir(), "pack.zip")

	_, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Output: out}, nil)
	var be *BerkeleyError
	if !errors.As(err, &be) || len(be.Gaps) != 2 {
		t.Fatalf("export: %v, want a BerkeleyError naming two captures", err)
	}
	if be.Gaps[0].Capture != noDOM.ID || !strings.Contains(strings.Join(be.Gaps[0].Missing, ","), "HTML source") {
		t.Errorf("gap %+v, want %s lacking its HTML source", be.Gaps[0], noDOM.ID)
	}
	if g := strings.Join(be.Gaps[1].Missing, ","); be.Gaps[1].Capture != noDate.ID || !strings.Contains(g, "screenshot") || !strings.Contains(g, "date") {
		t.Errorf("gap %+v, want %s lacking its screenshot and its date", be.Gaps[1], noDate.ID)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) || len(events(t, ws, audit.Filter{Action: "export"})) != 0 {
		t.Fatalf("a refused export left a pack (%v) or an event", err)
	}
	if _, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Output: out, OverrideBerkeley: true}, nil); err == nil {
		t.Fatal("override without a reason accepted")
	}

	res, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Output: out, ExhibitPrefix: "KP", OverrideBerkeley: true,
		OverrideReason: "the page was taken down; this is all that was preserved"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	verifyPack(t, out)
	if len(res.Overridden) != 2 || res.Exhibits[2].Ref != "KP/3" {
		t.Errorf("result %+v, want two overridden captures and refs KP/n", res)
	}
	ev := events(t, ws, audit.Filter{Action: "export"})
	var d struct {
		Override struct {
			Reason   string        `json:"reason"`
			Captures []BerkeleyGap `json:"captures"`
		} `json:"berkeley_override"`
	}
	if len(ev) != 1 || json.Unmarshal(ev[0].Detail, &d) != nil || d.Override.Reason == "" ||
		len(d.Override.Captures) != 2 || d.Override.Captures[1].Capture != noDate.ID {
		t.Errorf("export event %s does not record the override", ev[0].Detail)
	}
}

func TestWithdrawnCaptureKeepsItsBundleAndIsExportedOnlyByName(t *testing.T) {
	ws := exportWorkspace(t)
	ctx := context.Background()
	keep := fakeCapture(t, ws, "https://example.org/keep", captureFiles(t, "https://example.org/keep"))
	gone := fakeCapture(t, ws, "https://example.org/gone", captureFiles(t, "https://example.org/gone"))
	if err := ws.Withdraw(ctx, gone.ID, "  "); err == nil {
		t.Fatal("withdrawal without a reason accepted")
	}
	if err := ws.Withdraw(ctx, gone.ID, "captured under the wrong case"); err != nil {
		t.Fatal(err)
	}
	if err := ws.Withdraw(ctx, gone.ID, "again"); !errors.Is(err, ErrCaptureWithdrawn) {
		t.Errorf("second withdrawal: %v, want ErrCaptureWithdrawn", err)
	}
	if err := ws.Withdraw(ctx, "nope", "x"); !errors.Is(err, ErrCaptureNotFound) {
		t.Errorf("withdraw unknown capture: %v", err)
	}
	if wd, err := ws.Withdrawal(ctx, gone.ID); err != nil || wd.Reason != "captured under the wrong case" || wd.At.IsZero() {
		t.Errorf("withdrawal %+v %v", wd, err)
	}
	if rep, err := bundle.Verify(ctx, gone.Bundle); err != nil || !rep.OK() {
		t.Errorf("the withdrawn capture's bundle is gone or changed: %v", err)
	}
	ev := events(t, ws, audit.Filter{Action: "capture.withdraw"})
	if len(ev) != 1 || !strings.Contains(string(ev[0].Detail), "wrong case") || ev[0].Case != "OP-1" {
		t.Errorf("withdraw events %+v", ev)
	}

	all, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Output: filepath.Join(t.TempDir(), "all.zip")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Exhibits) != 1 || all.Exhibits[0].CaptureID != keep.ID {
		t.Errorf("export of all: %+v, want only %s", all.Exhibits, keep.ID)
	}
	named, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Captures: []string{gone.ID, keep.ID},
		Output: filepath.Join(t.TempDir(), "named.zip")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := verifyPack(t, named.Path)
	m := rep.Manifest.Exhibits
	if len(m) != 2 || m[0].CaptureID != gone.ID || !m[0].Withdrawn || m[0].WithdrawnReason != "captured under the wrong case" || m[1].Withdrawn {
		t.Errorf("manifest exhibits %+v, want %s first and marked withdrawn", m, gone.ID)
	}
}

func TestExportLeavesNothingWhenTheEventCannotCommit(t *testing.T) {
	ws := exportWorkspace(t)
	ctx := context.Background()
	fakeCapture(t, ws, "https://example.org/x", captureFiles(t, "https://example.org/x"))
	_, err := ws.writer.ExecContext(ctx, `CREATE TEMP TRIGGER refuse_export BEFORE INSERT ON audit_events
		WHEN NEW.action = 'export' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "pack.zip")
	if _, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Output: out}, nil); err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("export with a failing event: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed export left %d files beside its output", len(entries))
	}
	assertNoPartials(t, ws)
}

func TestExportRefusesBadRequests(t *testing.T) {
	ws := exportWorkspace(t)
	ctx := context.Background()
	if _, err := ws.Export(ctx, ExportRequest{Case: "OP-1"}, nil); !errors.Is(err, ErrNothingToExport) {
		t.Errorf("export of an empty case: %v", err)
	}
	c := fakeCapture(t, ws, "https://example.org/x", captureFiles(t, "https://example.org/x"))
	for name, req := range map[string]ExportRequest{
		"unknown case":   {Case: "NOPE"},
		"unknown":        {Case: "OP-1", Captures: []string{"nope"}},
		"twice":          {Case: "OP-1", Captures: []string{c.ID, c.ID}},
		"bad prefix":     {Case: "OP-1", ExhibitPrefix: "J/S"},
		"override alone": {Case: "OP-1", OverrideBerkeley: true},
	} {
		if _, err := ws.Export(ctx, req, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := ws.NewCase(ctx, Case{Ref: "OP-2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Export(ctx, ExportRequest{Case: "OP-2", Captures: []string{c.ID}}, nil); err == nil {
		t.Error("exported a capture of another case")
	}
}
