package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sightline-osint/sightline/evidence/bundle"
	"github.com/sightline-osint/sightline/internal/testenv"
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

// shownText is what the page shows, shadow roots and same-origin iframes
// included (each iframe with its address), for a failure's message.
const shownText = `(() => {
  const out = [], stack = [document];
  while (stack.length && out.join("").length < 4000) {
    const n = stack.pop();
    if (n.nodeType === 3) { const t = n.textContent.trim(); if (t) out.push(t); continue; }
    if (n.tagName === "IFRAME") { out.push("[iframe " + n.src + "]"); try { if (n.contentDocument) stack.push(n.contentDocument); } catch (e) {} }
    if (n.shadowRoot) stack.push(n.shadowRoot);
    if (n.tagName === "SCRIPT" || n.tagName === "STYLE") continue;
    for (const c of Array.from(n.childNodes || []).reverse()) stack.push(c);
  }
  return out.join("\n");
})()`

// replayVerification asks ReplayWeb.page's service worker what it checked
// of the bundle, from a page inside the worker's scope so that its fetches
// go to the worker's API: coll-index lists the collections, c/<id>?all=1
// gives one with its "verify" summary, which has publicKey only when the
// key imported (as P-384) and the signature check ran. The summary counts
// the signature as valid whether or not it matched (getVerifyInfo in
// wabac.js 2.5.3), so the script also returns the check records behind it,
// {id, matched}, from the collection's IndexedDB database "db:<id>".
const replayVerification = `(async () => {
  const api = "/replay/w/api/";
  const { colls } = await (await fetch(api + "coll-index")).json();
  if (colls.length !== 1) throw new Error(colls.length + " collections in ReplayWeb.page, want 1");
  const id = colls[0].id;
  const { verify } = await (await fetch(api + "c/" + encodeURIComponent(id) + "?all=1")).json();
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open("db:" + id);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const records = await new Promise((ok, fail) => {
    const r = db.transaction("verification").objectStore("verification").getAll();
    r.onsuccess = () => ok(r.result.map(({ id, matched }) => ({ id, matched })));
    r.onerror = () => fail(r.error);
  });
  db.close();
  return { verify, records };
})()`

// replayVerify is what replayVerification returns.
type replayVerify struct {
	Verify struct {
		PublicKey, DatapackageHash string
		NumValid, NumInvalid       int
	}
	Records []struct {
		ID      string
		Matched any // true, false, or nil for a value shown, not checked
	}
}

// TestBundleReplaysInReplayWebPage loads a sealed bundle in Webrecorder's
// ReplayWeb.page, served with it from one loopback origin, and finds the
// captured page's text in the replay, including the text the page fetched
// after load: the WARC holds what the researcher saw, not only the HTML.
// Then it checks that ReplayWeb.page verified the bundle's signature under
// the bundle's public key, which it does only for a P-384 key.
func TestBundleReplaysInReplayWebPage(t *testing.T) {
	c, ctx, base := replayCapture(t, "/rich.html")
	for _, text := range []string{"Rich page", "meet at the old mill"} {
		waitForText(t, ctx, text)
	}
	assertReplaySignature(t, ctx, base, c.Bundle)
}

// replayCapture captures the test site's page at path and opens its bundle
// in ReplayWeb.page, served with it from one loopback origin (base).
func replayCapture(t *testing.T, path string) (c Capture, ctx context.Context, base string) {
	t.Helper()
	rwp := filepath.Dir(testenv.Tool(t, filepath.Join(testenv.ReplayWebPage, "sw.js")))
	ws := caseWorkspace(t)
	pageURL := testSite.plain.URL + path
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
	t.Cleanup(srv.Close)
	ctx, cancel := replayBrowser(t)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	return c, ctx, srv.URL
}

// videoShown finds the first <video> in the document, its shadow roots
// and same-origin iframes, and says how far it loaded: its readyState
// and decoded width (0 until a frame is decoded).
const videoShown = `(() => {
  const stack = [document];
  while (stack.length) {
    const n = stack.pop();
    if (n.tagName === "VIDEO") return {ready: n.readyState, width: n.videoWidth, src: n.currentSrc};
    if (n.shadowRoot) stack.push(n.shadowRoot);
    if (n.tagName === "IFRAME") { try { if (n.contentDocument) stack.push(n.contentDocument); } catch (e) {} }
    for (const c of n.children || []) stack.push(c);
  }
  return {ready: -1, width: 0, src: ""};
})()`

// TestVideoReplaysInReplayWebPage captures a page with a short video and
// plays it back from the bundle in ReplayWeb.page: the video's frames come
// from the WARC record of its response.
func TestVideoReplaysInReplayWebPage(t *testing.T) {
	c, ctx, base := replayCapture(t, "/video.html")
	posts, err := bundle.ReadFile(c.Bundle, bundle.PostsName)
	if err != nil || !strings.Contains(string(posts), "/clip.webm") {
		t.Errorf("posts.json %s: %v", posts, err)
	}
	waitForText(t, ctx, "filmed from the steps")
	type shown struct {
		Ready, Width int
		Src          string
	}
	var v shown
	for start := time.Now(); v.Width == 0; time.Sleep(50 * time.Millisecond) {
		if time.Since(start) > 3*time.Minute { // a hang guard only
			t.Fatalf("the replayed video never showed a frame: %+v", v)
		}
		if v, err = chromedp.Run(ctx, chromedp.Evaluate[shown](videoShown)); err != nil {
			t.Fatal(err)
		}
	}
	if v.Width != 160 || !strings.HasPrefix(v.Src, base+"/replay/") || !strings.HasSuffix(v.Src, "/clip.webm") {
		t.Errorf("replayed video %+v, want the 160 px wide clip from ReplayWeb.page at %s", v, base)
	}
}

// assertReplaySignature checks that ReplayWeb.page, which has loaded the
// bundle at path, reports its signature: the bundle's public key and
// datapackage hash, a signature check that matched, and no failed check but
// two it cannot pass: wabac.js 2.5.3 records the hashes datapackage.json
// gives for pages/pages.jsonl and indexes/index.cdx (as "<wacz name><path>"),
// never checks them against the files, and counts them invalid whatever the
// bundle.
func assertReplaySignature(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	data, err := bundle.ReadFile(path, "datapackage-digest.json")
	if err != nil {
		t.Fatal(err)
	}
	var digest struct {
		Hash       string
		SignedData struct{ PublicKey string }
	}
	if err := json.Unmarshal(data, &digest); err != nil || digest.SignedData.PublicKey == "" {
		t.Fatalf("datapackage-digest.json %s: %v", data, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/replay/w/api/coll-index")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[replayVerify](replayVerification, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("ask ReplayWeb.page what it verified: %v", err)
	}
	v := got.Verify
	if v.PublicKey != digest.SignedData.PublicKey {
		t.Fatalf("ReplayWeb.page reports public key %q, want the bundle's %q: it did not check the signature", v.PublicKey, digest.SignedData.PublicKey)
	}
	if v.DatapackageHash != digest.Hash {
		t.Errorf("ReplayWeb.page reports datapackage hash %q, want %q", v.DatapackageHash, digest.Hash)
	}
	signed, unchecked := false, 0
	for _, r := range got.Records {
		switch {
		case r.ID == "signature":
			signed = r.Matched == true
		case r.Matched == false && (strings.HasSuffix(r.ID, "pages/pages.jsonl") || strings.HasSuffix(r.ID, "indexes/index.cdx")):
			unchecked++
		}
	}
	if !signed {
		t.Errorf("ReplayWeb.page's signature check did not match: %+v", got.Records)
	}
	if v.NumInvalid != unchecked {
		t.Errorf("ReplayWeb.page reports %d invalid checks, want only the %d it never runs: %+v", v.NumInvalid, unchecked, got.Records)
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
	const bound = 3 * time.Minute // a hang guard only: a loaded machine is slow to start the replay
	for start := time.Now(); time.Since(start) < bound; time.Sleep(250 * time.Millisecond) {
		found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(findText, strconv.Quote(text))))
		if err == nil && found {
			return
		}
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](shownText))
	t.Fatalf("ReplayWeb.page did not show %q within %s; what it shows (%v):\n%s", text, bound, err, shown)
}
