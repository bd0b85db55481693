// Package audit keeps the workspace's audit log: an append-only,
// hash-chained record of what each officer did. FORMAT.md in this directory
// specifies the encoding, the exact bytes hashed, the JSON Lines export,
// what a verifier must check and what the chain does and does not prove.
//
// Terms, in DESIGN.md's words:
//
//   - event: one entry of the log (Event): when, who (officer and OS user),
//     which case, what action, the URL, the subjects and a JSON detail.
//   - seq: an event's position, 1 for the first, each next one plus 1.
//   - genesis: the workspace id, 32 random bytes in hex, that the first
//     event chains from.
//   - canonical form: the one JSON encoding of an event that is hashed.
//   - hash: SHA-256 of the previous event's hash (the genesis for seq 1)
//     followed by the event's canonical form; prev_hash is that previous
//     hash, stored in the event.
//   - chain: the events in seq order, each naming its predecessor's hash.
//   - head: the last event, whose seq and hash the next event builds on.
//   - break: the first seq at which recomputing the chain fails
//     (ChainError); an altered, missing, reordered or inserted event causes
//     one.
//
// This is where an event is chained: events are written only through
// Append, inside the caller's transaction (the workspace's act), so an
// action and its event commit together. Verify recomputes the chain from
// the database and checks the signed checkpoints (checkpoint.go);
// VerifyEvents does so for an exported file read with ReadJSONL. The
// repeated-viewing rules are in audit/ripa, the canonical identities of
// URLs in audit/identifier.
package audit
