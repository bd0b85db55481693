package app

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
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
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS in /proc/self/status")
	return 0
}
