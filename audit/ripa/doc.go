// Package ripa applies Sightline's repeated-viewing rules (DESIGN.md §6):
// it tells the research browser whether to open a page, warn, or stop and
// ask before viewing a subject again, and derives the findings auditors
// review. RULES.md in this directory states every rule with its default
// and an example.
//
// Sightline is an aid to the judgement the Home Office Covert Surveillance
// and Property Interference Code of Practice (2018) asks of investigators:
// whether repeated or systematic viewing of a person's or group's online
// presence, in a specific investigation, needs a directed surveillance
// authorisation under Part II of the Regulation of Investigatory Powers
// Act 2000. It is not legal advice. Episode counts and thresholds are
// prompts for that judgement: an Allow does not mean no authorisation is
// needed, and a flag does not mean the law was broken.
//
// Terms, in DESIGN.md's words:
//
//   - subject: a person or group of interest in a case (Subject), named by
//     an id the workspace gives it.
//   - view: one page load or in-page navigation the researcher saw (View),
//     matched to subjects by the audit/identifier package. A page whose
//     text only names a subject is a mention: shown, never counted.
//   - episode: views of one subject each at most Policy.EpisodeGap (30
//     minutes) after the previous one (Episode).
//   - window: the Policy.Window (28 days) before a view, both ends
//     included, over which its subject's episodes are counted.
//   - episode number: the place of a view's episode among the subject's
//     episodes with a view in the window (1-based).
//   - authorisation: a recorded directed surveillance authorisation
//     (Authorisation), in force from From until just before To.
//   - justification: the researcher's answer when asked and no
//     authorisation applies: the Code's factor checklist (Factors) and
//     free text (Justification).
//   - verdict: what happens if the researcher opens a page now: Allow,
//     Warn or Ask (Verdict, from Check).
//   - flag: a finding for auditors (Flag, from Flags).
//   - collateral intrusion: third-party profiles (matching no subject)
//     viewed while researching a subject (Collateral).
//
// The package is pure: no database, no network, no clock, no
// package-level state. Time is passed in; the only I/O is reading and
// writing the policy file (LoadPolicy, Policy.Save). The workspace stores
// subjects, views, authorisations and justifications and calls in with
// what a rule needs:
//
//   - Check: the views of the matched subjects with time >=
//     Policy.Since(now) (one query on an index of subject and time, in
//     time order), and the authorisations covering those subjects.
//   - Flags: the views to review, from the start of the period minus the
//     window, and every authorisation those views link or that covers
//     their subjects.
//   - Collateral: the views of a case or session, matched and unmatched,
//     with View.Profile set (ProfileKey).
//
// Whatever the researcher does after an Ask (link an authorisation,
// record a justification, or go back) is recorded by the workspace in the
// audit log; so is every change to the policy file (Policy.Changes).
package ripa
