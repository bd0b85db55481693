package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sightline-osint/sightline/central"
)

// TestCentralAdmin sets a store up as its administrator would: the schema
// script run by psql on a new database is what migrate expects, migrate
// runs again without change, and a printed log-in role joins its group.
func TestCentralAdmin(t *testing.T) {
	ts := central.StartTestServer(t, "")
	sightline := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(t.Context(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("sightline %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	exec := func(dsn, sql string) {
		t.Helper()
		conn, err := pgx.Connect(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(t.Context())
		if _, err := conn.Exec(t.Context(), sql, pgx.QueryExecModeSimpleProtocol); err != nil {
			t.Fatalf("%v running:\n%s", err, sql)
		}
	}

	exec(ts.PG.DSN("postgres", "postgres"), "CREATE DATABASE fresh")
	fresh := ts.PG.DSN("postgres", "fresh")
	exec(fresh, sightline("central", "schema"))
	sightline("central", "migrate", "--central", fresh)
	sightline("central", "migrate", "--central", ts.Admin)

	exec(ts.Admin, sightline("central", "login", "ws_0412", "--role", "workstation"))
	conn, err := pgx.Connect(t.Context(), ts.Admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var member bool
	if err := conn.QueryRow(t.Context(), `SELECT pg_has_role('ws_0412', $1, 'MEMBER')`, central.WorkstationRole).Scan(&member); err != nil || !member {
		t.Fatalf("ws_0412 a member of %s: %v, %v", central.WorkstationRole, member, err)
	}

	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"central", "login", "x", "--role", "owner"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "workstation or auditor") {
		t.Errorf("--role owner: exit %d, %s", code, stderr.String())
	}
}
