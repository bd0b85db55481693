package audit

// Migrations returns the SQL statements, in order, that create the
// audit_events table, its indexes and the triggers that keep it
// append-only. The workspace store runs them inside one of its versioned
// migrations, in one transaction. A later schema change is a new
// migration; these statements never change once released.
//
// The table is STRICT so a column cannot silently hold another type. Three
// triggers refuse changes to the log: UPDATE, DELETE, and an INSERT whose
// seq is not the head's plus one (which also stops INSERT OR REPLACE from
// overwriting an event, since REPLACE deletes without firing the DELETE
// trigger). Triggers stop mistakes and casual edits, not an attacker who
// can write the file: the hash chain detects those.
func Migrations() []string {
	return []string{
		`CREATE TABLE audit_events (
	seq INTEGER PRIMARY KEY,
	time TEXT NOT NULL,
	officer TEXT NOT NULL,
	os_user TEXT NOT NULL,
	case_ref TEXT NOT NULL,
	action TEXT NOT NULL,
	url TEXT NOT NULL,
	subjects TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT`,
		`CREATE INDEX audit_events_case_ref ON audit_events (case_ref)`,
		`CREATE INDEX audit_events_officer ON audit_events (officer)`,
		`CREATE INDEX audit_events_action ON audit_events (action)`,
		`CREATE INDEX audit_events_time ON audit_events (time)`,
		`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only');
END`,
		`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only');
END`,
		`CREATE TRIGGER audit_events_next_seq BEFORE INSERT ON audit_events
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_events)
BEGIN
	SELECT RAISE(ABORT, 'audit_events is append-only: seq must follow the head');
END`,
	}
}
