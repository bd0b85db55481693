package central

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// migrations[i] brings the store's schema from version i to i+1 (table
// schema_version). Append only: a released migration never changes.
var migrations = [][]string{
	{
		`CREATE TABLE schema_version (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`,
		`CREATE TABLE workstations (
			id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
			first_seen timestamptz NOT NULL DEFAULT now())`,
		`CREATE TABLE workstation_keys (
			workstation text NOT NULL REFERENCES workstations(id),
			public_key text NOT NULL,
			first_seq bigint NOT NULL,
			first_time timestamptz NOT NULL,
			PRIMARY KEY (workstation, public_key))`,
		`CREATE TABLE officers (
			workstation text NOT NULL REFERENCES workstations(id),
			id text NOT NULL,
			name text NOT NULL,
			role text NOT NULL,
			PRIMARY KEY (workstation, id))`,
		`CREATE TABLE cases (
			workstation text NOT NULL REFERENCES workstations(id),
			ref text NOT NULL,
			title text NOT NULL,
			officer text NOT NULL,
			created timestamptz NOT NULL,
			PRIMARY KEY (workstation, ref))`,
		`CREATE TABLE events (
			workstation text NOT NULL REFERENCES workstations(id),
			seq bigint NOT NULL CHECK (seq > 0),
			time timestamptz NOT NULL,
			officer text NOT NULL,
			case_ref text NOT NULL,
			action text NOT NULL,
			url text NOT NULL,
			subjects text[] NOT NULL,
			prev_hash text NOT NULL,
			hash text NOT NULL,
			line text NOT NULL,
			PRIMARY KEY (workstation, seq))`,
		`CREATE INDEX events_time ON events (time)`,
		`CREATE TABLE checkpoints (
			workstation text NOT NULL REFERENCES workstations(id),
			seq bigint NOT NULL,
			hash text NOT NULL,
			time timestamptz NOT NULL,
			public_key text NOT NULL,
			signature text NOT NULL,
			PRIMARY KEY (workstation, seq))`,
		`CREATE TABLE subjects (
			workstation text NOT NULL REFERENCES workstations(id),
			id text NOT NULL,
			case_ref text NOT NULL,
			name text NOT NULL,
			officer text NOT NULL,
			created timestamptz NOT NULL,
			PRIMARY KEY (workstation, id))`,
		`CREATE TABLE subject_keys (
			workstation text NOT NULL,
			subject text NOT NULL,
			key text NOT NULL,
			PRIMARY KEY (workstation, subject, key),
			FOREIGN KEY (workstation, subject) REFERENCES subjects(workstation, id))`,
		`CREATE INDEX subject_keys_key ON subject_keys (key)`,
		`CREATE TABLE authorisations (
			workstation text NOT NULL REFERENCES workstations(id),
			id bigint NOT NULL,
			case_ref text NOT NULL,
			ref text NOT NULL,
			valid_from timestamptz NOT NULL,
			valid_to timestamptz NOT NULL,
			granted_by text NOT NULL,
			officer text NOT NULL,
			created timestamptz NOT NULL,
			PRIMARY KEY (workstation, id))`,
		`CREATE TABLE authorisation_keys (
			workstation text NOT NULL,
			authorisation bigint NOT NULL,
			key text NOT NULL,
			PRIMARY KEY (workstation, authorisation, key),
			FOREIGN KEY (workstation, authorisation) REFERENCES authorisations(workstation, id))`,
		`CREATE INDEX authorisation_keys_key ON authorisation_keys (key)`,
		`CREATE TABLE authorisation_expiries (
			workstation text NOT NULL,
			authorisation bigint NOT NULL,
			expired timestamptz NOT NULL,
			PRIMARY KEY (workstation, authorisation),
			FOREIGN KEY (workstation, authorisation) REFERENCES authorisations(workstation, id))`,
		`CREATE TABLE views (
			workstation text NOT NULL REFERENCES workstations(id),
			id bigint NOT NULL,
			time timestamptz NOT NULL,
			officer text NOT NULL,
			case_ref text NOT NULL,
			url text NOT NULL,
			key text NOT NULL,
			verdict text NOT NULL,
			PRIMARY KEY (workstation, id))`,
		`CREATE TABLE view_keys (
			workstation text NOT NULL,
			view bigint NOT NULL,
			key text NOT NULL,
			time timestamptz NOT NULL,
			PRIMARY KEY (workstation, view, key),
			FOREIGN KEY (workstation, view) REFERENCES views(workstation, id))`,
		`CREATE INDEX view_keys_key_time ON view_keys (key, time) INCLUDE (workstation, view)`,
		`CREATE TABLE refusals (
			id bigserial PRIMARY KEY,
			workstation text NOT NULL,
			seq bigint NOT NULL,
			reason text NOT NULL,
			received timestamptz NOT NULL DEFAULT now())`,
		`CREATE TABLE notices (
			id bigserial PRIMARY KEY,
			time timestamptz NOT NULL,
			key text NOT NULL,
			from_workstation text NOT NULL,
			from_case text NOT NULL,
			from_officer text NOT NULL,
			to_workstation text NOT NULL,
			to_case text NOT NULL,
			since timestamptz NOT NULL,
			UNIQUE (key, from_workstation, from_case, to_workstation, to_case))`,
		`CREATE INDEX notices_to ON notices (to_workstation, id)`,
		// An event must continue the chain the store holds: seq 1 from the
		// workstation's genesis (its id), every other from the stored event
		// before it. The hash itself is recomputed by the ingesting client
		// and by every verifier (FORMAT.md).
		`CREATE FUNCTION events_continue_chain() RETURNS trigger LANGUAGE plpgsql AS $$
		DECLARE
			before text;
		BEGIN
			IF NEW.seq = 1 THEN
				IF NEW.prev_hash <> NEW.workstation THEN
					RAISE EXCEPTION 'event 1 of workstation % does not chain from its genesis', NEW.workstation;
				END IF;
				RETURN NEW;
			END IF;
			SELECT hash INTO before FROM events WHERE workstation = NEW.workstation AND seq = NEW.seq - 1;
			IF before IS NULL THEN
				RAISE EXCEPTION 'event % of workstation % does not follow a stored event', NEW.seq, NEW.workstation;
			END IF;
			IF before <> NEW.prev_hash THEN
				RAISE EXCEPTION 'event % of workstation % does not chain from the stored event %', NEW.seq, NEW.workstation, NEW.seq - 1;
			END IF;
			RETURN NEW;
		END $$`,
		`CREATE TRIGGER events_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_continue_chain()`,
		`CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
		END $$`,
	},
}

// appendOnly are the tables no one may UPDATE, DELETE or TRUNCATE; every
// table of the store is one.
var appendOnly = []string{"workstations", "workstation_keys", "officers", "cases", "events", "checkpoints",
	"subjects", "subject_keys", "authorisations", "authorisation_keys", "authorisation_expiries",
	"views", "view_keys", "refusals", "notices", "schema_version"}

// guardStatements make every table append-only by trigger, whoever owns it.
func guardStatements() []string {
	var out []string
	for _, t := range appendOnly {
		out = append(out,
			fmt.Sprintf(`CREATE TRIGGER %[1]s_append_only BEFORE UPDATE OR DELETE ON %[1]s FOR EACH ROW EXECUTE FUNCTION append_only()`, t),
			fmt.Sprintf(`CREATE TRIGGER %[1]s_no_truncate BEFORE TRUNCATE ON %[1]s FOR EACH STATEMENT EXECUTE FUNCTION append_only()`, t))
	}
	return out
}

// migration returns the statements of migrations[i]; the first also
// makes every table append-only.
func migration(i int) []string {
	if i == 0 {
		return slices.Concat(migrations[0], guardStatements())
	}
	return migrations[i]
}

// Role names, as FORMAT.md documents them.
const (
	WorkstationRole = "sightline_workstation"
	AuditorRole     = "sightline_auditor"
)

// RoleStatements returns the SQL that creates the two group roles and
// grants them what they may do: the workstation role SELECT and INSERT on
// every table (and the sequences INSERT needs), nothing else; the auditor
// role SELECT only. Log-in roles are members of one of them (FORMAT.md).
// The statements are idempotent.
func RoleStatements() []string {
	out := []string{
		`DO $$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '` + WorkstationRole + `') THEN
				CREATE ROLE ` + WorkstationRole + ` NOLOGIN;
			END IF;
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '` + AuditorRole + `') THEN
				CREATE ROLE ` + AuditorRole + ` NOLOGIN;
			END IF;
		END $$`,
		`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, ` + WorkstationRole + `, ` + AuditorRole,
		`GRANT USAGE ON SCHEMA public TO ` + WorkstationRole + `, ` + AuditorRole,
		`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO ` + WorkstationRole,
		`REVOKE INSERT ON schema_version FROM ` + WorkstationRole,
		`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ` + WorkstationRole,
		`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ` + AuditorRole,
	}
	return out
}

// Migrate brings the store's schema to this version, each migration in one
// transaction, and (re)grants the roles. It runs as the database's owner,
// never as a workstation or auditor.
func Migrate(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("migrate central store: %w", err)
	}
	defer conn.Close(context.Background())
	var version int
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("migrate central store: %w", err)
	}
	if exists {
		if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&version); err != nil {
			return fmt.Errorf("migrate central store: %w", err)
		}
	}
	if version > len(migrations) {
		return fmt.Errorf("central store schema version %d is newer than this Sightline knows (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if err := migrateOne(ctx, conn, i+1, migration(i)); err != nil {
			return err
		}
	}
	for _, s := range RoleStatements() {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("grant central store roles: %w", err)
		}
	}
	return nil
}

func migrateOne(ctx context.Context, conn *pgx.Conn, version int, stmts []string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate central store to version %d: %w", version, err)
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // a no-op after Commit
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return fmt.Errorf("migrate central store to version %d: %w", version, err)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, version); err != nil {
		return fmt.Errorf("migrate central store to version %d: %w", version, err)
	}
	return tx.Commit(ctx)
}

// SchemaSQL returns every statement Migrate runs on a new database, then
// the role grants, as one script for psql (README, FORMAT.md).
func SchemaSQL() string {
	var s string
	for i := range migrations {
		for _, stmt := range migration(i) {
			s += stmt + ";\n"
		}
		s += fmt.Sprintf("INSERT INTO schema_version (version) VALUES (%d);\n", i+1)
	}
	for _, stmt := range RoleStatements() {
		s += stmt + ";\n"
	}
	return s
}

// LoginStatements create (once) a log-in role for one workstation or
// auditor as a member of group (WorkstationRole or AuditorRole). Its
// password is set apart, by the administrator, with psql's \password, so
// that it appears in no script or history.
func LoginStatements(user, group string) []string {
	ident := pgx.Identifier{user}.Sanitize()
	return []string{
		`DO $$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '` + strings.ReplaceAll(user, "'", "''") + `') THEN
				CREATE ROLE ` + ident + ` LOGIN;
			END IF;
		END $$`,
		`GRANT ` + group + ` TO ` + ident,
	}
}
