package workspace

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// assertPrivate walks the workspace (browser profiles aside: Chromium
// writes them) and fails on a directory that is not 0700 or a file that
// group or others may read.
func assertPrivate(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.IsDir() && rel == "profiles":
			return filepath.SkipDir
		case d.IsDir() && info.Mode().Perm() != privateDir:
			t.Errorf("directory %s has mode %04o, want %04o", rel, info.Mode().Perm(), privateDir)
		case !d.IsDir() && info.Mode().Perm()&0o077 != 0:
			t.Errorf("file %s has mode %04o: others may read it", rel, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWorkspaceIsPrivateToItsOwner(t *testing.T) {
	ws := exportWorkspace(t)
	ctx := context.Background()
	c := fakeCapture(t, ws, "https://example.org/post/1", captureFiles(t, "https://example.org/post/1"))
	res, err := ws.Export(ctx, ExportRequest{Case: "OP-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	assertPrivate(t, ws.Dir())
	for path, want := range map[string]fs.FileMode{
		filepath.Join(ws.Dir(), dbName): privateFile, filepath.Join(ws.Dir(), dbName+"-wal"): privateFile,
		c.Bundle: sealedFile, res.Path: sealedFile,
	} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v, %v; want mode %04o", filepath.Base(path), st.Mode(), err, want)
		}
	}

	// A workspace left readable by an earlier version or a loose umask is
	// made private when it is opened.
	dir := ws.Dir()
	ws.Close()
	for _, p := range []string{dir, filepath.Join(dir, "bundles"), filepath.Join(dir, dbName)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ws, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	assertPrivate(t, dir)
}

func TestOpenRefusesAWorkspaceOwnedByAnotherUser(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "theirs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(dir, 65534, 65534); err != nil { // nobody
			t.Fatal(err)
		}
	} else {
		dir = "/" // root's, and never a workspace
	}
	_, err := Open(context.Background(), dir)
	if !errors.Is(err, ErrNotOwner) || !strings.Contains(err.Error(), "owned by uid") {
		t.Fatalf("open another user's workspace: %v, want ErrNotOwner naming the owner", err)
	}
	if entries, _ := os.ReadDir(dir); dir != "/" && len(entries) != 0 {
		t.Errorf("refused open still created %d entries", len(entries))
	}
}

func TestExportHoldsNothingOfAnotherCase(t *testing.T) {
	ws := exportWorkspace(t)
	ctx := context.Background()
	if _, err := ws.NewCase(ctx, Case{Ref: "OP-2", Title: "Operation Kestrel", Classification: "SECRET"}); err != nil {
		t.Fatal(err)
	}
	// Both cases hold the same person, each under its own name for them.
	if _, err := ws.AddSubject(ctx, "OP-1", "Jo Bloggs", []string{"https://x.com/jbloggs"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddSubject(ctx, "OP-2", "Kestrel Target K1", []string{"https://twitter.com/JBloggs"}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct{ caseRef, url string }{
		{"OP-1", "https://x.com/jbloggs"}, {"OP-2", "https://x.com/jbloggs/status/2"}, {"OP-2", "https://kestrel.example/hideout"},
	} {
		if _, err := ws.RecordView(ctx, v.caseRef, v.url, DefaultPersona); err != nil {
			t.Fatal(err)
		}
	}
	fakeCapture(t, ws, "https://x.com/jbloggs", captureFiles(t, "https://x.com/jbloggs"))
	fakeCaseCapture(t, ws, "OP-2", "https://kestrel.example/hideout", captureFiles(t, "https://kestrel.example/hideout"))
	// A deconfliction notice tells OP-1 that a case elsewhere holds the
	// subject; it is intelligence for the officer, not evidence for court.
	d := Deconfliction{Case: "OP-1", Key: "x.com/jbloggs", Workstation: "ws-kestrel", OtherCase: "OP-KESTREL-9",
		Officer: "DS Kestrel Handler", Since: ws.Now().Add(-time.Hour)}
	if err := ws.act(ctx, need{}, func(t *tx) ([]audit.Event, error) { return recordDeconfliction(ctx, t, d) }); err != nil {
		t.Fatal(err)
	}

	res, err := ws.Export(ctx, ExportRequest{Case: "OP-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	verifyPack(t, res.Path)
	texts := packTexts(t, res.Path)
	for _, secret := range []string{"OP-2", "Kestrel", "kestrel", "status/2", "ws-kestrel", "SECRET"} {
		for name, text := range texts {
			if strings.Contains(text, secret) {
				t.Errorf("the pack of OP-1 holds %q of another case in %s", secret, name)
			}
		}
	}
	if !strings.Contains(texts["report.pdf"], "x.com/jbloggs") {
		t.Error("the report does not name the exported capture's URL; the check above would pass vacuously")
	}
}

// packTexts reads every entry of the pack at path, nested bundles
// included, as text (the report through pdftotext).
func packTexts(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	var read func(prefix string, r *zip.Reader)
	read = func(prefix string, r *zip.Reader) {
		for _, f := range r.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			name := prefix + f.Name
			switch {
			case strings.HasSuffix(f.Name, ".wacz") || strings.HasSuffix(f.Name, ".zip"):
				zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
				if err != nil {
					t.Fatal(err)
				}
				read(name+"!", zr)
			case strings.HasSuffix(f.Name, ".pdf"):
				cmd := exec.Command(testenv.Command(t, "pdftotext"), "-", "-")
				cmd.Stdin = bytes.NewReader(b)
				text, err := cmd.Output()
				if err != nil {
					t.Fatalf("pdftotext %s: %v", name, err)
				}
				out[name] = string(text)
			default:
				out[name] = string(b)
			}
		}
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read("", &zr.Reader)
	return out
}
