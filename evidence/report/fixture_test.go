package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"testing"
	"time"
)

// Test data for the report: three exhibits (a tall screenshot; Cyrillic,
// Arabic and an IDN with percent-encoding; a withdrawn one with a CJK
// title) and 30 audit events.

var fixtureCreated = time.Date(2024, 5, 2, 9, 30, 0, 0, time.UTC)

const (
	tallW, tallH = 1280, 5000
	viewW, viewH = 1280, 800
)

func fixtureReport(tb testing.TB) Report {
	tb.Helper()
	start := time.Date(2024, 5, 1, 10, 22, 33, 123e6, time.UTC)
	exhibits := []Exhibit{
		{
			Ref:        "JS/1",
			CaptureID:  "cap-01HX7Q2M5V9T3K8N4R6P0W1Y2Z",
			Title:      "Kestrel Motors – used cars for sale in Manchester, Salford and Trafford | Page 3 of listings",
			URL:        "https://www.kestrel-motors.example/listings/used-cars/manchester?page=3&sort=price_asc&utm_source=newsletter&utm_medium=email&utm_campaign=spring-2024-clearance-event",
			FinalURL:   "https://www.kestrel-motors.example/listings/used-cars/manchester?page=3&sort=price_asc",
			Started:    start,
			Ended:      start.Add(4217 * time.Millisecond),
			Officer:    "JS4521 Jane Smith",
			Persona:    "overt (Greater Manchester Police OSINT)",
			Note:       "Listing page showing the blue Ford Transit, registration partly visible, advertised by user \"kestrel_trader\". Captured after scrolling to the end of the listings.",
			BundleFile: "bundles/JS-1.wacz",
			SHA256:     "3f5a9c0e7b21d4f68a1e0c9b7d2f4a6e8c0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f",
			PackageID:  "sha256:9b1c3e5a7d9f1b3d5e7a9c1e3f5b7d9a1c3e5f7b9d1a3c5e7f9b1d3a5c7e9f1b",
			Screenshot: fakePage(tb, tallW, tallH, 1),
		},
		{
			Ref:        "JS/2",
			CaptureID:  "cap-01HX7Q9D2S4F6H8J0K2L4M6N8P",
			Title:      "Новости Кестрел",
			URL:        "https://новости-кестрел.example/статья/2024/05/%D0%BE%D0%BF%D0%B5%D1%80%D0%B0%D1%86%D0%B8%D1%8F-%D0%BA%D0%B5%D1%81%D1%82%D1%80%D0%B5%D0%BB?id=42",
			FinalURL:   "https://xn----8sbfkcbqjb1bhg2d.example/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F/2024/05/42",
			Started:    start.Add(35 * time.Minute),
			Ended:      start.Add(35*time.Minute + 30*time.Second),
			Officer:    "JS4521 Jane Smith",
			Persona:    "research-07 (non-attributable)",
			Note:       "تم التقاط هذه الصفحة أثناء التحقيق في عملية كيستريل",
			BundleFile: "bundles/JS-2.wacz",
			SHA256:     "a0b1c2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddeeff",
			PackageID:  "sha256:ffeeddccbbaa99887766554433221100f9e8d7c6b5a4938271605f4e3d2c1b0a",
			Screenshot: fakePage(tb, viewW, viewH, 2),
			Incomplete: "page never reached network idle; captured at the 30 s deadline",
		},
		{
			Ref:        "JS/3",
			CaptureID:  "cap-01HX7R4B6C8D0E2F4G6H8J0K2L",
			Title:      "红隼行动 — 论坛帖子",
			URL:        "https://论坛.example/帖子/红隼行动?页=2",
			FinalURL:   "https://xn--5nq66l.example/%E5%B8%96%E5%AD%90/%E7%BA%A2%E9%9A%BC?p=2",
			Started:    start.Add(2 * time.Hour),
			Ended:      start.Add(2*time.Hour + 2100*time.Millisecond),
			Officer:    "JS4521 Jane Smith",
			Persona:    "research-07 (non-attributable)",
			Note:       "Forum post naming the subject.",
			BundleFile: "bundles/JS-3.wacz",
			SHA256:     "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
			PackageID:  "sha256:1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef",
			Screenshot: fakePage(tb, viewW, 1400, 3),
			Withdrawn:  "captured under the wrong case; re-captured as OP-HARRIER-24 exhibit MB/4",
		},
	}
	var audit []AuditRow
	actions := []string{"view", "capture", "view", "justification", "export"}
	for i := range 30 {
		audit = append(audit, AuditRow{
			Seq:     int64(101 + i),
			Time:    start.Add(time.Duration(i) * 7 * time.Minute),
			Officer: "JS4521",
			Action:  actions[i%len(actions)],
			Case:    "OP-KESTREL-24",
			URL:     fmt.Sprintf("https://www.kestrel-motors.example/listings/%d", 1000+i),
			Detail:  fmt.Sprintf(`{"persona":"research-07","episode":%d}`, i/4+1),
		})
	}
	return Report{
		Case:           "OP-KESTREL-24",
		CaseTitle:      "Operation Kestrel — vehicle fraud",
		Classification: "OFFICIAL-SENSITIVE",
		Officer:        "JS4521",
		OfficerName:    "DC Jane Smith",
		Created:        fixtureCreated,
		Software:       "Sightline 0.1.0",
		KeyFingerprint: "SHA256:8f3b2a1c9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a",
		Exhibits:       exhibits,
		Audit:          audit,
		AuditChain:     "intact: 30 events, head seq 130, hash 4c1d9e07b2a6f3e8",
		Verify: `Every file in this pack is listed in SHA256SUMS. To check them without Sightline, unzip the pack and run, in its folder:

  sha256sum -c SHA256SUMS

Each line must end in "OK". The SHA-256 of every bundle is also printed in this report, beside its exhibit.

Each bundle is a WACZ file (a ZIP). It opens in any WACZ reader, for example ReplayWeb.page, which also checks the bundle's signature. The bundle's identity is the SHA-256 of its datapackage.json.

With Sightline, one command checks every hash, every signature and the audit extract's chain:

  sightline verify OP-KESTREL-24-2024-05-02.zip

It prints what failed, if anything, and exits with status 1 on any failure.`,
	}
}

// fakePage draws something like a web page: a bar, a heading, paragraphs
// of grey lines and coloured pictures, so the rendered report can be judged
// by eye.
func fakePage(tb testing.TB, w, h int, seed int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		draw.Draw(img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{}, draw.Src)
	}
	fill(0, 0, w, h, color.RGBA{255, 255, 255, 255})
	fill(0, 0, w, 72, color.RGBA{uint8(20 + 40*seed), 60, 120, 255})
	fill(40, 24, 260, 48, color.RGBA{255, 255, 255, 255})
	y := 120
	for block := 0; y < h-80; block++ {
		fill(120, y, 120+300+(block*37+seed*53)%400, y+28, color.RGBA{40, 40, 40, 255})
		y += 52
		for l := 0; l < 4+(block+seed)%4 && y < h-40; l++ {
			fill(120, y, w-120-((l*71+block*13)%260), y+12, color.RGBA{150, 150, 150, 255})
			y += 24
		}
		if block%2 == 0 && y+260 < h {
			fill(120, y+10, 120+420, y+250, color.RGBA{uint8(60 * seed), uint8(120 + 20*block%100), 180, 255})
			y += 270
		}
		y += 30
	}
	fill(0, h-40, w, h, color.RGBA{230, 230, 230, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
