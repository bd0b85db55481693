// Package viewing is where a view is checked and recorded: the
// repeated-viewing safeguard of DESIGN.md §6 over the workspace database,
// as transaction-level functions around the pure rules of audit/ripa.
//
// Terms, in DESIGN.md's words:
//
//   - view: one page the researcher saw in a case, with the persona, the
//     officer, the canonical identity of its URL (audit/identifier) and the
//     subjects it matched. Views are append-only, like the audit log.
//   - subject: a person or group of interest in a case, known by
//     identifiers (profile URLs, handles, emails, phone numbers) kept in
//     canonical form; ids are "S" and a number, unique in the workspace.
//   - check: what the rules say about opening a URL now (Check), recording
//     nothing; Record records the view with the verdict it had.
//   - authorisation: a directed surveillance authorisation recorded in a
//     case, covering its subjects for a period.
//   - justification: the Code of Practice's factors and free text a
//     researcher records when the rules ask; it applies to one view.
//   - flag: a finding for auditors (Flags), from ripa.Flags and
//     ripa.Collateral.
//
// Every function that writes takes the caller's *sql.Tx and returns the
// audit events for the caller to append in that same transaction, so that
// no action commits without its events. The caller (package workspace)
// checks beforehand that the officer, the open case and the persona exist.
package viewing
