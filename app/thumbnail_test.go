package app

import (
	"image"
	"image/color"
	"testing"
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
