// Package report writes the PDF exhibit report of an evidence pack
// (DESIGN.md §7): the report.pdf a case officer hands to the CPS and the
// court beside the bundles, the hash list and the audit extract.
//
// Terms, in DESIGN.md's words:
//
//   - exhibit: one capture chosen for the pack, under an exhibit reference
//     such as "JS/1", with its sealed bundle (bundles/JS-1.wacz), the bundle
//     file's SHA-256 and the bundle's identity (the SHA-256 of its
//     datapackage.json, "sha256:<hex>").
//   - withdrawn: an exhibit removed from the case; its bundle is kept and
//     the report still shows it, marked withdrawn with the reason.
//   - incomplete: a capture that did not finish normally (for example a page
//     that never reached network idle), with the reason.
//   - audit extract: the audit events for the case and its captures, with
//     the status of their hash chain.
//   - classification: the Government Security Classification marking of the
//     case, printed at the top and bottom of every page.
//
// Layout (A4 portrait): a cover page with the case, the officer, the date
// (UTC), the software, the signing key's fingerprint, the fonts the report
// is set in and the contents, linked to the sections; one section per
// exhibit, starting on a new page with its heading, any withdrawn or
// incomplete notice and a table of its details (URLs, capture times,
// officer, persona, bundle file, SHA-256, bundle identity, note), then its
// full-page screenshot scaled to the page width and split across pages of
// its own (at most MaxScreenshotPages; the rest is left out with a note
// pointing at the bundle); the audit extract as a table; and "How to
// verify". Every page has the classification at top and bottom, the case in
// its header and "Page N of M" in its footer. The PDF has an outline of
// the sections' headings and is tagged.
//
// The report is written as HTML (templates/, with style.css) and typeset
// by Chromium, the browser Sightline already drives, through a Printer
// (capture.Browser.PrintPDF, Page.printToPDF): Chromium shapes and orders
// every script, right-to-left ones included, and embeds the subsets of the
// fonts it used. The style asks for Debian's Noto families (fonts-noto-core,
// fonts-noto-cjk, fonts-noto-mono: Latin, Greek, Cyrillic, Arabic, Hebrew,
// Devanagari, Han, kana and Hangul), which the install step adds; the
// cover names the fonts Chromium actually chose. URLs and hashes wrap at
// any character, so never at a hyphen a reader might take for a break.
//
// The output is not byte-for-byte reproducible: Chromium stamps the PDF
// with the time it was printed. The pack's SHA256SUMS and signed manifest
// fix the report.pdf that was exported.
package report
