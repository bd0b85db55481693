package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/capture/social"
	"github.com/sightline-osint/sightline/capture/warc"
)

// sampleCapture is a capture of one page with one image, made without a
// browser.
func sampleCapture(t *testing.T) *capture.Result {
	t.Helper()
	var shot bytes.Buffer
	if err := png.Encode(&shot, image.NewRGBA(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 23, 11, 31, 8, 120_000_000, time.UTC)
	page := "https://example.org/post/1"
	return &capture.Result{
		Screenshot: shot.Bytes(), Viewport: shot.Bytes(), DOM: "<!DOCTYPE html><p>hello</p>", MHTML: []byte("MIME-Version: 1.0"),
		Text: "hello",
		Meta: capture.Metadata{RequestedURL: page, FinalURL: page, Title: "A post", Start: start, End: start.Add(time.Second)},
		Network: []capture.Exchange{{
			RequestID: "1", Type: "Document", Method: "GET", URL: page, Sent: start, Done: true, BodyState: capture.BodyKept,
			Body:     []byte("<p>hello</p>"),
			Response: &capture.Response{Status: 200, StatusText: "OK", Protocol: "http/1.1", Received: start, HeaderFields: []capture.HeaderField{{Name: "Content-Type", Value: "text/html"}}},
		}},
	}
}

// TestFromCapture lays a capture out without a browser: the entries are
// the ones DESIGN.md §4 names, metadata.json says who sealed it, the WARC
// holds the page's response and every artefact, and the files seal into a
// bundle that verifies.
func TestFromCapture(t *testing.T) {
	res := sampleCapture(t)
	sealed := res.Meta.End.Add(time.Second)
	files, meta, err := FromCapture(res, Provenance{CaptureID: "20261123T113108Z-abcdef", Case: "OP-1",
		Officer: Officer{ID: "4127", Name: "DC Sam Patel", Role: "researcher"}, Persona: "default", Note: "why",
		Software: "Sightline test", KeyStore: "file", KeyFingerprint: "sha256:00", Sealed: sealed})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	byName := map[string][]byte{}
	for _, f := range files {
		names = append(names, f.Path)
		byName[f.Path] = f.Data
	}
	want := []string{WARCName, IndexName, PagesName, MetadataName, ScreenshotName, ViewportName, AnnotatedName,
		MHTMLName, DOMName, TextName} // no PDF: the capture made none
	if !slices.Equal(names, want) {
		t.Errorf("entries %v, want %v", names, want)
	}
	if meta.Title != "A post" || meta.MainPageURL != res.Meta.FinalURL || !meta.Created.Equal(sealed) || meta.Software != "Sightline test" {
		t.Errorf("meta %+v", meta)
	}
	var m Metadata
	if err := json.Unmarshal(byName[MetadataName], &m); err != nil {
		t.Fatal(err)
	}
	if m.CaptureID != "20261123T113108Z-abcdef" || m.Officer.Name != "DC Sam Patel" || m.Note != "why" || len(m.Network) != 1 {
		t.Errorf("metadata %+v", m)
	}
	var targets []string
	r := warc.NewReader(bytes.NewReader(byName[WARCName]))
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, string(rec.Type)+" "+rec.TargetURI)
	}
	for _, w := range []string{"response " + res.Meta.FinalURL, "request " + res.Meta.FinalURL,
		"resource urn:sightline:" + DOMName, "resource urn:sightline:" + AnnotatedName, "metadata " + res.Meta.FinalURL} {
		if !slices.Contains(targets, w) {
			t.Errorf("WARC lacks %q: %v", w, targets)
		}
	}
	path := filepath.Join(t.TempDir(), "c.wacz")
	if _, err := Seal(context.Background(), t.TempDir(), path, files, meta, newTestSigner(t)); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(context.Background(), path)
	if err != nil || !rep.OK() {
		t.Errorf("verify: %v, failed %v", err, rep.Failed())
	}
	shot, missing, err := Berkeley(path)
	if err != nil || len(missing) != 0 || !bytes.Equal(shot, res.Screenshot) {
		t.Errorf("Berkeley: missing %v, %v", missing, err)
	}
}

// TestBerkeleyNamesWhatIsMissing: a bundle without HTML source, screenshot
// or date says which of the three it lacks.
func TestBerkeleyNamesWhatIsMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "thin.wacz")
	files := []File{{Path: TextName, Data: []byte("text only")}, {Path: MetadataName, Data: []byte(`{"page":{}}`)}}
	if _, err := Seal(context.Background(), t.TempDir(), path, files, sampleMeta(), newTestSigner(t)); err != nil {
		t.Fatal(err)
	}
	shot, missing, err := Berkeley(path)
	want := []string{"HTML source (evidence/dom.html)", "full-page screenshot (evidence/screenshot.png)",
		"date of the screenshot (page.start in evidence/metadata.json)"}
	if err != nil || shot != nil || !slices.Equal(missing, want) {
		t.Errorf("Berkeley = %v, %q, %v; want %q", shot != nil, missing, err, want)
	}
}

// TestPostsNameTheirMediaRecords: posts.json is in the bundle and in its
// WARC, and each medium the page session loaded names the WARC response
// record that holds it; one it did not load names none.
func TestPostsNameTheirMediaRecords(t *testing.T) {
	res := sampleCapture(t)
	img := "https://example.org/media/photo.png"
	res.Network = append(res.Network, capture.Exchange{RequestID: "2", Type: "Image", Method: "GET", URL: img,
		Sent: res.Meta.Start, Done: true, BodyState: capture.BodyKept, Body: []byte("PNG"),
		Response: &capture.Response{Status: 200, StatusText: "OK", Protocol: "http/1.1", Received: res.Meta.Start,
			HeaderFields: []capture.HeaderField{{Name: "Content-Type", Value: "image/png"}}}})
	res.Posts = &social.Posts{Format: social.Format, URL: res.Meta.FinalURL, Platform: "generic", Page: social.PagePost,
		Posts: []social.Post{{ID: "1", Text: "hello", Media: []social.Media{{URL: img, Type: "image"},
			{URL: "https://example.org/media/never.mp4", Type: "video"}}, Sources: map[string]string{"text": "json-ld"}}}}
	files, _, err := FromCapture(res, Provenance{CaptureID: "20261123T113108Z-abcdef", Case: "OP-1", Software: "Sightline test"})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Path] = f.Data
	}
	var posts social.Posts
	if err := json.Unmarshal(byName[PostsName], &posts); err != nil {
		t.Fatalf("posts.json: %v", err)
	}
	ids := map[string]string{}
	inWARC := false
	r := warc.NewReader(bytes.NewReader(byName[WARCName]))
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type == warc.TypeResponse {
			ids[rec.TargetURI] = rec.ID
		}
		inWARC = inWARC || rec.TargetURI == "urn:sightline:"+PostsName
	}
	media := posts.Posts[0].Media
	if media[0].WARCRecord == "" || media[0].WARCRecord != ids[img] || media[1].WARCRecord != "" {
		t.Errorf("media records %+v, want %s for the image and none for the video", media, ids[img])
	}
	if !inWARC {
		t.Error("posts.json is not a resource record of the WARC")
	}
	if res.Posts.Posts[0].Media[0].WARCRecord != "" {
		t.Error("writing posts.json changed the capture's posts")
	}
}
