package app

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/workspace"
)

// TestCaptureListReadsPagesAsItScrolls lists a case of more captures than
// a page, some captured in the same millisecond, and scrolls to the end:
// each page is read once, the list ends with every capture once, newest
// first, and the heading counts them all from the start.
func TestCaptureListReadsPagesAsItScrolls(t *testing.T) {
	const n = 2*capturePage + 50
	u, ws := newTestUI(t, Options{}, withOfficerAndCase(t, "OP-PAGES"))
	addCaptureRows(t, ws, "OP-PAGES", n)
	u.do(func() {
		u.tabs.SelectIndex(1)
		u.list.show("OP-PAGES")
	})
	var listed int
	var heading string
	u.do(func() { listed, heading = len(u.list.captures), u.list.heading.Text })
	if listed != capturePage || !strings.Contains(heading, fmt.Sprintf("(%d, newest first)", n)) {
		t.Fatalf("first read listed %d (want %d); heading %q", listed, capturePage, heading)
	}
	for range n / capturePage * 2 {
		u.do(func() { u.list.list.ScrollToBottom() })
		waitIdle(t, u, captureTimeout)
	}
	var got []workspace.Capture
	u.do(func() { got = u.list.captures })
	if len(got) != n {
		t.Fatalf("listed %d captures after scrolling to the end, want %d", len(got), n)
	}
	seen := map[string]bool{}
	for i, c := range got {
		if seen[c.ID] {
			t.Fatalf("capture %s listed twice", c.ID)
		}
		seen[c.ID] = true
		if i > 0 && (c.Started.After(got[i-1].Started) || c.Started.Equal(got[i-1].Started) && c.ID > got[i-1].ID) {
			t.Fatalf("row %d (%s %s) is newer than the row above it (%s %s)", i, c.ID, c.Started, got[i-1].ID, got[i-1].Started)
		}
	}
}

// addCaptureRows writes n capture rows of the case straight into the
// workspace's database (officer 4127 of withOfficerAndCase), three to a
// millisecond: the list reads rows, not bundles.
func addCaptureRows(t *testing.T, ws *workspace.Workspace, caseRef string, n int) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(ws.Dir(), "sightline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		at := start.Add(time.Duration(i/3) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
		if _, err := db.ExecContext(context.Background(), `INSERT INTO captures (id, case_ref, officer, url, final_url, title,
			note, persona, bundle, sha256, package_id, incomplete, started, ended)
			VALUES (?, ?, ?, 'https://example.org/', 'https://example.org/', ?, '', 'default', ?, '', '', '', ?, ?)`,
			fmt.Sprintf("C%04d", i), caseRef, "4127", fmt.Sprintf("capture %d", i),
			filepath.Join(t.TempDir(), "missing.wacz"), at, at); err != nil {
			t.Fatal(err)
		}
	}
}
