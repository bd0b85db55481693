package app

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"golang.org/x/image/draw"

	"github.com/sightline-osint/sightline/evidence/bundle"
)

// maxScreenshotPixels refuses to decode a screenshot far bigger than Chromium
// makes (16384 px high at 1280 wide is 21 million pixels), so a damaged
// bundle cannot make the app allocate gigabytes for a thumbnail.
const maxScreenshotPixels = 64 << 20

// thumbnail reads the full-page screenshot in the bundle at path and scales
// the top of the page, in the proportions w:h, down to w pixels wide.
func thumbnail(path string, w, h int) (image.Image, error) {
	data, err := bundle.ReadFile(path, bundle.ScreenshotName)
	if err != nil {
		return nil, fmt.Errorf("read thumbnail: %w", err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read thumbnail of %s: %w", path, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxScreenshotPixels {
		return nil, fmt.Errorf("read thumbnail of %s: a %dx%d screenshot is too large", path, cfg.Width, cfg.Height)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read thumbnail of %s: %w", path, err)
	}
	return scaleTop(img, w, h), nil
}

// scaleTop scales the top of src, as much of it as has the proportions w:h,
// down to w pixels wide. A page shorter than that is scaled whole.
func scaleTop(src image.Image, w, h int) image.Image {
	b := src.Bounds()
	cropH := min(b.Dx()*h/w, b.Dy())
	dh := max(1, cropH*w/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, w, dh))
	crop := image.Rect(b.Min.X, b.Min.Y, b.Max.X, b.Min.Y+cropH)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, crop, draw.Src, nil)
	return dst
}
