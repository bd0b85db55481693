// Package workspace is Sightline's application layer: the directory where
// Sightline keeps everything, and every action that changes it. The app
// and the command line both call these methods and nothing below them, so
// an action is checked, done and audited the same way from either.
//
// A workspace holds sightline.db (SQLite: officers, cases, captures, views
// and the audit log), bundles/<case>/ with the sealed bundles, exports/,
// tmp/run-*/ for each running process's work in progress (scratch.go: what
// a killed process left is finished or quarantined by the next Open),
// quarantine/ and profiles/ for Chromium. Doctor checks all of it.
//
// Where things happen, for a newcomer:
//   - a capture is taken by package capture (Browser.Capture), called from
//     Workspace.Capture (capture.go);
//   - it becomes a bundle in package evidence/bundle: FromCapture lays it
//     out, Seal writes it, signed, atomically;
//   - a view is checked and recorded in package workspace/viewing (Check,
//     Record), which Workspace.Check, RecordView and Capture call;
//   - an event is chained in package audit (Append), inside the action's
//     transaction, by act (workspace.go).
//
// Every action runs through act: it checks what the action needs (an
// officer set, the case open, the persona known) inside one write
// transaction, runs the action and appends its audit events in that same
// transaction, so there is no action without its event and no event for an
// action that failed.
//
// Terms:
//   - officer: the person using the workstation (id, name, role); one is
//     current at a time and is recorded on every event.
//   - case: an investigation with a unique reference; captures belong to it.
//   - capture: one page captured by package capture and sealed into a bundle
//     by package bundle; its row records the bundle's path, the SHA-256 of the
//     file and the bundle's identity (the hash of its datapackage.json).
//   - persona: a research identity with its own Chromium profile and its
//     network identity (Network: proxy, user agent, language, time zone,
//     echo service). A proxy's user name and password are kept in the
//     workstation key's store (keys.Secrets), never in the database, the
//     audit log or a bundle; the persona records only that it has some.
//     Captures record the identity with an egress address measured then;
//     research-browser views (Browser.ViewIdentity) reuse one measured
//     within EgressMaxAge and say when it was measured.
package workspace
