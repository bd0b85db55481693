package audit

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/sightline-osint/sightline/keys"
)

// Checkpoint is a signed statement of the log's head: "the chain from this
// genesis had reached seq with this hash at this time". Verification checks
// each one against the chain, so removing events from the end (which leaves
// a shorter, valid chain) is detected as long as a checkpoint past the new
// end survives, in the database or in an export.
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	Time      time.Time `json:"time"`
	PublicKey string    `json:"public_key"` // base64 SPKI DER of the signing key
	Signature string    `json:"signature"`  // base64 IEEE P1363 ECDSA over Message
}

// Signer signs checkpoints: ECDSA over the SHA-256 of the message bytes, the
// same scheme as bundle signatures (package keys).
type Signer interface {
	Sign(message string) (string, error)
	PublicKeyDER() []byte
}

// checkpointPrefix versions the signed message.
const checkpointPrefix = "sightline-audit-checkpoint/1"

// Message is the exact string signed:
// "sightline-audit-checkpoint/1 <genesis> <seq> <hash> <time>".
func (c Checkpoint) Message(genesis string) string {
	return checkpointPrefix + " " + genesis + " " + strconv.FormatInt(c.Seq, 10) + " " + c.Hash + " " + formatTime(c.Time)
}

// CheckpointMigrations creates the checkpoint table, append-only like the
// log. The workspace runs them as a migration of their own.
func CheckpointMigrations() []string {
	return []string{
		`CREATE TABLE audit_checkpoints (
	seq INTEGER PRIMARY KEY,
	hash TEXT NOT NULL,
	time TEXT NOT NULL,
	public_key TEXT NOT NULL,
	signature TEXT NOT NULL
) STRICT`,
		`CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END`,
		`CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END`,
	}
}

// WriteCheckpoint signs the current head inside tx. An empty log, or a head
// that already has a checkpoint, writes nothing and returns false.
func WriteCheckpoint(ctx context.Context, tx *sql.Tx, genesis string, s Signer, now time.Time) (Checkpoint, bool, error) {
	seq, hash, err := readHead(tx.QueryRowContext(ctx, selectHead), genesis)
	if err != nil || seq == 0 {
		return Checkpoint{}, false, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_checkpoints WHERE seq = ?`, seq).Scan(&n); err != nil || n > 0 {
		return Checkpoint{}, false, err
	}
	c := Checkpoint{Seq: seq, Hash: hash, Time: now.UTC().Truncate(time.Millisecond),
		PublicKey: base64.StdEncoding.EncodeToString(s.PublicKeyDER())}
	if c.Signature, err = s.Sign(c.Message(genesis)); err != nil {
		return Checkpoint{}, false, fmt.Errorf("sign audit checkpoint %d: %w", seq, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (seq, hash, time, public_key, signature) VALUES (?, ?, ?, ?, ?)`,
		c.Seq, c.Hash, formatTime(c.Time), c.PublicKey, c.Signature)
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("write audit checkpoint %d: %w", seq, err)
	}
	return c, true, nil
}

// Checkpoints lists the stored checkpoints in seq order.
func Checkpoints(ctx context.Context, db *sql.DB) ([]Checkpoint, error) {
	rows, err := db.QueryContext(ctx, `SELECT seq, hash, time, public_key, signature FROM audit_checkpoints ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("read audit checkpoints: %w", err)
	}
	defer rows.Close()
	var out []Checkpoint
	for rows.Next() {
		var c Checkpoint
		var t string
		if err := rows.Scan(&c.Seq, &c.Hash, &t, &c.PublicKey, &c.Signature); err != nil {
			return nil, fmt.Errorf("read audit checkpoints: %w", err)
		}
		if c.Time, err = parseTime(t); err != nil {
			return nil, fmt.Errorf("read audit checkpoint %d: %w", c.Seq, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// hashAt reads the stored hash of one event; "" when there is none.
func hashAt(ctx context.Context, db *sql.DB, seq int64) (string, error) {
	var h string
	err := db.QueryRowContext(ctx, `SELECT hash FROM audit_events WHERE seq = ?`, seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return h, err
}

// checkCheckpoints adds to rep what the checkpoints say: a checkpoint past
// the head means the log was truncated; one whose hash differs from the
// event at its seq, or whose signature fails, breaks the chain there. The
// earliest break is kept.
func checkCheckpoints(ctx context.Context, db *sql.DB, genesis string, rep *Report) error {
	cps, err := Checkpoints(ctx, db)
	if err != nil {
		return err
	}
	for _, c := range cps {
		bad, err := checkCheckpoint(ctx, db, genesis, c, rep.HeadSeq)
		if err != nil {
			return err
		}
		if bad != nil {
			if rep.Broken == nil || bad.Seq < rep.Broken.Seq {
				rep.Broken = bad
			}
			continue
		}
		rep.Checkpoints++
		rep.CheckpointKeys = appendOnce(rep.CheckpointKeys, keyFingerprint(c.PublicKey))
	}
	return nil
}

func checkCheckpoint(ctx context.Context, db *sql.DB, genesis string, c Checkpoint, head int64) (*ChainError, error) {
	if c.Seq > head {
		return &ChainError{Seq: head + 1, Reason: fmt.Sprintf(
			"log truncated: a checkpoint signed at %s vouches for seq %d, but the log ends at seq %d",
			formatTime(c.Time), c.Seq, head)}, nil
	}
	h, err := hashAt(ctx, db, c.Seq)
	if err != nil {
		return nil, fmt.Errorf("read audit event %d: %w", c.Seq, err)
	}
	if h != c.Hash {
		return &ChainError{Seq: c.Seq, Reason: "event hash differs from the signed checkpoint"}, nil
	}
	if err := keys.VerifySignature(c.PublicKey, c.Message(genesis), c.Signature); err != nil {
		return &ChainError{Seq: c.Seq, Reason: "checkpoint signature invalid"}, nil
	}
	return nil, nil
}

func keyFingerprint(publicKeyB64 string) string {
	der, err := base64.StdEncoding.DecodeString(publicKeyB64)
	if err != nil {
		return "invalid key"
	}
	return keys.FingerprintOf(der)
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
