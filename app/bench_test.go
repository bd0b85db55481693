package app

import (
	"runtime"
	"testing"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// BenchmarkIdleMemory is the resident memory of the app's process idle with
// one case open (Fyne's software driver; Chromium runs in processes of its
// own and is not counted). Issue 11 wants it under 150 MB.
func BenchmarkIdleMemory(b *testing.B) {
	u, _ := newTestUI(b, Options{}, withOfficerAndCase(b, "OP-IDLE"))
	var rss float64
	for b.Loop() {
		waitIdle(b, u, captureTimeout)
		runtime.GC()
		rss = residentMB(b)
	}
	b.ReportMetric(rss, "rss-MB")
}

// residentMB reads this process's VmRSS from /proc/self/status.
func residentMB(b *testing.B) float64 {
	n := testenv.ProcBytes(testenv.ProcStatus("self"), "VmRSS")
	if n == 0 {
		b.Fatal("no VmRSS in /proc/self/status")
	}
	return float64(n) / (1 << 20)
}
