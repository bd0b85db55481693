package workspace

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// replayPage embeds ReplayWeb.page: ui.js defines <replay-web-page>, whose
// service worker (sw.js in replayBase) serves the bundle's records.
const replayPage = `<!doctype html><html><head><meta charset="utf-8">
<script src="/replay/ui.js"></script></head><body>
<replay-web-page source="/bundle.wacz" url=%s replayBase="/replay/" embed="replayonly"></replay-web-page>
</body></html>`

// findText searches the document, every shadow root and every same-origin
// iframe below it for the text, as the replayed page sits in an iframe in
// the element's shadow root.
const findText = `(() => {
  const want = %s, stack = [document];
  while (stack.length) {
    const n = stack.pop();
    if (n.nodeType === 3) { if (n.textContent.includes(want)) return true; continue; }
    if (n.shadowRoot) stack.push(n.shadowRoot);
    if (n.tagName === "IFRAME") { try { if (n.contentDocument) stack.push(n.contentDocument); } catch (e) {} }
    for (const c of n.childNodes || []) stack.push(c);
  }
  return false;
})()`

// TestBundleReplaysInReplayWebPage loads a sealed bundle in Webrecorder's
// ReplayWeb.page, served with it from one loopback origin, and finds the
// captured page's text in the replay, including the text the page fetched
// after load: the WARC holds what the researcher saw, not only the HTML.
func TestBundleReplaysInReplayWebPage(t *testing.T) {
	rwp := filepath.Join("..", "..", ".tools", "replaywebpage")
	if _, err := os.Stat(filepath.Join(rwp, "sw.js")); err != nil {
		if os.Getenv("SIGHTLINE_REQUIRE_TOOLS") == "1" {
			t.Fatalf("ReplayWeb.page missing (%v); run scripts/install-tools.sh", err)
		}
		t.Skipf("ReplayWeb.page missing (%v); run scripts/install-tools.sh", err)
	}
	ws := caseWorkspace(t)
	pageURL := testSite.plain.URL + "/rich.html"
	c, err := ws.Capture(context.Background(), testSite.b, CaptureRequest{Case: "OP-1", URL: pageURL}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/replay/", http.StripPrefix("/replay/", http.FileServer(http.Dir(rwp))))
	mux.HandleFunc("/bundle.wacz", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, c.Bundle) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(fmt.Sprintf(replayPage, strconv.Quote(pageURL))))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel := replayBrowser(t)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Rich page", "meet at the old mill"} {
		waitForText(t, ctx, text)
	}
}

func replayBrowser(t *testing.T) (context.Context, context.CancelFunc) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true), chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	return ctx, func() { cancelCtx(); cancelAlloc() }
}

func waitForText(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(findText, strconv.Quote(text))))
		if err == nil && found {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("ReplayWeb.page did not show %q within 60s", text)
}
