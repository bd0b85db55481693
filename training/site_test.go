package training

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/workspace"
)

func get(t *testing.T, h http.Handler, host, path string) (int, string) {
	t.Helper()
	r := httptest.NewRequest("GET", "http://"+host+path, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

// The pages carry what real platforms carry: structured data, the post
// markup the rules read, overlays, and a feed that goes on.
func TestSitePages(t *testing.T) {
	h := Handler()
	for _, tc := range []struct {
		host, path string
		want       []string
	}{
		{NetworkHost, "/", []string{`content="Harbourline"`, `id="hl-feed"`, `id="hl-cookies"`, `class="hl-post"`}},
		{NetworkHost, "/@jo.harbour", []string{`"@type":"ProfilePage"`, `"alternateName":"@jo.harbour"`, "Skipper."}},
		{NetworkHost, "/@jo.harbour/post/hl1000", []string{`"@type":"SocialMediaPosting"`, `"identifier":"hl1000"`,
			`class="hl-more"`, `"@type":"Comment"`, `class="hl-comments"`}},
		{NetworkHost, "/@jo.harbour/post/hl1004", []string{`<video class="hl-video" src="/video/clip.webm"`}},
		{NetworkHost, "/api/feed?page=50&handle=quaywatch", []string{`id="post-hl3001"`, "@quaywatch"}},
		{NewsHost, "/", []string{"Harbour Herald", "/news/ferry-timetable-cut"}},
		{NewsHost, "/news/ferry-timetable-cut", []string{`"@type":"NewsArticle"`, `class="herald-comment"`}},
	} {
		code, body := get(t, h, tc.host, tc.path)
		if code != http.StatusOK {
			t.Errorf("%s%s: %d", tc.host, tc.path, code)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s%s lacks %s", tc.host, tc.path, w)
			}
		}
	}
	for _, path := range []string{"/@nobody", "/@quaywatch/post/hl1000", "/@jo.harbour/post/x1", "/news/none"} {
		if code, _ := get(t, h, NetworkHost, path); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, code)
		}
	}
	if code, body := get(t, h, NetworkHost, "/video/clip.webm"); code != http.StatusOK || !strings.HasPrefix(body, "\x1a\x45\xdf\xa3") {
		t.Errorf("video: %d, %q…", code, body[:min(8, len(body))])
	}
}

// TestCaptureTrainingProfile captures a profile of the training network
// with real Chromium as a researcher would, scrolled to 25 posts: the
// overlays are dismissed, long posts opened, and posts.json names the
// account and its posts from structured data and the training rules.
func TestCaptureTrainingProfile(t *testing.T) {
	b, rules := siteBrowser(t)
	res, err := b.Capture(t.Context(), capture.Request{URL: URL("@jo.harbour"), Scroll: 30, ScrollPosts: 25, Rules: rules}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Posts
	if p == nil || p.Platform != "harbourline" || p.Page != "profile" || p.Account == nil || p.Account.Name != "Jo Marsh" {
		t.Fatalf("posts.json: %+v (errors %v)", p, res.Meta.ArtefactErrors)
	}
	if sc := res.Meta.Scroll; sc == nil || sc.Stopped != capture.ScrollPosts {
		t.Errorf("scroll %+v, want it stopped at 25 posts", sc)
	}
	var top int
	for _, post := range p.Posts {
		if post.ReplyTo == "" {
			top++
			if post.Author.Handle != "jo.harbour" || post.Time == "" || post.Permalink == "" {
				t.Errorf("post %+v", post)
			}
		}
	}
	if top < 25 {
		t.Errorf("%d posts of the profile, want 25 or more", top)
	}
	clicked := map[string]int{}
	for _, a := range p.Actions {
		clicked[a.Kind] += a.Clicks
	}
	if clicked["dismiss"] < 2 || clicked["expand"] < 1 {
		t.Errorf("actions %+v, want both overlays closed and long posts opened", p.Actions)
	}
	long := slices.IndexFunc(p.Posts, func(x social.Post) bool { return strings.Contains(x.Text, "tide tables") })
	if long < 0 {
		t.Error("no long post read in full")
	}
}

// Prepare makes a new workspace a training one with its practice case and
// subjects, once; a workspace with real cases is refused.
func TestPrepare(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	ctx := context.Background()
	ws, err := workspace.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	for range 2 {
		if err := Prepare(ctx, ws); err != nil {
			t.Fatal(err)
		}
	}
	subjects, err := ws.Subjects(ctx, Case)
	if err != nil || !ws.Training() || len(subjects) != 2 {
		t.Fatalf("training %v, subjects %v, %v", ws.Training(), subjects, err)
	}
	vc, err := ws.RecordView(ctx, Case, URL("@jo.harbour/post/hl1000"), "")
	if err != nil || len(vc.Subjects) != 1 || vc.Subjects[0].ID != subjects[0].ID {
		t.Errorf("a view of Jo Marsh's post matched %+v, %v", vc.Subjects, err)
	}

	real, err := workspace.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	if _, err := real.SetOfficer(ctx, workspace.Officer{ID: "4127", Name: "DC Sam Patel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := real.NewCase(ctx, workspace.Case{Ref: "OP-1"}); err != nil {
		t.Fatal(err)
	}
	if err := Prepare(ctx, real); err == nil {
		t.Error("a workspace with a real case was made a training one")
	}
}

// siteBrowser serves the training site and starts Chromium on it, for the
// test, with the rules the workspace captures with.
func siteBrowser(tb testing.TB) (*capture.Browser, *social.Rules) {
	tb.Helper()
	s, err := Start(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	start, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a hang guard on the browser's start
	defer cancel()
	b, err := capture.Start(start, capture.Options{ProfileDir: tb.TempDir(), HostRules: s.HostRules()})
	if err != nil {
		tb.Fatalf("start Chromium: %v", err)
	}
	tb.Cleanup(func() { b.Close() })
	rules := social.BuiltInRules()
	rules.URLs = workspace.PostURLs
	return b, rules
}
