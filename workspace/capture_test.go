package workspace

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/internal/testenv"
)

// site serves testdata/site and the special pages the tests need.
type site struct {
	plain *httptest.Server
	tls   *httptest.Server
	b     *Browser
}

var testSite site

func TestMain(m *testing.M) {
	os.Exit(runWithSite(m))
}

func runWithSite(m *testing.M) int {
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir("testdata/site")))
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/plain.html", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1500 * time.Millisecond)
		http.ServeFile(w, r, "testdata/site/plain.html")
	})
	mux.HandleFunc("/font.ttf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "font/ttf")
		http.ServeFile(w, r, "../assets/fonts/DejaVuSans.ttf")
	})
	mux.HandleFunc("/img-redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/pixel.png", http.StatusFound)
	})
	mux.HandleFunc("/never.png", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	testSite.plain = httptest.NewServer(mux)
	defer testSite.plain.Close()
	testSite.tls = httptest.NewTLSServer(mux)
	defer testSite.tls.Close()
	spki := sha256.Sum256(testSite.tls.Certificate().RawSubjectPublicKeyInfo)

	profile, err := os.MkdirTemp("", "sightline-profile-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(profile)
	cb, err := capture.Start(context.Background(), capture.Options{
		ProfileDir:     profile,
		IgnoreCertSPKI: []string{base64.StdEncoding.EncodeToString(spki[:])},
	})
	if err != nil {
		panic(err)
	}
	defer cb.Close()
	testSite.b = &Browser{Browser: cb, Persona: DefaultPersona}
	return m.Run()
}

// caseWorkspace is a workspace with an officer and an open case OP-1.
func caseWorkspace(t *testing.T) *Workspace {
	t.Helper()
	t.Setenv("SIGHTLINE_KEYRING", "file")
	ctx := context.Background()
	ws := openTest(t)
	if _, err := ws.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.NewCase(ctx, Case{Ref: "OP-1", Title: "Test"}); err != nil {
		t.Fatal(err)
	}
	return ws
}

func readEntry(t *testing.T, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("bundle %s: %v", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCaptureSealsWhatThePageShowed(t *testing.T) {
	ws := caseWorkspace(t)
	cases := []struct {
		name, url, text, finalPath string
		tall, tls                  bool
	}{
		{"plain", testSite.plain.URL + "/plain.html", "The quick brown fox posted at noon.", "/plain.html", true, false},
		{"redirect", testSite.plain.URL + "/old", "The quick brown fox posted at noon.", "/plain.html", true, false},
		{"https", testSite.tls.URL + "/plain.html", "The quick brown fox posted at noon.", "/plain.html", true, true},
		{"slow", testSite.plain.URL + "/slow", "The quick brown fox posted at noon.", "/slow", true, false},
		{"script", testSite.plain.URL + "/script.html", "Post rendered by JavaScript after load", "/script.html", false, false},
		{"alert", testSite.plain.URL + "/alert.html", "Text after the dialog", "/alert.html", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			c, err := ws.Capture(ctx, testSite.b, CaptureRequest{Case: "OP-1", URL: tc.url, Note: "test " + tc.name}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.Incomplete != "" || !strings.HasSuffix(c.FinalURL, tc.finalPath) {
				t.Fatalf("capture %+v: want complete, final URL ending %s", c, tc.finalPath)
			}
			assertSealed(t, ws, c)
			if dom := readEntry(t, c.Bundle, "evidence/dom.html"); !bytes.Contains(dom, []byte(tc.text)) {
				t.Errorf("dom.html lacks %q", tc.text)
			}
			img, err := png.Decode(bytes.NewReader(readEntry(t, c.Bundle, "evidence/screenshot.png")))
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			if tc.tall && img.Bounds().Dy() <= 800 {
				t.Errorf("full-page screenshot is %d px tall, want more than the 800 px viewport", img.Bounds().Dy())
			}
			var meta bundle.Metadata
			if err := json.Unmarshal(readEntry(t, c.Bundle, "evidence/metadata.json"), &meta); err != nil {
				t.Fatal(err)
			}
			if meta.CaptureID != c.ID || meta.Officer.ID != "4127" || meta.Case != "OP-1" || meta.KeyStore != "file" ||
				meta.Page.Status != 200 || meta.Page.ServerIP == "" || meta.Page.Browser.Product == "" {
				t.Errorf("metadata.json misses facts: %+v", meta)
			}
			if tc.tls && (meta.Page.TLS == nil || len(meta.Page.TLS.Chain) == 0) {
				t.Errorf("https capture has no TLS certificate in its metadata")
			}
		})
	}
}

// assertSealed checks the bundle verifies, is read-only, and that the
// capture's row and its two audit events exist.
func assertSealed(t *testing.T, ws *Workspace, c Capture) {
	t.Helper()
	ctx := context.Background()
	rep, err := bundle.Verify(ctx, c.Bundle)
	if err != nil || !rep.OK() {
		t.Fatalf("verify %s: %v %+v", c.Bundle, err, rep.Failed())
	}
	if rep.ID != c.PackageID {
		t.Errorf("bundle id %s, recorded %s", rep.ID, c.PackageID)
	}
	if st, err := os.Stat(c.Bundle); err != nil || st.Mode().Perm() != sealedFile {
		t.Errorf("bundle mode %v (%v), want read-only", st.Mode(), err)
	}
	if sum, _ := fileSHA256(c.Bundle); sum != c.SHA256 {
		t.Errorf("recorded SHA-256 %s, file has %s", c.SHA256, sum)
	}
	if got, err := ws.CaptureByID(ctx, c.ID); err != nil || got.SHA256 != c.SHA256 {
		t.Errorf("capture row: %+v %v", got, err)
	}
	var actions []string
	for _, e := range events(t, ws, audit.Filter{Case: c.Case}) {
		if strings.Contains(string(e.Detail), c.ID) {
			actions = append(actions, e.Action)
		}
	}
	if strings.Join(actions, ",") != "view,capture" {
		t.Errorf("audit events for %s: %v, want view,capture", c.ID, actions)
	}
}

func TestCaptureFailuresLeaveNothing(t *testing.T) {
	ws := caseWorkspace(t)
	before := len(events(t, ws, audit.Filter{}))
	for _, tc := range []struct {
		url   string
		check func(error) bool
	}{
		{"ftp://example.org/file", func(err error) bool { return errors.Is(err, capture.ErrUnsupportedScheme) }},
		{"not a url", func(err error) bool { return errors.Is(err, capture.ErrUnsupportedScheme) }},
		{"http://does-not-exist.invalid/", func(err error) bool {
			var le *capture.LoadError
			return errors.As(err, &le)
		}},
	} {
		_, err := ws.Capture(context.Background(), testSite.b, CaptureRequest{Case: "OP-1", URL: tc.url}, nil)
		if err == nil || !tc.check(err) {
			t.Errorf("capture %q: %v", tc.url, err)
		}
	}
	_, err := ws.Capture(context.Background(), testSite.b, CaptureRequest{Case: "NOPE", URL: testSite.plain.URL}, nil)
	if !errors.Is(err, ErrCaseNotFound) {
		t.Errorf("capture into an unknown case: %v", err)
	}
	assertEmptyDirs(t, ws)
	if after := len(events(t, ws, audit.Filter{})); after != before {
		t.Errorf("failed captures wrote %d audit events", after-before)
	}
	if caps, _ := ws.Captures(context.Background(), "OP-1"); len(caps) != 0 {
		t.Errorf("failed captures recorded %d rows", len(caps))
	}
}

func assertEmptyDirs(t *testing.T, ws *Workspace) {
	t.Helper()
	if left := leftInTmp(t, ws); len(left) != 0 {
		t.Errorf("tmp/ holds %q after failed captures", left)
	}
	entries, err := os.ReadDir(filepath.Join(ws.Dir(), "bundles", "OP-1"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("bundles/OP-1/ holds %d files after failed captures", len(entries))
	}
}

// leftInTmp lists the files under tmp/ but the locks of the scratch
// directories.
func leftInTmp(t *testing.T, ws *Workspace) []string {
	t.Helper()
	var left []string
	err := filepath.WalkDir(ws.tmpDir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == recoverLock || d.Name() == scratchLock {
			return err
		}
		rel, _ := filepath.Rel(ws.tmpDir(), path)
		left = append(left, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return left
}

func TestCaptureAtDeadlineIsMarkedIncomplete(t *testing.T) {
	ws := caseWorkspace(t)
	c, err := ws.Capture(context.Background(), testSite.b, CaptureRequest{
		Case: "OP-1", URL: testSite.plain.URL + "/hang.html", Deadline: 3 * time.Second,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Incomplete == "" {
		t.Fatal("a page that never finished loading was not marked incomplete")
	}
	assertSealed(t, ws, c)
	if dom := readEntry(t, c.Bundle, "evidence/dom.html"); !bytes.Contains(dom, []byte("Visible before the stall")) {
		t.Error("the incomplete capture lost the text the page showed")
	}
}

func TestCancelledCaptureLeavesNothing(t *testing.T) {
	ws := caseWorkspace(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := ws.Capture(ctx, testSite.b, CaptureRequest{Case: "OP-1", URL: testSite.plain.URL + "/slow"},
		testenv.CancelAt{Name: capture.StageLoad, Cancel: cancel})
	if err == nil {
		t.Fatal("a capture cancelled mid-load succeeded")
	}
	assertEmptyDirs(t, ws)
	if evs := events(t, ws, audit.Filter{Action: "capture"}); len(evs) != 0 {
		t.Errorf("a cancelled capture wrote %d capture events", len(evs))
	}
}
