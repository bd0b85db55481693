// Package capture preserves a web page as the researcher sees it. It drives
// headless Chromium through the DevTools protocol (chromedp) and returns the
// page's artefacts (full-page screenshot, rendered DOM) and the metadata of
// DESIGN.md §3, ready for the evidence package to seal.
//
// Terms, in DESIGN.md's words:
//
//   - browser: one headless Chromium process that Start runs on a dedicated
//     profile (never the user's own) and that every capture reuses, so a
//     capture pays for a new tab and not for a new browser.
//   - capture: one page loaded in its own tab and preserved: its screenshot,
//     its DOM, every request and response the tab made, and the metadata
//     (URLs, redirects, status, headers, server address, TLS, title, times,
//     browser, viewport, dialogs).
//   - tab: the Chromium target a capture opens for itself and closes when it
//     returns; captures never share a tab, so several can run at once.
//   - deadline: the longest a capture waits for the page (navigation, load
//     event and settle window together). When it passes, the capture stops
//     waiting and preserves what the page shows. The steps after it
//     (screenshot, DOM, metadata) each have their own short timeout, so a
//     capture returns within Deadline plus a few step timeouts at worst.
//   - settle window: how long the network must stay idle (no request in
//     flight) after the load event before the page counts as finished, so
//     scripts that fetch or render after load are included.
//   - incomplete: a capture whose deadline passed before the load event or
//     the settle window. It still has a screenshot and a DOM; the metadata
//     says so (Incomplete, IncompleteReason) rather than the capture failing.
//   - dialog: a JavaScript alert, confirm, prompt or beforeunload box. A
//     capture records each one and dismisses it, so a dialog never blocks.
//   - exchange: one HTTP request of the tab with its response; a capture
//     keeps all of them, not only the main document's.
//
// Popups (window.open) are blocked as in an ordinary browser, so no tab
// outlives its capture in the shared browser.
//
// Library code here never prints, logs or exits: errors are returned, and
// chromedp's own diagnostics go to Options.Logf when one is given.
//
// Errors callers branch on: ErrUnsupportedScheme (the URL is not an http or
// https URL with a host; returned before the browser is touched),
// ErrBrowserNotFound (no Chromium to start) and *LoadError (the page did not
// load at all: DNS failure, refused connection, no response before the
// deadline).
package capture
