package app

import (
	"fmt"
	"image"
	"image/color"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/sightline-osint/sightline/workspace"
)

// page is a w x h page, red above y = top and blue below.
func page(w, h, top int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		c := color.RGBA{B: 255, A: 255}
		if y < top {
			c = color.RGBA{R: 255, A: 255}
		}
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestScaleTopKeepsTheTopOfALongPage(t *testing.T) {
	// 1280 wide at 16:10 is the top 800 pixels: all red.
	img := scaleTop(page(1280, 6000, 800), 352, 220)
	if got := img.Bounds().Size(); got != image.Pt(352, 220) {
		t.Fatalf("size = %v, want 352x220", got)
	}
	for _, p := range []image.Point{{0, 0}, {351, 0}, {176, 110}, {0, 219}, {351, 219}} {
		r, g, b, _ := img.At(p.X, p.Y).RGBA()
		if r>>8 < 250 || g>>8 > 5 || b>>8 > 5 {
			t.Errorf("pixel %v = %d,%d,%d, want red: only the top of the page", p, r>>8, g>>8, b>>8)
		}
	}
}

func TestScaleTopScalesAShortPageWhole(t *testing.T) {
	img := scaleTop(page(1280, 400, 200), 352, 220)
	if got := img.Bounds().Size(); got != image.Pt(352, 110) {
		t.Fatalf("size = %v, want 352x110 (the page's own proportions)", got)
	}
	if r, _, _, _ := img.At(10, 5).RGBA(); r>>8 < 250 {
		t.Error("the top of a short page is not its top")
	}
	if _, _, b, _ := img.At(10, 105).RGBA(); b>>8 < 250 {
		t.Error("the bottom of a short page is missing")
	}
}

func TestThumbnailOfAMissingBundle(t *testing.T) {
	if _, err := thumbnail(t.TempDir()+"/none.wacz", 352, 220); err == nil {
		t.Fatal("no error for a missing bundle")
	}
}

// A case of thousands of captures reads the thumbnails of the rows shown,
// not one bundle per capture.
func TestCaptureListReadsOnlyTheThumbnailsShown(t *testing.T) {
	u, _ := newTestUI(t, Options{}, withOfficerAndCase(t, "OP-MANY"))
	const n = 2000
	caps := make([]workspace.Capture, n)
	for i := range caps {
		caps[i] = workspace.Capture{ID: fmt.Sprintf("C%04d", i), Case: "OP-MANY", Title: "capture " + strconv.Itoa(i),
			Bundle: filepath.Join(t.TempDir(), "missing.wacz")}
	}
	read := func() int {
		var got int
		u.do(func() { got = len(u.list.thumbs) })
		return got
	}
	u.do(func() {
		u.tabs.SelectIndex(1)
		u.list.captures = caps
		u.list.list.Refresh()
	})
	waitIdle(t, u, captureTimeout)
	shown := read()
	if shown == 0 || shown > n/10 {
		t.Fatalf("%d of %d thumbnails read with the top of the list shown, want the few rows on screen", shown, n)
	}
	u.do(func() { u.list.list.ScrollToBottom() })
	waitIdle(t, u, captureTimeout)
	var last bool
	u.do(func() { _, last = u.list.thumbs[caps[n-1].ID] })
	if !last {
		t.Error("the last row's thumbnail was not read once it was shown")
	}
	if got := read(); got > 2*shown+10 {
		t.Errorf("%d thumbnails read after scrolling to the bottom, want about %d (top and bottom rows)", got, 2*shown)
	}
}
