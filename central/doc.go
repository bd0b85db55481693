// Package central is the force-wide audit store (DESIGN.md §10): one
// PostgreSQL database that receives every workstation's audit events
// exactly as the workstation chained them, with its checkpoints, cases,
// subjects, authorisations and views, so that repeated viewing of one
// subject is counted across officers and workstations, cases holding the
// same subject are told of each other (deconfliction), and auditors verify
// and review every chain in one place.
//
// Terms, in DESIGN.md's words:
//
//   - workstation: one workspace, known by its id, which is also the
//     genesis of its audit chain.
//   - chain: a workstation's audit events in seq order; the store holds
//     each event once and never rewrites one.
//   - refusal: a batch the store would not take because an event does
//     not continue the chain it holds (a workstation that rewrote its
//     history); the store records it, naming the seq.
//   - subject key: the canonical identifier key (audit/identifier) by
//     which subjects of different cases and workstations are the same.
//   - notice: a deconfliction notice from one case to another that holds
//     a subject with the same key.
//
// The schema, the roles (workstation: INSERT and SELECT only; auditor:
// SELECT only) and what a verifier MUST check are in FORMAT.md. Only
// workspace and cmd/sightline import this package.
package central
