package audit

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// TestDSN returns the workspace DSN for the SQLite file at path.
func TestDSN(path string) string {
	return fmt.Sprintf("file:%s?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"+
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate", path)
}

// TestDB creates a SQLite file in tb.TempDir(), opened with the workspace
// DSN, with Migrations and CheckpointMigrations applied in one transaction, and closes it when the
// test ends. It returns the handle and the file's path.
func TestDB(tb testing.TB) (*sql.DB, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "sightline.db")
	db, err := sql.Open("sqlite", TestDSN(path))
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		tb.Fatalf("begin migration: %v", err)
	}
	defer tx.Rollback()
	for _, stmt := range append(Migrations(), CheckpointMigrations()...) {
		if _, err := tx.Exec(stmt); err != nil {
			tb.Fatalf("migrate %s: %v", path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatalf("commit migration: %v", err)
	}
	return db, path
}
