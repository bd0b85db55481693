package report

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/color/palette"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/internal/testenv"
)

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// screenshotKinds are images in every form a screenshot might come in.
func screenshotKinds(t *testing.T) map[string][]byte {
	t.Helper()
	const w, h = 320, 240
	nrgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	rgba64 := image.NewRGBA64(image.Rect(0, 0, w, h))
	pal := image.NewPaletted(image.Rect(0, 0, w, h), palette.WebSafe)
	gray := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			nrgba.Set(x, y, color.NRGBA{uint8(x), uint8(y), 200, uint8(x % 256)})
			rgba64.Set(x, y, color.RGBA64{uint16(x * 200), uint16(y * 270), 0x8000, 0xffff})
			pal.Set(x, y, color.RGBA{uint8(x), 0, uint8(y), 255})
			gray.Set(x, y, color.Gray{uint8(x + y)})
		}
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, nrgba, nil); err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"png-rgb":     fakePage(t, w, h, 1),
		"png-alpha":   encodePNG(t, nrgba),
		"png-16bit":   encodePNG(t, rgba64),
		"png-palette": encodePNG(t, pal),
		"png-gray":    encodePNG(t, gray),
		"jpeg":        jpg.Bytes(),
	}
}

func TestScreenshotFormats(t *testing.T) {
	kinds := screenshotKinds(t)
	r := Report{Case: "OP-IMG-1", Classification: "OFFICIAL"}
	for name, img := range kinds {
		r.Exhibits = append(r.Exhibits, Exhibit{Ref: name, Title: name, Screenshot: img})
	}
	testenv.Commands(t, "pdftoppm")
	pdf := writeReport(t, r, "formats.pdf")
	if got, want := renderedPages(t, pdf), 1+2*len(kinds)+1+1; got != want {
		t.Errorf("pages = %d, want %d", got, want)
	}
}

func TestScreenshotTruncated(t *testing.T) {
	testenv.Commands(t, "pdftoppm", "pdftotext")
	// 100 px wide is scaled up to the page width, so 4,000 px would need
	// about 30 pages.
	shot := fakePage(t, 100, 4000, 2)
	if wantParts(t, Exhibit{Screenshot: shot}) < MaxScreenshotPages || 4000*contentWMM/100 < (MaxScreenshotPages+1)*sliceMM {
		t.Fatal("test image is not tall enough")
	}
	r := Report{Case: "OP-TALL-1", Classification: "OFFICIAL", Exhibits: []Exhibit{{
		Ref: "AB/1", BundleFile: "bundles/AB-1.wacz", Screenshot: shot,
	}}}
	pdf := writeReport(t, r, "tall.pdf")
	want := 1 + 1 + MaxScreenshotPages + 1 + 1
	if got := renderedPages(t, pdf); got != want {
		t.Fatalf("pages = %d, want %d", got, want)
	}
	last := pageText(t, pdf, 2+MaxScreenshotPages)
	if !strings.Contains(last, "part "+strconv.Itoa(MaxScreenshotPages)+" of "+strconv.Itoa(MaxScreenshotPages)) ||
		!strings.Contains(squash(last), squash("are not printed in this report: see evidence/screenshot.png in bundles/AB-1.wacz")) {
		t.Errorf("last screenshot page does not say the rest is left out:\n%s", last)
	}
	// The PDF holds the rows shown, not the whole picture.
	testenv.Commands(t, "pdfimages")
	for _, l := range strings.Split(run(t, "pdfimages", "-list", pdf), "\n")[2:] {
		if f := strings.Fields(l); len(f) > 4 && f[3] != "100" || len(f) > 4 && f[4] == "4000" {
			t.Errorf("image stored as %s×%s, want the 100 px wide top rows only", f[3], f[4])
		}
	}
}

func TestScreenshotNotAnImage(t *testing.T) {
	r := Report{Case: "OP-BAD-1", Exhibits: []Exhibit{{Ref: "AB/7", Screenshot: []byte("not a picture")}}}
	_, err := Write(context.Background(), &bytes.Buffer{}, r, testPrinter(t))
	if err == nil || !strings.Contains(err.Error(), "exhibit AB/7: screenshot") {
		t.Fatalf("Write = %v, want an error naming the exhibit's screenshot", err)
	}
}
