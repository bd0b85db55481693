package report

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// names are subjects' names and posts in the scripts the report must set:
// each must come out of the PDF as written, in logical order.
var names = map[string]string{
	"Arabic":  "محمد عبد الله الكيستريل",
	"Hebrew":  "יוסף בן דוד הכהן",
	"Korean":  "김민준 작전 황조롱이",
	"Chinese": "红隼行动的王小明",
	"Hindi":   "अर्जुन कुमार शर्मा",
	"Welsh":   "Siôn ap Llŷr o Ddyffryn Ŵy",
	"Polish":  "Łukasz Żółć-Gęślą",
}

func TestScripts(t *testing.T) {
	testenv.Commands(t, "pdftotext", "pdffonts")
	r := fixtureReport(t)
	for script, name := range names {
		e := r.Exhibits[0]
		e.Ref, e.Title, e.Note, e.Officer, e.Screenshot = "NM/"+script, name, script+": "+name, name, nil
		r.Exhibits = append(r.Exhibits, e)
	}
	pdf := writeReport(t, r, "scripts.pdf")
	text := squash(run(t, "pdftotext", pdf, "-"))
	for script, name := range names {
		if c := strings.Count(text, squash(name)); c < 3 {
			t.Errorf("%s: %q found %d times in the text, want it as title, officer and note at least", script, name, c)
		}
	}
	checkFontsNamed(t, pdf, pageText(t, pdf, 1))
}

// checkFontsNamed compares the fonts the cover names with those pdffonts
// finds embedded: every embedded font with a name is named on the cover.
// (Chromium embeds CFF fonts, Noto Sans CJK among them, as Type 3 fonts
// without a name; the cover names those too.)
func checkFontsNamed(t *testing.T, pdf, cover string) {
	t.Helper()
	named := squash(cover)
	var embedded []string
	subset := regexp.MustCompile(`^[A-Z]{6}\+`)
	for _, l := range strings.Split(run(t, "pdffonts", pdf), "\n")[2:] {
		f := strings.Fields(l)
		if len(f) == 0 || f[0] == "[none]" {
			continue
		}
		name := subset.ReplaceAllString(f[0], "")
		embedded = append(embedded, name)
		if !strings.Contains(named, "("+name+")") {
			t.Errorf("font %s is embedded but the cover does not name it", name)
		}
	}
	for _, want := range []string{"NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansHebrew-Regular", "NotoSansDevanagari-Regular"} {
		if !slices.Contains(embedded, want) {
			t.Errorf("%s not embedded (pdffonts: %v)", want, embedded)
		}
	}
	if !strings.Contains(named, "NotoSansCJK") {
		t.Errorf("the cover names no CJK font:\n%s", cover)
	}
}
