package capture

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// BenchmarkCapture is one whole capture of the plain fixture with the warm
// shared browser: new tab, load, settle, viewport and full-page
// screenshots, DOM, text, MHTML, PDF, bodies, cookies, metadata. DESIGN.md
// §9 wants it within 1.5 times BenchmarkFullScreenshot.
func BenchmarkCapture(b *testing.B) {
	srv := newServer(b)
	req := Request{URL: srv.URL + "/tall.html"}
	for b.Loop() {
		res, err := testBrowser.Capture(context.Background(), req, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Meta.ArtefactErrors) > 0 || res.Meta.Incomplete {
			b.Fatalf("artefact errors %v, incomplete %q", res.Meta.ArtefactErrors, res.Meta.IncompleteReason)
		}
	}
}

// BenchmarkFullScreenshot is the baseline DESIGN.md §9 compares against: the
// same page in a new tab of the same browser, navigated, screenshot only.
func BenchmarkFullScreenshot(b *testing.B) {
	srv := newServer(b)
	url := srv.URL + "/tall.html"
	for b.Loop() {
		tab, closeTab := chromedp.NewContext(testBrowser.cur.ctx)
		err := chromedp.Do(tab, chromedp.EmulateViewport(DefaultWidth, DefaultHeight), chromedp.Navigate(url))
		if err == nil {
			_, err = chromedp.Run(tab, chromedp.FullScreenshot(100))
		}
		closeTab()
		if err != nil {
			b.Fatal(err)
		}
	}
}
