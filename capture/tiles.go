package capture

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// DefaultMaxScreenshotHeight is the default of Request.MaxScreenshotHeight.
const DefaultMaxScreenshotHeight = 50000

// tileHeight is the tallest capture asked of Chromium at once, in CSS
// pixels: below the 16,384-pixel texture limit of many GPUs.
const tileHeight = 16000

// Screenshot describes the full-page screenshot.
type Screenshot struct {
	Width  int `json:"width"` // pixels
	Height int `json:"height"`
	Tiles  int `json:"tiles"` // captures stitched into it; 1 when taken whole
	// Capped: the page was taller than MaxHeight, so the screenshot shows
	// its top MaxHeight CSS pixels; Metadata.PageHeight has the whole.
	Capped    bool `json:"capped,omitempty"`
	MaxHeight int  `json:"max_height"` // the cap in force
}

// fullScreenshot takes the whole page, up to maxHeight CSS pixels, as one
// PNG. A page taller than a tile is captured in tiles, each under its own
// timeout, and stitched.
func fullScreenshot(tab context.Context, timeout time.Duration, maxHeight int) ([]byte, Screenshot, error) {
	size, err := step(tab, timeout, contentSize)
	if err != nil {
		return nil, Screenshot{}, err
	}
	w, h := size.X, size.Y
	info := Screenshot{MaxHeight: maxHeight, Capped: h > maxHeight}
	h = min(h, maxHeight)
	if h <= tileHeight {
		b, err := step(tab, timeout, clipShot(0, w, h))
		if err != nil {
			return nil, info, err
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return nil, info, fmt.Errorf("screenshot: %w", err)
		}
		info.Width, info.Height, info.Tiles = cfg.Width, cfg.Height, 1
		return b, info, nil
	}
	return stitch(tab, timeout, w, h, info)
}

// stitch captures the page in tiles and draws them into one image.
func stitch(tab context.Context, timeout time.Duration, w, h int, info Screenshot) ([]byte, Screenshot, error) {
	var dst *image.RGBA
	at := 0 // pixels drawn so far
	for y := 0; y < h; y += tileHeight {
		b, err := step(tab, timeout, clipShot(y, w, min(tileHeight, h-y)))
		if err != nil {
			return nil, info, fmt.Errorf("tile at %d: %w", y, err)
		}
		tile, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, info, fmt.Errorf("tile at %d: %w", y, err)
		}
		tb := tile.Bounds()
		if dst == nil { // pixels per CSS pixel, from the first tile
			scale := float64(tb.Dy()) / float64(min(tileHeight, h))
			dst = image.NewRGBA(image.Rect(0, 0, tb.Dx(), int(math.Round(float64(h)*scale))))
		}
		draw.Draw(dst, image.Rect(0, at, tb.Dx(), at+tb.Dy()), tile, tb.Min, draw.Src)
		at += tb.Dy()
		info.Tiles++
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, dst); err != nil {
		return nil, info, fmt.Errorf("encode: %w", err)
	}
	info.Width, info.Height = dst.Bounds().Dx(), dst.Bounds().Dy()
	return buf.Bytes(), info, nil
}

// contentSize is the document's size in CSS pixels, at least the
// viewport's.
func contentSize(ctx context.Context, t *chromedp.Target) (image.Point, error) {
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return image.Point{}, fmt.Errorf("layout metrics: %w", err)
	}
	var p image.Point
	if c := m.CSSContentSize; c != nil {
		p = image.Pt(int(math.Ceil(c.Width)), int(math.Ceil(c.Height)))
	}
	if v := m.CSSLayoutViewport; v != nil {
		p = image.Pt(max(p.X, int(v.ClientWidth)), max(p.Y, int(v.ClientHeight)))
	}
	return image.Pt(max(p.X, 1), max(p.Y, 1)), nil
}

// clipShot captures a band of the page, y to y+h CSS pixels from the top,
// rendered beyond the viewport.
func clipShot(y, w, h int) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: new(true), FromSurface: new(true),
			OptimizeForSpeed: new(true),
			Clip:             &page.Viewport{X: 0, Y: float64(y), Width: float64(w), Height: float64(h), Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}

// viewportShot captures what the viewport shows.
func viewportShot(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, FromSurface: new(true), OptimizeForSpeed: new(true),
	})
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// shownScreenshot is the viewport as it is shown, scrolled where it is; it
// has the signature of fullScreenshot, whose height cap does not apply.
func shownScreenshot(tab context.Context, timeout time.Duration, _ int) ([]byte, Screenshot, error) {
	b, err := step(tab, timeout, viewportShot)
	if err != nil {
		return nil, Screenshot{}, err
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, Screenshot{}, fmt.Errorf("screenshot: %w", err)
	}
	return b, Screenshot{Width: cfg.Width, Height: cfg.Height, Tiles: 1, MaxHeight: cfg.Height}, nil
}
