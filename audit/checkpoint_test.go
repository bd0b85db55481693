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
)

// testSigner signs as evidence/keys does: ECDSA P-256 over SHA-256 of the
// message, r||s, base64.
type testSigner struct{ k *ecdsa.PrivateKey }

func newTestSigner(t *testing.T) testSigner {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
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
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	ss.FillBytes(sig[32:])
	return base64.StdEncoding.EncodeToString(sig), nil
}

func (s testSigner) PublicKeyDER() []byte {
	der, _ := x509.MarshalPKIXPublicKey(&s.k.PublicKey)
	return der
}

func TestCheckpointsDetectTruncation(t *testing.T) {
	ctx := context.Background()
	db, path := TestDB(t)
	genesis := strings.Repeat("ab", 32)
	signer := newTestSigner(t)
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
