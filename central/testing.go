package central

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// TestServer is a central store on a PostgreSQL server a test started for
// itself (testenv.StartPostgres), migrated, with one log-in role of each
// kind.
type TestServer struct {
	PG *testenv.Postgres
	// Admin owns the database; Workstation and Auditor log in as members
	// of WorkstationRole and AuditorRole.
	Admin, Workstation, Auditor string
}

// Test log-in roles.
const (
	testWorkstationUser = "ws_test"
	testAuditorUser     = "auditor_test"
	testDB              = "sightline_central"
)

// StartTestServer starts a server for tb (dir as testenv.StartPostgres:
// "" for a fresh one, and its settings), creates the store's database
// when missing and migrates it, as FORMAT.md's setup does.
func StartTestServer(tb testing.TB, dir string, settings ...string) *TestServer {
	tb.Helper()
	pg := testenv.StartPostgres(tb, dir, settings...)
	ts := &TestServer{PG: pg, Admin: pg.DSN("postgres", testDB),
		Workstation: pg.DSN(testWorkstationUser, testDB), Auditor: pg.DSN(testAuditorUser, testDB)}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a hang guard only
	defer cancel()
	conn, err := pgx.Connect(ctx, pg.DSN("postgres", "postgres"))
	if err != nil {
		tb.Fatalf("connect to test server: %v", err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, testDB).Scan(&exists); err != nil {
		tb.Fatal(err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE DATABASE `+testDB); err != nil {
			tb.Fatal(err)
		}
	}
	if err := Migrate(ctx, ts.Admin); err != nil {
		tb.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, ts.Admin)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close(context.Background())
	for _, s := range LoginStatements(testWorkstationUser, WorkstationRole) {
		if _, err := admin.Exec(ctx, s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
	for _, s := range LoginStatements(testAuditorUser, AuditorRole) {
		if _, err := admin.Exec(ctx, s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
	return ts
}
