package audit

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/keys"
)

// testSigner signs as package keys does: ECDSA on its curve over SHA-256
// of the message, r||s, base64.
type testSigner struct{ k *ecdsa.PrivateKey }

func newTestSigner(t *testing.T, curve elliptic.Curve) testSigner {
	t.Helper()
	k, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testSigner{k}
}

func (s testSigner) Sign(msg string) (string, error) {
	sum := sha256.Sum256([]byte(msg))
	r, ss, err := ecdsa.Sign(rand.Reader, s.k, sum[:])
	if err != nil {
		return "", err
	}
	size := (s.k.Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	ss.FillBytes(sig[size:])
	return base64.StdEncoding.EncodeToString(sig), nil
}

func (s testSigner) PublicKeyDER() []byte {
	der, _ := x509.MarshalPKIXPublicKey(&s.k.PublicKey)
	return der
}

// The workstation key signs checkpoints.
var _ Signer = (*keys.Key)(nil)

// TestCheckpointsWorkstationKey signs checkpoints with a new workstation
// key, which is P-384, and verifies them.
func TestCheckpointsWorkstationKey(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", keys.StoreFile)
	k, err := keys.Open(t.TempDir(), "ws-checkpoint")
	if err != nil {
		t.Fatal(err)
	}
	if k.Curve() != "P-384" {
		t.Fatalf("new workstation key is %s, want P-384", k.Curve())
	}
	ctx := context.Background()
	db, _ := TestDB(t)
	genesis := strings.Repeat("cd", 32)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Append(ctx, tx, genesis, Event{Time: at, Action: "view", OSUser: "u"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := WriteCheckpoint(ctx, tx, genesis, k, at); err != nil || !ok {
		t.Fatalf("checkpoint: %v %v", ok, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(ctx, db, genesis)
	if err != nil || !rep.OK() || rep.Checkpoints != 1 || len(rep.CheckpointKeys) != 1 || rep.CheckpointKeys[0] != k.Fingerprint() {
		t.Fatalf("checkpoint of a P-384 key: %+v %v", rep, err)
	}
}

// TestCheckpointsDetectTruncation runs with both curves a workstation key
// may have: P-256 (made by earlier versions) and P-384.
func TestCheckpointsDetectTruncation(t *testing.T) {
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384()} {
		t.Run(curve.Params().Name, func(t *testing.T) { testCheckpointsDetectTruncation(t, curve) })
	}
}

func testCheckpointsDetectTruncation(t *testing.T, curve elliptic.Curve) {
	ctx := context.Background()
	db, path := TestDB(t)
	genesis := strings.Repeat("ab", 32)
	signer := newTestSigner(t, curve)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := range 6 {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Append(ctx, tx, genesis, Event{Time: at.Add(time.Duration(i) * time.Second), Action: "view", OSUser: "u"}); err != nil {
			t.Fatal(err)
		}
		if i == 3 || i == 5 {
			if _, ok, err := WriteCheckpoint(ctx, tx, genesis, signer, at); err != nil || !ok {
				t.Fatalf("checkpoint: %v %v", ok, err)
			}
			if _, ok, _ := WriteCheckpoint(ctx, tx, genesis, signer, at); ok {
				t.Fatal("a second checkpoint of the same head was written")
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := Verify(ctx, db, genesis)
	if err != nil || !rep.OK() || rep.Checkpoints != 2 || len(rep.CheckpointKeys) != 1 {
		t.Fatalf("untouched log: %+v %v", rep, err)
	}
	// An attacker drops the triggers and removes the last two events: the
	// chain alone still verifies, the checkpoint at seq 6 does not.
	sqlite3(t, path, `DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq > 4;`)
	rep, err = Verify(ctx, db, genesis)
	var ce *ChainError
	if err != nil || !errors.As(rep.Err(), &ce) || ce.Seq != 5 || !strings.Contains(ce.Reason, "log truncated") {
		t.Fatalf("truncated log: %+v %v", rep, err)
	}
	// A checkpoint whose hash or signature was altered breaks at its seq.
	sqlite3(t, path, `DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;
		DELETE FROM audit_checkpoints WHERE seq = 6;
		UPDATE audit_checkpoints SET signature = 'AAAA' || substr(signature, 5) WHERE seq = 4;`)
	rep, _ = Verify(ctx, db, genesis)
	if !errors.As(rep.Err(), &ce) || ce.Seq != 4 || ce.Reason != "checkpoint signature invalid" {
		t.Fatalf("altered checkpoint signature: %+v", rep)
	}
}
