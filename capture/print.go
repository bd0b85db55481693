package capture

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// Attributes of a printed page's elements that PrintPDF fills in:
// FontsUsedAttr with the fonts the page's text is set in, PageOfAttr with
// the number of the page on which the element it names (by id) starts;
// some link in the page must point at that element (href="#id").
const (
	FontsUsedAttr = "data-fonts-used"
	PageOfAttr    = "data-page-of"
)

// PrintPDF typesets a document of Sightline's own, the HTML file at page on
// this machine with its images and style beside it, in a new tab, and
// prints it with Page.printToPDF on the paper and margins its CSS @page
// gives, with header and footer as Chromium's templates (classes
// pageNumber and totalPages become the numbers). Before printing it writes
// into every element with the FontsUsedAttr attribute the fonts Chromium
// chose for the text, as "Family (PostScript name)", in the order of the
// glyphs they set, most first, and into every element with PageOfAttr the
// page number it asks for, which takes a first printing with the images
// hidden. It returns the fonts too.
func (b *Browser) PrintPDF(ctx context.Context, page, header, footer string, w io.Writer) ([]string, error) {
	abs, err := filepath.Abs(page)
	if err != nil {
		return nil, fmt.Errorf("print %s: %w", page, err)
	}
	br, err := b.live(ctx)
	if err != nil {
		return nil, fmt.Errorf("print %s: %w", page, err)
	}
	tab, cancel := chromedp.NewContext(br.ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	fail := func(step string, err error) ([]string, error) {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("print %s: %s: %w", page, step, err)
	}
	u := url.URL{Scheme: "file", Path: abs}
	if err := chromedp.Do(tab, chromedp.Navigate(u.String())); err != nil {
		return fail("load", err)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return fail("load fonts", err)
	}
	fonts, err := chromedp.Run(tab, fontsUsed)
	if err != nil {
		return fail("list fonts", err)
	}
	list, err := json.Marshal(fonts)
	if err != nil {
		return fail("name fonts", err)
	}
	fill := fmt.Sprintf(`(fonts => { for (const e of document.querySelectorAll('[%s]')) e.textContent = fonts.join('; '); return true })(%s)`,
		FontsUsedAttr, list)
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fill)); err != nil {
		return fail("name fonts", err)
	}
	toPDF := chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(header), chromedp.PDFFooterTemplate(footer), chromedp.PDFOutlineAndTagged(), chromedp.PDFStream())
	if err := numberPages(tab, toPDF); err != nil {
		return fail("number pages", err)
	}
	pdf, err := chromedp.Run(tab, toPDF)
	if err != nil {
		return fail("print to PDF", err)
	}
	if _, err := w.Write(pdf); err != nil {
		return nil, fmt.Errorf("print %s: write PDF: %w", page, err)
	}
	return fonts, nil
}

// fontsUsed asks Chromium which platform fonts set the page's text and
// sums the glyphs per font. Asking for every element is slow (a CDP call
// each; the audit log report has three per event), so the page marks one
// element of each group with the same font family, weight and style whose
// own text draws on the same Unicode blocks (of 128 code points), and
// weighs its glyphs by the group's characters.
func fontsUsed(ctx context.Context, t *chromedp.Target) ([]string, error) {
	weights, err := chromedp.Evaluate[[]float64](markFontProbesJS)(ctx, t)
	if err != nil {
		return nil, err
	}
	if _, err := cdp.Call(ctx, t, dom.Enable, dom.EnableParams{}); err != nil {
		return nil, err
	}
	if _, err := cdp.Call(ctx, t, css.Enable, cdp.Empty{}); err != nil {
		return nil, err
	}
	doc, err := cdp.Call(ctx, t, dom.GetDocument, dom.GetDocumentParams{Depth: new(int64(0))})
	if err != nil {
		return nil, err
	}
	probes, err := cdp.Call(ctx, t, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: doc.Root.NodeID, Selector: "[" + fontProbeAttr + "]"})
	if err != nil {
		return nil, err
	}
	if len(probes.NodeIDs) != len(weights) {
		return nil, fmt.Errorf("%d font probes marked, %d found", len(weights), len(probes.NodeIDs))
	}
	glyphs := map[string]float64{}
	for i, id := range probes.NodeIDs {
		res, err := cdp.Call(ctx, t, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: id})
		if err != nil {
			return nil, err
		}
		for _, f := range res.Fonts {
			glyphs[fontName(f)] += f.GlyphCount * weights[i]
		}
	}
	if _, err := chromedp.Evaluate[bool](`(() => { for (const e of document.querySelectorAll('[`+fontProbeAttr+`]')) e.removeAttribute('`+fontProbeAttr+`'); return true })()`)(ctx, t); err != nil {
		return nil, err
	}
	names := slices.Collect(maps.Keys(glyphs))
	slices.SortFunc(names, func(a, b string) int {
		if c := cmp.Compare(glyphs[b], glyphs[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return names, nil
}

const fontProbeAttr = "data-sightline-font-probe"

// markFontProbesJS marks the first element of each group (fontsUsed) and
// returns, in document order, each group's characters over its first
// element's own.
const markFontProbesJS = `(() => {
	const groups = new Map(), out = [];
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
	for (let e = document.body; e; e = walk.nextNode()) {
		let text = '';
		for (const c of e.childNodes) if (c.nodeType === Node.TEXT_NODE) text += c.nodeValue;
		text = text.replace(/\s+/g, '');
		if (!text) continue;
		const cs = getComputedStyle(e), blocks = new Set();
		for (const ch of text) blocks.add(ch.codePointAt(0) >> 7);
		const key = [cs.fontFamily, cs.fontWeight, cs.fontStyle, [...blocks].sort((a, b) => a - b).join(',')].join('|');
		let g = groups.get(key);
		if (!g) {
			g = {own: [...text].length, chars: 0, at: out.length};
			groups.set(key, g);
			out.push(0);
			e.setAttribute('` + fontProbeAttr + `', '');
		}
		g.chars += [...text].length;
		out[g.at] = g.chars / g.own;
	}
	return out;
})()`

func fontName(f *css.PlatformFontUsage) string {
	if f.PostScriptName == "" || f.PostScriptName == f.FamilyName {
		return f.FamilyName
	}
	return f.FamilyName + " (" + f.PostScriptName + ")"
}

// numberPages fills in the PageOfAttr elements: it prints the page once
// with its images hidden, which leaves the layout as it is and skips
// encoding them, reads where the named destinations fell, and writes each
// element's number. A page without such elements is left alone.
func numberPages(tab context.Context, toPDF chromedp.Action[[]byte]) error {
	const hide = `(on => { let s = document.getElementById('sightline-numbering');
		if (on && !s) { s = document.createElement('style'); s.id = 'sightline-numbering';
			s.textContent = 'img { visibility: hidden !important }'; document.head.appendChild(s) }
		if (!on && s) s.remove(); return document.querySelectorAll('[` + PageOfAttr + `]').length })`
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](hide+`(true)`))
	if err != nil || n == 0 {
		if err == nil {
			_, err = chromedp.Run(tab, chromedp.Evaluate[int](hide+`(false)`))
		}
		return err
	}
	draft, err := chromedp.Run(tab, toPDF)
	if err != nil {
		return err
	}
	pages, err := destPages(draft)
	if err != nil {
		return fmt.Errorf("read the draft: %w", err)
	}
	list, err := json.Marshal(pages)
	if err != nil {
		return err
	}
	fill := fmt.Sprintf(`(pages => { for (const e of document.querySelectorAll('[%s]')) { const n = pages[e.getAttribute('%s')];
		e.textContent = n ? String(n) : '—' } return true })(%s)`, PageOfAttr, PageOfAttr, list)
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fill)); err != nil {
		return err
	}
	_, err = chromedp.Run(tab, chromedp.Evaluate[int](hide+`(false)`))
	return err
}
