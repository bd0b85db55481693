package testenv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// pgBin returns where Debian's postgresql package put initdb and pg_ctl:
// /usr/lib/postgresql/N/bin for the newest N installed (15 on Debian 12,
// 17 on Debian 13), or "" when there is none.
func pgBin() string {
	best, bestN := "", 0
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	for _, d := range dirs {
		n, err := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(d))))
		if err == nil && n > bestN {
			best, bestN = filepath.Dir(d), n
		}
	}
	return best
}

// pgStartBound bounds initdb and the server's start against a hang only;
// a loaded machine may be slow, which is not a failure.
const pgStartBound = 3 * time.Minute

// Postgres is a PostgreSQL server a test started for itself. It listens
// only on a Unix socket in its own directory, and trusts local
// connections, so any role the test creates can connect without a
// password.
type Postgres struct {
	Dir    string // the socket directory; the data directory is Dir/data
	Socket string // the socket directory, for host= in a DSN
}

// DSN returns a key/value DSN for user and database on the server.
func (p *Postgres) DSN(user, dbname string) string {
	return fmt.Sprintf("host=%s port=5432 user=%s dbname=%s sslmode=disable", p.Socket, user, dbname)
}

// StartPostgres starts a PostgreSQL server for tb and stops it when tb
// ends. dir "" makes a fresh server in a temporary directory that is
// removed afterwards; otherwise the server's files are kept in dir and a
// later call reuses them (benchmarks cache a large dataset so). As root,
// initdb and the server run as the postgres user, which PostgreSQL
// requires. A missing postgresql package fails tb with a hint. Settings
// ("name=value") are passed to the server after the defaults, which they
// override: tests run with fsync=off, benchmarks of writes turn it on.
func StartPostgres(tb testing.TB, dir string, settings ...string) *Postgres {
	tb.Helper()
	bin := pgBin()
	if bin == "" {
		Missing(tb, "PostgreSQL", "apt-get install postgresql")
	}
	initdb := filepath.Join(bin, "initdb")
	keep := dir != ""
	if !keep {
		var err error
		if dir, err = os.MkdirTemp("", "sightline-pg-"); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	// The postgres user must reach the directory: MkdirTemp makes it 0700.
	if err := os.Chmod(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	ctx, cancel := context.WithTimeout(context.Background(), pgStartBound)
	defer cancel()
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		if err := os.MkdirAll(data, 0o700); err != nil {
			tb.Fatal(err)
		}
		chownPostgres(tb, dir, data)
		pgRun(ctx, tb, initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
	}
	chownPostgres(tb, dir)
	opts := "-c listen_addresses='' -k " + dir + " -c fsync=off -c max_connections=200"
	for _, kv := range settings {
		opts += " -c " + kv
	}
	pgRun(ctx, tb, filepath.Join(bin, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "180", "start")
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), pgStartBound)
		defer cancel()
		pgRun(ctx, tb, filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop")
		if !keep {
			os.RemoveAll(dir)
		}
	})
	return &Postgres{Dir: dir, Socket: dir}
}

// pgRun runs a PostgreSQL program, as the postgres user when we are root.
func pgRun(ctx context.Context, tb testing.TB, prog string, args ...string) {
	tb.Helper()
	cmd := exec.CommandContext(ctx, prog, args...)
	if os.Getuid() == 0 {
		runuser := Command(tb, "runuser")
		cmd = exec.CommandContext(ctx, runuser, append([]string{"-u", "postgres", "--", prog}, args...)...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("%s %v: %v\n%s", filepath.Base(prog), args, err, out)
	}
}

// chownPostgres gives the postgres user the paths when we are root: the
// log file and socket are written in the top directory.
func chownPostgres(tb testing.TB, paths ...string) {
	tb.Helper()
	if os.Getuid() != 0 {
		return
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		Missing(tb, "the postgres user", "apt-get install postgresql")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	for _, p := range paths {
		if err := os.Chown(p, uid, gid); err != nil {
			tb.Fatal(err)
		}
	}
}
