package central

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is an open connection pool to the central store, as a workstation
// or an auditor. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
}

// ErrPasswordInDSN is returned for a DSN that carries a password: it would
// end up in shell history and process lists. The password comes from
// PGPASSWORD or a 0600 password file (PGPASSFILE, ~/.pgpass).
var ErrPasswordInDSN = errors.New("the central store's DSN must not carry a password; set PGPASSWORD or use a 0600 PGPASSFILE")

var kvPassword = regexp.MustCompile(`(^|\s)password\s*=`)

// CheckDSN rejects a DSN with a password in it, and a password file
// (PGPASSFILE) that others may read.
func CheckDSN(dsn string) error {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return fmt.Errorf("central store DSN: %w", err)
		}
		if _, ok := u.User.Password(); ok || u.Query().Has("password") {
			return ErrPasswordInDSN
		}
	} else if kvPassword.MatchString(dsn) {
		return ErrPasswordInDSN
	}
	if f := os.Getenv("PGPASSFILE"); f != "" {
		fi, err := os.Stat(f)
		if err != nil {
			return fmt.Errorf("central store password file: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return fmt.Errorf("central store password file %s is readable by others (mode %o); chmod 600 it", f, fi.Mode().Perm())
		}
	}
	return nil
}

// Open connects to the store at dsn (a libpq URL or key/value string;
// sslmode=verify-full with sslrootcert checks the server's certificate).
// It checks that the schema is one this Sightline knows.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, false)
}

// OpenReadOnly connects as Open does, with every transaction read-only
// (default_transaction_read_only), as an auditor's review does whatever
// the role may do.
func OpenReadOnly(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, true)
}

func open(ctx context.Context, dsn string, readOnly bool) (*Store, error) {
	if err := CheckDSN(dsn); err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open central store: %w", err)
	}
	if readOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open central store %s: %w", cfg.ConnConfig.Host, err)
	}
	var version int
	if err := pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&version); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open central store %s: %w", cfg.ConnConfig.Host, err)
	}
	if version != len(migrations) {
		pool.Close()
		return nil, fmt.Errorf("open central store %s: schema version %d, this Sightline needs %d", cfg.ConnConfig.Host, version, len(migrations))
	}
	return &Store{pool: pool}, nil
}

// Close closes the pool.
func (s *Store) Close() { s.pool.Close() }
