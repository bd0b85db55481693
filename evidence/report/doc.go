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
// (UTC), the software, the signing key's fingerprint and the contents; one
// section per exhibit, starting on a new page with its heading, any
// withdrawn or incomplete notice and a table of its details (URLs, capture
// times, officer, persona, bundle file, SHA-256, bundle identity, note),
// then its full-page screenshot scaled to the page width and split across
// pages of its own (at most MaxScreenshotPages; the rest is left out with a
// note pointing at the bundle); the audit extract as a table; and "How to
// verify". Every page has the case in its header and "Page N of M" in its
// footer.
//
// Text is set in fonts embedded in the binary (assets/fonts, with their
// licences): DejaVu Sans, Sans Bold and Sans Mono for Latin, Greek,
// Cyrillic, Hebrew and Arabic, and Droid Sans Fallback for Chinese and
// Japanese; Hangul is not covered and prints as U+FFFD. Arabic is shaped
// into presentation forms and right-to-left text is reordered with a compact
// bidi algorithm. Long URLs and hashes wrap anywhere when they have no
// better break.
//
// Output is deterministic: the same Report gives the same bytes, and the
// PDF's creation date is Report.Created.
package report
