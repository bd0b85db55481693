// Package bundle writes, seals and verifies evidence bundles: the signed
// WACZ 1.1.1 files that preserve one capture (DESIGN.md §4).
//
// This is where a capture becomes a bundle: [FromCapture] lays a
// *capture.Result out as the bundle's files (the WARC of every exchange,
// its CDXJ index, the page list, metadata.json, the screenshots, MHTML,
// DOM, PDF and text), a pure function; [Seal] writes them, signed, to
// their final path atomically. The workspace calls both and records the
// result with its audit event.
//
// Terms:
//
//   - bundle: one ZIP file with the WACZ layout (archive/, indexes/, pages/,
//     evidence/) plus datapackage.json and datapackage-digest.json.
//   - resource: one file in the bundle listed in datapackage.json with its
//     path, "hash" ("sha256:<hex>") and "bytes".
//   - datapackage: datapackage.json, the manifest listing every resource.
//   - bundle id: "sha256:<hex>" of the exact bytes of datapackage.json. It
//     names the bundle in the database and the audit log.
//   - digest file: datapackage-digest.json, holding the bundle id and its
//     signature in the WACZ signing spec's anonymous mode.
//   - seal: write a bundle under the workspace's tmp/ directory, fsync and
//     move it, read-only, to its final path, so that a crash leaves either no
//     bundle or a whole one.
//   - check: one finding of [Verify], such as the hash of one resource; a
//     [Report] holds all of them, failed or not.
//
// The byte format, the exact bytes signed, the verifier's MUSTs and the
// threat model are specified in evidence/FORMAT.md, with test vectors in
// evidence/testdata/vectors/bundle/.
package bundle
