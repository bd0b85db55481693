// Package layout states, and its test enforces, which of Sightline's
// packages may import which. Dependencies point one way, from cmd/sightline
// through app and workspace to capture, evidence, audit and keys:
//
//   - capture drives Chromium and knows nothing of evidence, audit or the
//     workspace: it returns a *capture.Result.
//   - evidence (bundles, packs, reports) may use capture's results and
//     audit's events, and signs with keys.
//   - audit (the hash-chained log, identifiers, the repeated-viewing
//     rules) uses keys to sign checkpoints and imports no evidence package.
//   - keys is below both evidence and audit.
//   - central (the force-wide PostgreSQL store) uses audit and keys; only
//     workspace and cmd/sightline import it, never a package below them.
//   - workspace is the application layer over all of them; only app and
//     cmd/sightline import it.
//   - app (the Fyne UI) is imported by cmd/sightline only, and nothing but
//     app and cmd/sightline imports the UI toolkit (STYLE.md §6).
package layout
