package report

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // screenshots may be JPEG
	"image/png"
	"math"

	"github.com/signintech/gopdf"
)

// A screenshot is scaled to the content width, keeping its aspect ratio,
// and split into parts of shotSliceH points, one part per page, each page
// headed by a caption. The image is embedded once and each page shows a
// window onto it, so the PDF holds the picture's pixels only once.

const (
	shotCaptionH = 40.0
	shotTop      = contentTop + shotCaptionH
	shotSliceH   = contentBottom - shotTop
)

// shotParts is how many pages a screenshot of w×h pixels needs, before the
// MaxScreenshotPages limit.
func shotParts(w, h int) int {
	if w <= 0 || h <= 0 {
		return 0
	}
	scaled := float64(h) * contentW / float64(w)
	return max(1, int(math.Ceil((scaled-0.5)/shotSliceH)))
}

// screenshot draws e's screenshot on pages of its own.
func (d *doc) screenshot(e Exhibit) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(e.Screenshot))
	if err != nil {
		return fmt.Errorf("read image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("read image: empty image %dx%d", cfg.Width, cfg.Height)
	}
	scale := contentW / float64(cfg.Width)
	parts := shotParts(cfg.Width, cfg.Height)
	shown := min(parts, MaxScreenshotPages)
	shownPx := cfg.Height
	if shown < parts {
		shownPx = int(float64(shown) * shotSliceH / scale)
	}
	data, err := pdfImage(e.Screenshot, shownPx)
	if err != nil {
		return err
	}
	holder, err := gopdf.ImageHolderByBytes(data)
	if err != nil {
		return fmt.Errorf("load image: %w", err)
	}
	scaled := float64(shownPx) * scale
	d.continued = nil
	for k := 0; k < shown; k++ {
		if err := d.newPage(); err != nil {
			return err
		}
		if err := d.shotCaption(e, cfg, k, shown, parts, scale); err != nil {
			return err
		}
		top := float64(k) * shotSliceH
		sliceH := math.Min(shotSliceH, scaled-top)
		err := d.pdf.ImageByHolderWithOptions(holder, gopdf.ImageOptions{
			X:    marginX,
			Y:    shotTop,
			Rect: &gopdf.Rect{W: contentW, H: scaled},
			Crop: &gopdf.CropOptions{X: 0, Y: top, Width: contentW, Height: sliceH},
		})
		if err != nil {
			return fmt.Errorf("draw image: %w", err)
		}
		d.frameBox(marginX, shotTop, contentW, sliceH, colRule, 0.6)
		if e.Withdrawn != "" && sliceH > 100 {
			if err := d.watermark("WITHDRAWN", marginX+contentW/2, shotTop+sliceH/2); err != nil {
				return err
			}
		}
	}
	return nil
}

// watermark draws large, faint, slanted red text centred on (cx, cy).
func (d *doc) watermark(text string, cx, cy float64) error {
	st := style{faceBold, 66, colRed}
	l, err := d.fit(text, st, contentW)
	if err != nil {
		return err
	}
	if err := d.fonts.use(st.face, st.size); err != nil {
		return err
	}
	d.pdf.SetTextColor(st.color.r, st.color.g, st.color.b)
	h := st.size * 1.2
	d.pdf.Rotate(35, cx, cy)
	defer d.pdf.RotateReset()
	d.pdf.SetXY(cx-l.width/2, cy-h/2)
	return d.pdf.CellWithOption(&gopdf.Rect{W: l.width, H: h}, text, gopdf.CellOption{
		Align:        gopdf.Center | gopdf.Middle,
		Transparency: &gopdf.Transparency{Alpha: 0.28, BlendModeType: gopdf.NormalBlendMode},
	})
}

// shotCaption draws the two lines above a part of a screenshot.
func (d *doc) shotCaption(e Exhibit, cfg image.Config, k, shown, parts int, scale float64) error {
	title := fmt.Sprintf("Exhibit %s · full-page screenshot", e.Ref)
	right := fmt.Sprintf("part %d of %d", k+1, shown)
	rightSt := style{faceBold, 9, colInk}
	if e.Withdrawn != "" {
		right = "WITHDRAWN · " + right
		rightSt.color = colRed
	}
	r, err := d.fit(right, rightSt, contentW/2)
	if err != nil {
		return err
	}
	st := style{faceBold, 9, colAccent}
	l, err := d.fit(title, st, contentW-r.width-12)
	if err != nil {
		return err
	}
	y := contentTop + st.baseline()
	if err := d.drawLine(l, st, marginX, y, contentW, alignLeft); err != nil {
		return err
	}
	if err := d.drawLine(r, rightSt, marginX, y, contentW, alignRight); err != nil {
		return err
	}
	from := int(float64(k) * shotSliceH / scale)
	to := min(cfg.Height, int(float64(k+1)*shotSliceH/scale))
	y += st.lineHeight() + 1
	info := fmt.Sprintf("Image %d × %d px, shown at %.0f%% of its size; this part shows rows %d to %d.", cfg.Width, cfg.Height, scale*100, from+1, to)
	il, err := d.fit(info, stMuted, contentW)
	if err != nil {
		return err
	}
	if err := d.drawLine(il, stMuted, marginX, y, contentW, alignLeft); err != nil {
		return err
	}
	if k < shown-1 || shown == parts {
		return nil
	}
	cut := fmt.Sprintf("Rows %d to %d are not printed in this report: see evidence/screenshot.png in %s.", to+1, cfg.Height, orDash(e.BundleFile))
	cst := style{faceBold, 8, colAmber}
	cl, err := d.fit(cut, cst, contentW)
	if err != nil {
		return err
	}
	return d.drawLine(cl, cst, marginX, y+stMuted.lineHeight(), contentW, alignLeft)
}

// pdfImage returns image bytes gopdf embeds without decoding them: an
// 8-bit, non-interlaced, opaque PNG or a JPEG, at most maxH rows tall.
// Anything else is decoded, flattened onto white and encoded again.
func pdfImage(b []byte, maxH int) ([]byte, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("read image: %w", err)
	}
	if cfg.Height <= maxH && (format == "jpeg" || (format == "png" && plainPNG(b))) {
		return b, nil
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	bounds := img.Bounds()
	if bounds.Dy() > maxH {
		bounds.Max.Y = bounds.Min.Y + maxH
	}
	flat := image.NewRGBA(image.Rect(0, 0, bounds.Dx(), bounds.Dy()))
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), img, bounds.Min, draw.Over)
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, flat); err != nil {
		return nil, fmt.Errorf("encode image: %w", err)
	}
	return out.Bytes(), nil
}

// plainPNG reports an 8-bit (or less), non-interlaced greyscale or RGB PNG
// with no transparency, which PDF can take as it is.
func plainPNG(b []byte) bool {
	if len(b) < 33 {
		return false
	}
	depth, colorType, interlace := b[24], b[25], b[28]
	if depth > 8 || interlace != 0 || (colorType != 0 && colorType != 2) {
		return false
	}
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		switch string(b[i+4 : i+8]) {
		case "tRNS":
			return false
		case "IDAT":
			return true
		}
		i += 12 + n
	}
	return false
}
