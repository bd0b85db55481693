package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// diskWorkspace is caseWorkspace on a small disk of its own, with its key
// made.
func diskWorkspace(t *testing.T) (*Workspace, string) {
	t.Helper()
	t.Setenv("SIGHTLINE_KEYRING", "file")
	disk := testenv.SmallDisk(t, "24m")
	ctx := context.Background()
	ws, err := Open(ctx, filepath.Join(disk, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	if _, err := ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.NewCase(ctx, Case{Ref: "OP-1", Title: "Test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Key(); err != nil {
		t.Fatal(err)
	}
	return ws, disk
}

// TestFullDisk: a capture, a view and an export on a disk that fills fail
// with a StorageError naming the full disk, leave no partial bundle or
// pack and no event, and each works once the space is freed.
func TestFullDisk(t *testing.T) {
	ws, disk := diskWorkspace(t)
	ctx := context.Background()
	if _, err := ws.Capture(ctx, testSite.b, CaptureRequest{Case: "OP-1", URL: testSite.plain.URL + "/plain.html"}, nil); err != nil {
		t.Fatal(err) // something to export
	}
	before := len(events(t, ws, audit.Filter{}))
	wantFull := func(what string, err error) {
		t.Helper()
		var se *StorageError
		if !errors.As(err, &se) || !errors.Is(err, ErrDiskFull) {
			t.Fatalf("%s on a full disk: %v (%T), want a StorageError for a full disk", what, err, err)
		}
		t.Logf("%s: %v", what, err)
	}
	free := testenv.Fill(t, disk, 64<<10)
	_, err := ws.Capture(ctx, testSite.b, CaptureRequest{Case: "OP-1", URL: testSite.plain.URL + "/plain.html"}, nil)
	wantFull("capture", err)
	_, err = ws.Export(ctx, ExportRequest{Case: "OP-1"}, nil)
	wantFull("export", err)
	free()
	// An export to another disk, full: the copy there fails before the
	// export is recorded.
	other := testenv.SmallDisk(t, "1m")
	freeOther := testenv.Fill(t, other, 0)
	_, err = ws.Export(ctx, ExportRequest{Case: "OP-1", Output: filepath.Join(other, "pack.zip")}, nil)
	if !errors.Is(err, ErrDiskFull) {
		t.Errorf("export to a full removable disk: %v, want a full disk", err)
	}
	freeOther()
	// The view's transaction, with the disk full to the last page.
	free = testenv.Fill(t, disk, 0)
	_, err = ws.RecordView(ctx, "OP-1", testSite.plain.URL+"/plain.html", "")
	wantFull("view", err)
	free()

	if n := len(events(t, ws, audit.Filter{})); n != before {
		t.Errorf("%d events were recorded for actions that failed", n-before)
	}
	if caps, _ := ws.Captures(ctx, "OP-1"); len(caps) != 1 {
		t.Errorf("%d captures recorded, want the 1 before the disk filled", len(caps))
	}
	if left := leftInTmp(t, ws); len(left) != 0 {
		t.Errorf("tmp/ holds %q", left)
	}
	if entries, _ := os.ReadDir(filepath.Join(ws.Dir(), "exports")); len(entries) != 0 {
		t.Errorf("exports/ holds %d files after a failed export", len(entries))
	}

	if _, err := ws.Capture(ctx, testSite.b, CaptureRequest{Case: "OP-1", URL: testSite.plain.URL + "/plain.html"}, nil); err != nil {
		t.Errorf("capture once space is freed: %v", err)
	}
	if _, err := ws.RecordView(ctx, "OP-1", testSite.plain.URL+"/plain.html", ""); err != nil {
		t.Errorf("view once space is freed: %v", err)
	}
	if _, err := ws.Export(ctx, ExportRequest{Case: "OP-1"}, nil); err != nil {
		t.Errorf("export once space is freed: %v", err)
	}
	if _, err := ws.Export(ctx, ExportRequest{Case: "OP-1", Output: filepath.Join(other, "pack.zip")}, nil); err != nil {
		t.Errorf("export to the other disk once space is freed: %v", err)
	}
	if rep, err := ws.VerifyAudit(ctx); err != nil || !rep.OK() {
		t.Errorf("audit verify: %+v %v", rep, err)
	}
}

// TestReadOnlyWorkspace: a workspace on a read-only file system does not
// open, with a StorageError that says so, and opens again, whole, once the
// file system is writable.
func TestReadOnlyWorkspace(t *testing.T) {
	ws, disk := diskWorkspace(t)
	ctx := context.Background()
	dir := ws.Dir()
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	testenv.Remount(t, disk, "ro")
	_, err := Open(ctx, dir)
	var se *StorageError
	if !errors.As(err, &se) || !errors.Is(err, ErrReadOnly) {
		t.Fatalf("open on a read-only file system: %v (%T), want a StorageError for a read-only workspace", err, err)
	}
	t.Logf("open: %v", err)
	testenv.Remount(t, disk, "rw")
	again, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if rep, err := again.VerifyAudit(ctx); err != nil || !rep.OK() {
		t.Errorf("audit verify: %+v %v", rep, err)
	}
}
