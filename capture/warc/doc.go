// Package warc writes and reads the network record of a capture: the WARC
// 1.1 file archive/data.warc.gz of an evidence bundle, its CDXJ index
// indexes/index.cdx and the WACZ page list pages/pages.jsonl (DESIGN.md
// §3-4), in the form Webrecorder's ReplayWeb.page replays.
//
// Terms:
//
//   - record: one WARC record, a header of named fields and a block of
//     bytes. Sightline writes five types: warcinfo (about the file),
//     request and response (one HTTP exchange of the page session, the
//     block an HTTP message), resource (a file the capture made, such as
//     the screenshot) and metadata (about another record).
//   - block: the bytes of a record after its header; WARC-Block-Digest
//     covers them.
//   - payload: the part of the block that is the content: the HTTP body of
//     a request or response (after the head's blank line), the whole block
//     of a resource. WARC-Payload-Digest covers it, and the CDXJ repeats it.
//   - digest: "sha256:" and 64 lower-case hex digits.
//   - member: one gzip stream in the file. Each record is its own member,
//     so the index can give a record's offset and compressed length and a
//     reader can decompress that record alone.
//   - decoded body: the body as the browser hands it over, after undoing
//     Content-Encoding and Transfer-Encoding; the head is rewritten to
//     describe it (ResponseBlock), keeping the server's values under
//     X-Sightline-Original-<name>.
//   - index entry: one CDXJ line, "<SURT key> <14-digit UTC timestamp>
//     {json}", pointing at a response or resource record.
//   - page: an entry of pages.jsonl, a URL and time a viewer offers to open.
//
// The byte format, what a verifier must check, and test vectors are in
// FORMAT.md beside this file and testdata/vectors/.
//
// Why a WARC writer of our own: the tests check what this package writes
// with independent implementations, Webrecorder's warcio.js and the
// Internet Archive's gowarc (scripts/install-tools.sh), and a checker is
// only independent if the writer does not share its code. The Go WARC
// libraries on the module proxy are capture clients (HTTP clients,
// DNS, TLS fingerprinting, compression codecs) with many dependencies, for
// a format whose writing part is a few hundred lines of standard library.
// This package imports the standard library only.
//
// Library code here never prints, logs or exits. Errors callers branch on:
// *DigestMismatchError (Record.CheckDigests) and *CDXJError (ReadCDXJ).
package warc
