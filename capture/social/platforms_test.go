package social_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/workspace"
)

var update = flag.Bool("update", false, "write the expected posts.json files from what the captures read")

// The platform tests share one browser whose host resolver sends every
// host name to one TLS fixture server, so that a fixture of x.com is
// loaded as https://x.com/... and its platform is found by its host.
var (
	browser *capture.Browser
	sites   *httptest.Server
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	sites = httptest.NewUnstartedServer(http.HandlerFunc(serveSite))
	sites.Config.ErrorLog = log.New(io.Discard, "", 0) // the browser's own plain-HTTP attempts
	sites.StartTLS()
	defer sites.Close()
	profile, err := os.MkdirTemp("", "sightline-social-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a hang guard on the browser's start
	defer cancel()
	browser, err = capture.Start(ctx, capture.Options{
		ProfileDir:     profile,
		IgnoreCertSPKI: []string{capture.SPKIHash(sites.Certificate())},
		HostRules:      "MAP * " + sites.Listener.Addr().String(),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "social tests need Chromium:", err)
		return 1
	}
	defer browser.Close()
	return m.Run()
}

var pixel = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range 256 {
		img.SetRGBA(i%16, i/16, color.RGBA{40, 90, 160, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img) //nolint:errcheck // to memory
	return b.Bytes()
}()

func serveSite(w http.ResponseWriter, r *http.Request) {
	host, _, _ := strings.Cut(r.Host, ":")
	for _, h := range mediaHosts {
		if host == h {
			w.Header().Set("Content-Type", "image/png")
			w.Write(pixel) //nolint:errcheck // the test reads what arrived
			return
		}
	}
	file, ok := routes[host+r.URL.Path+"?"+r.URL.RawQuery]
	if !ok {
		file, ok = routes[host+r.URL.Path]
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	path := filepath.Join("testdata", "sites", file)
	if r.URL.Query().Get("redesign") == "" {
		http.ServeFile(w, r, path)
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(redesign(b)) //nolint:errcheck // the test reads what arrived
}

// TestPlatforms captures each fixture page and compares its posts.json
// with the expected file field by field.
func TestPlatforms(t *testing.T) {
	for _, tc := range platformCases {
		t.Run(tc.want, func(t *testing.T) {
			got := capturePosts(t, tc.url, nil)
			path := filepath.Join("testdata", "sites", tc.want)
			if *update {
				writeJSON(t, path, got)
				return
			}
			var want social.Posts
			readJSON(t, path, &want)
			for _, d := range diff("", reflect.ValueOf(want), reflect.ValueOf(*got)) {
				t.Error(d)
			}
		})
	}
}

// capturePosts captures url under rules (nil: the built-in rules) and
// returns its posts.
func capturePosts(t *testing.T, url string, rules *social.Rules) *social.Posts {
	t.Helper()
	res, err := browser.Capture(t.Context(), captureRequest(url, rules), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Posts == nil {
		t.Fatalf("no posts.json: %v", res.Meta.ArtefactErrors)
	}
	return res.Posts
}

// captureRequest asks for url under rules, nil for the built-in rules,
// with URLs read as the workspace reads them.
func captureRequest(url string, rules *social.Rules) capture.Request {
	if rules == nil {
		rules = social.BuiltInRules()
	}
	rules.URLs = workspace.PostURLs
	return capture.Request{URL: url, Rules: rules}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// diff lists where got differs from want, by field path.
func diff(path string, want, got reflect.Value) []string {
	switch want.Kind() {
	case reflect.Struct:
		var out []string
		for i := range want.NumField() {
			out = append(out, diff(path+"."+want.Type().Field(i).Name, want.Field(i), got.Field(i))...)
		}
		return out
	case reflect.Slice:
		var out []string
		if want.Len() != got.Len() {
			out = append(out, fmt.Sprintf("%s: %d elements, want %d", path, got.Len(), want.Len()))
		}
		for i := range min(want.Len(), got.Len()) {
			out = append(out, diff(fmt.Sprintf("%s[%d]", path, i), want.Index(i), got.Index(i))...)
		}
		return out
	case reflect.Pointer:
		if want.IsNil() || got.IsNil() {
			if want.IsNil() != got.IsNil() {
				return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
			}
			return nil
		}
		return diff(path, want.Elem(), got.Elem())
	}
	if !reflect.DeepEqual(want.Interface(), got.Interface()) {
		return []string{fmt.Sprintf("%s: got %#v, want %#v", path, got.Interface(), want.Interface())}
	}
	return nil
}
