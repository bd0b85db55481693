// Recomputes every record's WARC-Block-Digest and WARC-Payload-Digest with
// Webrecorder's warcio.js as the parser, independently of Sightline's Go
// reader, and prints one JSON line per record. gowarc's `warc verify` checks
// only response records; this covers warcinfo, request, resource and
// metadata records too.
//
//   node warcio-digests.cjs WARCIO_MODULE_DIR FILE
//
// The block is the record content as warcio reads it without parsing HTTP;
// the payload is what warcio reads after the HTTP head (request and response
// records) or the whole block (other records).
"use strict";
const fs = require("node:fs");
const crypto = require("node:crypto");
const { WARCParser } = require(process.argv[2]);

const sha256 = (b) => "sha256:" + crypto.createHash("sha256").update(b).digest("hex");

async function contents(file, parseHttp) {
  const out = [];
  const parser = new WARCParser(fs.createReadStream(file), { parseHttp });
  for await (const record of parser) {
    const data = await record.readFully(false);
    out.push({
      offset: parser.offset,
      type: record.warcType,
      id: record.warcHeader("WARC-Record-ID"),
      block: record.warcBlockDigest || "",
      payload: record.warcPayloadDigest || "",
      digest: sha256(data),
    });
  }
  return out;
}

(async () => {
  const file = process.argv[3];
  const blocks = await contents(file, false);
  const payloads = await contents(file, true);
  if (blocks.length !== payloads.length) throw new Error("record counts differ between passes");
  blocks.forEach((b, i) => {
    const p = payloads[i];
    console.log(JSON.stringify({
      offset: b.offset, type: b.type, id: b.id,
      blockOK: b.digest === b.block,
      payloadOK: p.payload === "" ? null : p.digest === p.payload,
    }));
  });
})().catch((e) => { console.error(e); process.exit(1); });
