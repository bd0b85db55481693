// Package evidence holds what Sightline keeps as evidence: captures sealed
// into bundles (evidence/bundle), the evidence packs exported for court
// (evidence/pack) with their PDF reports (evidence/report), and the one
// report of checks that verifying a bundle or a pack gives (Verification).
//
// Terms, in DESIGN.md's words:
//
//   - workspace: one directory holding sightline.db, bundles/, exports/, tmp/
//     and the Chromium profiles (package workspace, the application layer).
//   - case: an investigation, named by a unique reference such as OP-KESTREL-24.
//   - capture: one page preserved as a sealed bundle.
//   - bundle: a WACZ file whose datapackage.json lists every file with its
//     SHA-256 and is signed by the workstation key (package bundle; the format
//     is specified in FORMAT.md).
//   - workstation key: the ECDSA key that signs bundles, held in the OS
//     keyring or, where none answers, a 0600 file (package keys, at the top
//     level so that audit uses it too).
package evidence

// Version is Sightline's version, recorded in every bundle and audit event.
const Version = "0.1.0"

// Software names the tool and its version as bundles record it.
const Software = "Sightline " + Version
