package capture

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCaptureArtefacts(t *testing.T) {
	srv := newServer(t)
	res := capture(t, Request{URL: srv.URL + "/tall.html"}, nil)
	const phrase = "The quick brown fox captured as evidence."
	if len(res.Meta.ArtefactErrors) > 0 {
		t.Errorf("artefact errors: %v", res.Meta.ArtefactErrors)
	}
	if cfg := decodePNG(t, res.Viewport); cfg.Width != DefaultWidth || cfg.Height != DefaultHeight {
		t.Errorf("viewport PNG %dx%d, want %dx%d", cfg.Width, cfg.Height, DefaultWidth, DefaultHeight)
	}
	cfg := decodePNG(t, res.Screenshot)
	if s := res.Meta.Screenshot; s.Tiles != 1 || s.Capped || s.Width != cfg.Width || s.Height != cfg.Height || s.MaxHeight != DefaultMaxScreenshotHeight {
		t.Errorf("screenshot metadata %+v for a %dx%d PNG", s, cfg.Width, cfg.Height)
	}
	// MHTML bodies are quoted-printable: undo the soft line breaks.
	if m := strings.ReplaceAll(string(res.MHTML), "=\r\n", ""); !strings.HasPrefix(m, "From: ") || !strings.Contains(m, phrase) {
		t.Errorf("MHTML lacks the page text:\n%.300s", res.MHTML)
	}
	if n := pdfPages(res.PDF); !bytes.HasPrefix(res.PDF, []byte("%PDF-")) || n < 1 {
		t.Errorf("PDF starts %.8q and has %d pages", res.PDF, n)
	}
	if !strings.Contains(res.Text, phrase) || !strings.Contains(res.Text, "band four") || strings.Contains(res.Text, "<p") {
		t.Errorf("text %q: want the visible text, no markup", res.Text)
	}
	t.Run("annotated", func(t *testing.T) { checkAnnotated(t, res) })
}

// pdfPages counts the page objects of a PDF.
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}

func checkAnnotated(t *testing.T, res *Result) {
	raw := bytes.Clone(res.Screenshot)
	stamp := Stamp{URL: res.Meta.FinalURL, Time: res.Meta.Start, Case: "OP-KESTREL-24", Officer: "PC 4711 Smith", Persona: "overt"}
	out, err := Annotate(res.Screenshot, stamp)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, res.Screenshot) {
		t.Fatal("Annotate changed the raw screenshot")
	}
	src, _ := png.Decode(bytes.NewReader(raw))
	ann, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	sb, ab := src.Bounds(), ann.Bounds()
	band := ab.Dy() - sb.Dy()
	if ab.Dx() != sb.Dx() || band < 5*bandLineHeight {
		t.Fatalf("annotated %v, raw %v: want the same width and a band of 5 lines or more", ab, sb)
	}
	for y := 0; y < sb.Dy(); y += 97 {
		for x := 0; x < sb.Dx(); x += 61 {
			if !sameColor(src.At(x, y), ann.At(x, y+band)) {
				t.Fatalf("pixel %d,%d of the screenshot differs under the band", x, y)
			}
		}
	}
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestCaptureTallPages(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		px, cap, height, tiles int
	}{
		{px: 10000, height: 10000, tiles: 1},
		{px: 10000, cap: 6000, height: 6000, tiles: 1},
		{px: 40000, height: 40000, tiles: 3},
	} {
		res := capture(t, Request{URL: srv.URL + "/height?px=" + strconv.Itoa(tc.px), MaxScreenshotHeight: tc.cap}, nil)
		img, err := png.Decode(bytes.NewReader(res.Screenshot))
		if err != nil {
			t.Fatal(err)
		}
		s, b := res.Meta.Screenshot, img.Bounds()
		if b.Dy() != tc.height || s.Height != tc.height || s.Tiles != tc.tiles || s.Capped != (tc.cap != 0) || res.Meta.PageHeight != tc.px {
			t.Errorf("%d px, cap %d: PNG %v, metadata %+v, page height %d", tc.px, tc.cap, b, s, res.Meta.PageHeight)
		}
		checkBands(t, img)
	}
}

// checkBands checks the middle of every band has the band's colour, so no
// tile came out blank or in the wrong place.
func checkBands(t *testing.T, img image.Image) {
	t.Helper()
	for y := 500; y < img.Bounds().Dy(); y += 1000 {
		want := bands[(y/1000)%len(bands)]
		if got := img.At(640, y); !sameColor(got, want) {
			t.Errorf("pixel at y=%d is %v, want %v", y, got, want)
			return
		}
	}
}

func TestAnnotateWrapsAndShowsHiddenCharacters(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 300, 40))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	long := "https://example.org/" + strings.Repeat("segment/", 40) + "?q=\u202Eevil"
	out, err := Annotate(buf.Bytes(), Stamp{URL: long, Time: time.Date(2026, 11, 23, 11, 31, 8, 123e6, time.UTC), Case: "Ω-1"})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	face, err := bandFace()
	if err != nil {
		t.Fatal(err)
	}
	lines := Stamp{URL: long, Case: "Ω-1"}.lines(face, 276<<6)
	if len(lines) < 10 || cfg.Height != 40+2*bandMargin+bandRule+len(lines)*bandLineHeight || cfg.Width != 300 {
		t.Errorf("%d lines, PNG %dx%d", len(lines), cfg.Width, cfg.Height)
	}
	if !strings.Contains(strings.Join(lines, ""), "<U+202E>evil") {
		t.Errorf("the right-to-left override is not shown: %q", lines)
	}
	if got := (Stamp{Time: time.Date(2026, 11, 23, 11, 31, 8, 123e6, time.FixedZone("BST", 3600))}).lines(face, 1<<20)[1]; got != "Captured: 2026-11-23T10:31:08.123Z (UTC)" {
		t.Errorf("time line %q", got)
	}
	if _, err := Annotate([]byte("not a PNG"), Stamp{}); err == nil {
		t.Error("Annotate accepted bytes that are not a PNG")
	}
}
