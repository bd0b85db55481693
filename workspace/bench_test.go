package workspace

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

const batchPages = 50

// batchURLs are 50 distinct fixture pages, so nothing is served from cache.
func batchURLs() []string {
	urls := make([]string, batchPages)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/plain.html?page=%d", testSite.plain.URL, i)
	}
	return urls
}

// BenchmarkBatchCapture captures and seals 50 pages with 1, 2 and 4 tabs on
// one warm browser, reporting pages per minute.
func BenchmarkBatchCapture(b *testing.B) {
	for _, tabs := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("tabs=%d", tabs), func(b *testing.B) {
			ws := benchWorkspace(b)
			urls := batchURLs()
			b.ResetTimer()
			for range b.N {
				captureBatch(b, ws, urls, tabs)
			}
			b.ReportMetric(float64(batchPages*b.N)/b.Elapsed().Minutes(), "pages/min")
		})
	}
}

// BenchmarkBatchChromiumScreenshot is the baseline: the same pages, one by
// one, each by a plain `chromium --headless --screenshot` process.
func BenchmarkBatchChromiumScreenshot(b *testing.B) {
	bin := testenv.Command(b, "chromium")
	dir := b.TempDir()
	urls := batchURLs()
	b.ResetTimer()
	for range b.N {
		for i, u := range urls {
			shot := filepath.Join(dir, fmt.Sprintf("%d.png", i))
			cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-quic", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
				"--window-size=1280,800", "--screenshot="+shot, u)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("chromium --screenshot %s: %v\n%s", u, err, out)
			}
		}
	}
	b.ReportMetric(float64(batchPages*b.N)/b.Elapsed().Minutes(), "pages/min")
}

func benchWorkspace(b *testing.B) *Workspace {
	b.Helper()
	b.Setenv("SIGHTLINE_KEYRING", "file")
	ws, err := Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ws.Close() })
	if _, err := ws.SetOfficer(context.Background(), Officer{ID: "4127", Name: "Bench"}); err != nil {
		b.Fatal(err)
	}
	if _, err := ws.NewCase(context.Background(), Case{Ref: "OP-1"}); err != nil {
		b.Fatal(err)
	}
	return ws
}

func captureBatch(b *testing.B, ws *Workspace, urls []string, tabs int) {
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range tabs {
		wg.Go(func() {
			for u := range jobs {
				if _, err := ws.Capture(context.Background(), testSite.b, CaptureRequest{Case: "OP-1", URL: u, Deadline: 30 * time.Second}, nil); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for _, u := range urls {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
}
