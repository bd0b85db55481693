// Package workspace is the directory where Sightline keeps everything and the
// actions that change it.
//
// A workspace holds sightline.db (SQLite: officers, cases, captures and the
// audit log), bundles/<case>/ with the sealed bundles, exports/, tmp/ for
// work in progress and profiles/ for Chromium. Every action that changes the
// database writes its audit event in the same transaction, so there is no
// action without its event and no event for an action that failed.
//
// Terms:
//   - officer: the person using the workstation (id, name, role); one is
//     current at a time and is recorded on every event.
//   - case: an investigation with a unique reference; captures belong to it.
//   - capture: one page captured by package capture and sealed into a bundle
//     by package bundle; its row records the bundle's path, the SHA-256 of the
//     file and the bundle's identity (the hash of its datapackage.json).
package workspace
