package capture

import (
	"context"
	"fmt"
	"image"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// livePages serves the live-view benchmarks' pages: /animate moves a box
// across the page for ever; /toggle swaps the page's colour on each click.
func livePages(b *testing.B) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/animate", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>animate</title><style>
body{margin:0;background:#eee}
#box{position:absolute;top:300px;width:200px;height:200px;background:#c33;animation:move 1s linear infinite alternate}
@keyframes move{from{left:0}to{left:1080px}}</style><div id=box></div>`)
	})
	mux.HandleFunc("/toggle", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>toggle</title><style>html,body{margin:0;height:100%;background:rgb(0,0,255)}</style>
<script>onclick=()=>{const s=document.body.style;s.background=s.background==="rgb(255, 0, 0)"?"rgb(0, 0, 255)":"rgb(255, 0, 0)"}</script>`)
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

// liveTab opens a 1280×800 tab whose frames arrive on the returned channel
// (a full channel drops frames, as a busy window would) and loads path.
func liveTab(b *testing.B, path string) (*Tab, <-chan Frame) {
	frames := make(chan Frame, 1)
	tab, err := testBrowser.OpenTab(context.Background(), 1280, 800, TabHandlers{Frame: func(f Frame) {
		select {
		case frames <- f:
		default:
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(tab.Close)
	if err := tab.Navigate(context.Background(), livePages(b).URL+path); err != nil {
		b.Fatal(err)
	}
	<-frames
	return tab, frames
}

// BenchmarkLiveViewFrames counts the decoded screencast frames a 1280×800
// tab delivers while its page animates: fps is what the window can show
// (issue 11 wants 15 or more on a 2-core machine).
func BenchmarkLiveViewFrames(b *testing.B) {
	_, frames := liveTab(b, "/animate")
	start := time.Now()
	for b.Loop() {
		<-frames
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "fps")
}

// BenchmarkClickToFrame is the input latency of the live view: from a click
// forwarded to the tab to the first frame showing the page's change. The
// median is reported beside the mean (issue 11: 150 ms or less).
func BenchmarkClickToFrame(b *testing.B) {
	tab, frames := liveTab(b, "/toggle")
	red := false
	var took []time.Duration
	for b.Loop() {
		red = !red
		start := time.Now()
		if err := tab.Click(context.Background(), 640, 400, 1); err != nil {
			b.Fatal(err)
		}
		for f := range frames {
			if isRed(f.Image) == red {
				break
			}
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
}

func isRed(img image.Image) bool {
	r, _, bl, _ := img.At(10, 10).RGBA()
	return r > bl
}
