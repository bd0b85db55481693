package workspace

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/sightline-osint/sightline/audit"
	"github.com/sightline-osint/sightline/workspace/viewing"
)

// dbName is the workspace database, in the workspace directory.
const dbName = "sightline.db"

// dsn opens path with the settings every connection needs: a busy timeout so
// a second process waits instead of failing, WAL so readers never block the
// writer, foreign keys, full fsync on commit, and BEGIN IMMEDIATE so a write
// transaction takes the lock before it reads.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// migrations[i] brings the schema from version i to i+1 (PRAGMA user_version).
// Append only: a released migration never changes.
var migrations = [][]string{
	append([]string{
		`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE officers (
			id TEXT PRIMARY KEY,
			name TEXT NOT NULL,
			role TEXT NOT NULL CHECK (role IN ('researcher','case-officer','auditor')),
			os_user TEXT NOT NULL,
			created TEXT NOT NULL)`,
		`CREATE TABLE cases (
			ref TEXT PRIMARY KEY,
			title TEXT NOT NULL,
			classification TEXT NOT NULL,
			officer TEXT NOT NULL REFERENCES officers(id),
			created TEXT NOT NULL,
			closed TEXT)`,
		`CREATE TABLE captures (
			id TEXT PRIMARY KEY,
			case_ref TEXT NOT NULL REFERENCES cases(ref),
			officer TEXT NOT NULL REFERENCES officers(id),
			url TEXT NOT NULL,
			final_url TEXT NOT NULL,
			title TEXT NOT NULL,
			note TEXT NOT NULL,
			bundle TEXT NOT NULL,
			sha256 TEXT NOT NULL,
			package_id TEXT NOT NULL,
			incomplete TEXT NOT NULL,
			started TEXT NOT NULL,
			ended TEXT NOT NULL)`,
		`CREATE INDEX captures_case ON captures(case_ref, started)`,
	}, audit.Migrations()...),
	{
		// Personas: research identities, each with its own browser profile.
		// "default" always exists; officer '' marks it as built in.
		`CREATE TABLE personas (
			name TEXT PRIMARY KEY,
			note TEXT NOT NULL,
			officer TEXT NOT NULL,
			created TEXT NOT NULL)`,
		`INSERT INTO personas (name, note, officer, created)
			VALUES ('default', 'the workspace''s own overt identity', '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
		`ALTER TABLE captures ADD COLUMN persona TEXT NOT NULL DEFAULT 'default' REFERENCES personas(name)`,
	},
	audit.CheckpointMigrations(),
	viewing.SubjectsMigration(),
	viewing.ViewsMigration(),
	{
		// Withdrawal (withdraw.go): a capture taken out of its case keeps its
		// bundle; these say why and when, and are NULL while it is in.
		`ALTER TABLE captures ADD COLUMN withdrawn TEXT`,
		`ALTER TABLE captures ADD COLUMN withdrawn_at TEXT`,
	},
	viewing.BrowsingMigration(),
	{
		// Deconfliction notices (central.go): another case, on this
		// workstation or another, holds a subject with the same key. Kept
		// once per (case, key, other case); the audit says when each came.
		`CREATE TABLE deconflictions (
			case_ref TEXT NOT NULL,
			key TEXT NOT NULL,
			workstation TEXT NOT NULL,
			other_case TEXT NOT NULL,
			officer TEXT NOT NULL,
			since TEXT NOT NULL,
			received TEXT NOT NULL,
			UNIQUE (case_ref, key, workstation, other_case))`,
		`CREATE TRIGGER deconflictions_no_update BEFORE UPDATE ON deconflictions
	BEGIN SELECT RAISE(ABORT, 'deconflictions are append-only'); END`,
		`CREATE TRIGGER deconflictions_no_delete BEFORE DELETE ON deconflictions
	BEGIN SELECT RAISE(ABORT, 'deconflictions are append-only'); END`,
	},
	{
		// Light records (light.go): what auto-capture keeps of each page
		// viewed, files under light/<case>/<id>/, append-only.
		`ALTER TABLE cases ADD COLUMN auto_capture INTEGER NOT NULL DEFAULT 0`,
		`CREATE TABLE light_records (
			id TEXT PRIMARY KEY,
			case_ref TEXT NOT NULL REFERENCES cases(ref),
			officer TEXT NOT NULL,
			persona TEXT NOT NULL,
			url TEXT NOT NULL,
			final_url TEXT NOT NULL,
			title TEXT NOT NULL,
			time TEXT NOT NULL,
			dir TEXT NOT NULL,
			viewport_sha256 TEXT NOT NULL,
			dom_sha256 TEXT NOT NULL,
			meta_sha256 TEXT NOT NULL,
			bytes INTEGER NOT NULL)`,
		`CREATE INDEX light_records_case ON light_records (case_ref, time)`,
		`CREATE TRIGGER light_records_no_update BEFORE UPDATE ON light_records
	BEGIN SELECT RAISE(ABORT, 'light records are append-only'); END`,
		`CREATE TRIGGER light_records_no_delete BEFORE DELETE ON light_records
	BEGIN SELECT RAISE(ABORT, 'light records are append-only'); END`,
	},
	{
		// RFC 3161 timestamps (timestamps.go): one row per capture and
		// authority, queued when the capture is recorded, stamped once the
		// authority's reply is kept beside the bundle. The audit log has
		// every request and reply.
		`CREATE TABLE timestamps (
			capture TEXT NOT NULL REFERENCES captures(id),
			authority TEXT NOT NULL,
			state TEXT NOT NULL,
			file TEXT NOT NULL DEFAULT '',
			sha256 TEXT NOT NULL DEFAULT '',
			gen_time TEXT NOT NULL DEFAULT '',
			serial TEXT NOT NULL DEFAULT '',
			attempts INTEGER NOT NULL DEFAULT 0,
			last_error TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (capture, authority))`,
		`CREATE INDEX timestamps_queued ON timestamps (state)`,
		`CREATE TRIGGER timestamps_no_delete BEFORE DELETE ON timestamps
	BEGIN SELECT RAISE(ABORT, 'timestamps are kept'); END`,
		`CREATE TRIGGER timestamps_stamped_stay BEFORE UPDATE ON timestamps WHEN OLD.state = 'stamped'
	BEGIN SELECT RAISE(ABORT, 'a stamped timestamp does not change'); END`,
	},
	{
		// Each persona's network identity (persona.go): its proxy (never
		// credentials), user agent, language, time zone, and the echo
		// service that tells the address sites see.
		`ALTER TABLE personas ADD COLUMN proxy TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE personas ADD COLUMN user_agent TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE personas ADD COLUMN language TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE personas ADD COLUMN timezone TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE personas ADD COLUMN echo_url TEXT NOT NULL DEFAULT ''`,
	},
	{
		// Whether the persona's proxy is given a user name and password
		// (SetPersonaProxyAuth); they themselves are in the key's store
		// (keys.Secrets), never here.
		`ALTER TABLE personas ADD COLUMN proxy_credentials INTEGER NOT NULL DEFAULT 0`,
	},
}

func (w *Workspace) openDB(ctx context.Context) error {
	path := filepath.Join(w.dir, dbName)
	if err := privateDB(path); err != nil {
		return err
	}
	writer, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return err
	}
	writer.SetMaxOpenConns(1)
	reader, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		writer.Close()
		return err
	}
	w.writer, w.reader = writer, reader
	if err := w.migrate(ctx); err != nil {
		w.Close()
		return err
	}
	err = reader.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'workspace_id'`).Scan(&w.id)
	if err == nil {
		err = w.readTraining(ctx)
	}
	if err == nil {
		w.chain, err = audit.NewAppender(ctx, writer, w.id)
	}
	if err != nil {
		reader.Close()
		writer.Close()
	}
	return err
}

// migrate applies the missing migrations, each in one transaction, and gives
// a new workspace its random id.
func (w *Workspace) migrate(ctx context.Context) error {
	tx, err := w.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("database schema version %d is newer than this Sightline knows (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		for _, stmt := range migrations[i] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", i+1, err)
			}
		}
	}
	if version == 0 {
		id := make([]byte, 32)
		if _, err := rand.Read(id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('workspace_id', ?)`, hex.EncodeToString(id)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations))); err != nil {
		return err
	}
	return tx.Commit()
}
