package capture

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

// classicPDF writes objects as a PDF with a classic cross-reference table,
// as Chromium's printing does; objects[i] is object i+1.
func classicPDF(objects ...string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF", len(objects)+1, xref)
	return []byte(b.String())
}

func TestDestPages(t *testing.T) {
	pdf := classicPDF(
		"<</Type /Catalog\n/Pages 2 0 R\n/Dests 3 0 R>>",
		"<</Type /Pages\n/Count 3\n/Kids [4 0 R 5 0 R]>>",
		"<</exhibit-1 [6 0 R /XYZ 0 841.9 0]\n/audit [7 0 R /XYZ 0 841.9 0]\n/lost [9 0 R /XYZ 0 0 0]>>",
		"<</Type /Page\n/Parent 2 0 R>>",
		"<</Type /Pages\n/Parent 2 0 R\n/Kids [6 0 R 7 0 R]>>",
		"<</Type /Page\n/Parent 5 0 R>>",
		"<</Type /Page\n/Parent 5 0 R>>",
	)
	got, err := destPages(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"exhibit-1": 2, "audit": 3}; !maps.Equal(got, want) {
		t.Errorf("destPages = %v, want %v", got, want)
	}
	for name, bad := range map[string][]byte{
		"empty":       nil,
		"no xref":     []byte("%PDF-1.4\nstartxref\n9\n%%EOF"),
		"cut short":   pdf[:len(pdf)/2],
		"loop":        classicPDF("<</Type /Catalog\n/Pages 2 0 R>>", "<</Type /Pages\n/Kids [2 0 R]>>"),
		"missing obj": classicPDF("<</Type /Catalog\n/Pages 7 0 R>>"),
	} {
		if _, err := destPages(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
