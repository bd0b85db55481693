// Package pack writes and verifies evidence packs: the ZIP file a case
// officer hands to the CPS and the court (DESIGN.md §7), which anyone can
// check without trusting Sightline.
//
// Terms, in DESIGN.md's words:
//
//   - pack: one ZIP file holding the chosen bundles, the PDF exhibit report,
//     the audit extract, SHA256SUMS, the signed manifest, the workstation's
//     public key and VERIFY.txt.
//   - exhibit: one capture in the pack under an exhibit reference such as
//     "JS/1" (prefix, slash, number from 1); its bundle travels, byte for
//     byte, as bundles/JS-1.wacz.
//   - manifest: manifest.json, the pack's metadata: case, officer, exhibits
//     and every other file with its SHA-256 and size.
//   - pack id: "sha256:" and the hex SHA-256 of the exact bytes of
//     manifest.json. manifest.sig signs it as bundles sign their bundle id.
//   - audit extract: audit.jsonl, the events of the case and of these
//     captures, as canonical audit JSON Lines. It is a subset of the
//     workspace's chain: each event's hash can be checked from its
//     prev_hash, and consecutive events link, but gaps cannot be.
//   - withdrawn: a capture taken out of the case with a reason; its bundle is
//     kept and it is exported only when chosen by name, marked withdrawn.
//   - check: one finding of [Verify]; a [Report] holds all of them.
//
// The layout, the exact bytes signed, what a verifier must check and what a
// valid pack proves are specified in evidence/FORMAT.md ("Evidence pack").
// VERIFY.txt, written into every pack, is drawn from that section.
package pack
