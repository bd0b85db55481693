// Package capture preserves a web page as the researcher sees it. It drives
// headless Chromium through the DevTools protocol (chromedp) and returns the
// page's artefacts (full-page and viewport screenshots, rendered DOM, MHTML,
// PDF, visible text), every request and response with their bodies, the
// files the page downloaded, and the metadata of DESIGN.md §3, as a
// *Result. This is where a capture is taken (Browser.Capture); it knows
// nothing of what is made of it: evidence/bundle's FromCapture turns the
// Result into a bundle's files. Annotate stamps the header band of
// DESIGN.md §3 on a copy of the screenshot.
//
// Terms, in DESIGN.md's words:
//
//   - browser: one headless Chromium process that Start runs on a dedicated
//     profile (never the user's own) and that every capture reuses, so a
//     capture pays for a new tab and not for a new browser.
//   - capture: one page loaded in its own tab and preserved: its artefacts,
//     every request and response the tab made, and the metadata (URLs,
//     redirects, status, headers, server address, TLS, cookies, title,
//     timing, browser, viewport, dialogs, pop-ups, scrolling).
//   - tab: the Chromium target a capture opens for itself and closes when it
//     returns; captures never share a tab, so several can run at once. The
//     HTTP cache is off in it, so every response comes from the server.
//   - deadline: the longest a capture waits for the page, from the
//     navigation on (the response, the load event, the wait after it and
//     scrolling together). Opening and preparing the tab come first, under
//     their own TabTimeout, so a slow browser start never counts against
//     the page. When the deadline passes, the capture stops waiting and
//     preserves what the page shows. The steps after it (each screenshot
//     tile, DOM, text, MHTML, PDF, metadata, the last bodies) each have
//     their own timeout, so a capture returns within TabTimeout, Deadline
//     and a few step timeouts at worst.
//   - settle: after the load event the capture waits at least AfterLoad,
//     and, once requests start or end after the load event, until the
//     network has been idle (no request in flight) for Settle since the
//     last of them. The page's own loading, which the load event waited
//     for, does not count; a chain of fetch() calls after it does.
//   - incomplete: a capture whose deadline passed before the load event or
//     the settle. It still has its artefacts; the metadata says so
//     (Incomplete, IncompleteReason) rather than the capture failing.
//   - artefact: a file made from the page. The full-page screenshot and the
//     DOM are required: without them the capture fails. The others
//     (viewport, text, MHTML, PDF, cookies) are optional: one that fails is
//     named in Metadata.ArtefactErrors and the capture goes on.
//   - full-page screenshot: the whole document, rendered beyond the
//     viewport, in tiles of at most 16,000 CSS pixels stitched together;
//     a page taller than Request.MaxScreenshotHeight shows its top part and
//     Metadata.Screenshot says it was capped.
//   - annotated screenshot: a copy of the full-page screenshot under a
//     header band stating URL, UTC time, case, officer and persona
//     (Annotate); the raw screenshot is never altered.
//   - exchange: one HTTP request of the tab with its response; a capture
//     keeps all of them, not only the main document's. A redirect is an
//     exchange of its own. Chromium reports to the tab neither the traffic
//     of a cross-site iframe, which site isolation runs in a process of its
//     own (Options.InProcessFrames turns that off), nor a worker's: the
//     exchange of that iframe's document or worker's script says so, and
//     the capture does not wait for it.
//   - body: an exchange's response body as the page received it, content
//     encoding removed. It is read as soon as Chromium says the response
//     finished, and every exchange says what became of it (BodyState):
//     kept, truncated-by-cap (above Request.MaxBodyBytes: not kept, size
//     recorded), refetched (Chromium had let it go, or gave text back
//     converted to UTF-8, and a GET answered 200 was loaded again),
//     transcoded (only that converted text could be had), or missing and
//     why (a redirect, a failure, still loading at the end). Request
//     bodies are kept too, and response headers in wire order where
//     Chromium gives the raw header text (HTTP/1.x).
//   - dialog: a JavaScript alert, confirm, prompt or beforeunload box. A
//     capture records each one and dismisses it, so a dialog never blocks.
//   - download: a file the page had the browser download. It is saved, by
//     Chromium, into a directory of the browser's own and read into the
//     Result, never opened; a URL that answers with a download is evidence,
//     not a load error.
//   - pop-up: a window or tab the page opens. The browser blocks pop-ups as
//     an ordinary browser does; each attempt is recorded, and one that gets
//     through is closed at once, so no tab outlives its capture.
//   - scroll: with Request.Scroll, the page is scrolled a screen at a time
//     before the screenshot, so infinite feeds and lazy images load, until
//     it stops growing, the limit, or the deadline.
//   - network identity: what a page was collected from (NetworkIdentity):
//     the persona's proxy (scheme://host:port; with Options.ProxyAuth only
//     the fact that it had credentials), user agent, language, time zone,
//     and the egress address an echo service saw through the proxy, with
//     when it was asked. A proxy that wants credentials is reached through
//     a relay on loopback (package capture/relay), since Chromium gives
//     none in --proxy-server (net::ERR_NO_SUPPORTED_PROXIES); every proxy
//     fails closed, and a LoadError the relay can explain says why
//     (unreachable, credentials refused).
//   - printing: Browser.PrintPDF typesets a document of Sightline's own
//     (the reports of evidence/report), an HTML file on this machine, with
//     Page.printToPDF, filling in the fonts Chromium chose and the page
//     each linked section starts on (read from a draft printed with the
//     images hidden, pdfdests.go).
//
// The capture reads the page (text, scrolling) in an isolated JavaScript
// world, so a page script that replaced a built-in cannot change what the
// capture does or reads; the DOM comes from the DevTools DOM domain.
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
