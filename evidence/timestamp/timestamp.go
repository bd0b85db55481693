// Package timestamp asks RFC 3161 time-stamping authorities to date a
// bundle's identity, and checks their replies. A reply is a detached file
// beside the bundle (the DER TimeStampResp): it never changes a sealed
// bundle, and `openssl ts -verify` checks it as well as Sightline does.
package timestamp

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/digitorus/pkcs7"
	rfc3161 "github.com/digitorus/timestamp"

	"github.com/sightline-osint/sightline/evidence"
)

// maxReply bounds a reply read from an authority.
const maxReply = 1 << 20

var (
	// ErrOtherHash: the reply dates another hash than the bundle's.
	ErrOtherHash = errors.New("the reply dates another hash than the bundle's identity")
	// ErrUntrusted: the reply's signer does not chain to a trust anchor
	// given, or is not a time-stamping certificate.
	ErrUntrusted = errors.New("the authority's certificate does not chain to a trust anchor given for time-stamping")
	// ErrBadReply: the reply is not a granted, signed TimeStampResp, or its
	// signature does not verify (it was altered).
	ErrBadReply = errors.New("not a valid signed time-stamp reply")
)

// Stamp is what a checked reply says.
type Stamp struct {
	Time      time.Time // the authority's time (genTime), UTC
	Accuracy  time.Duration
	Serial    string // the token's serial number, hex
	Policy    string // the authority's policy OID
	Authority string // the signer's subject
	// Trusted says the signer chains to a trust anchor given; without
	// anchors the signature and hash are checked but not who signed.
	Trusted bool
}

// Digest is what is stamped for a bundle: the SHA-256 of its
// datapackage.json, whose hex is the bundle's identity ("sha256:<hex>").
func Digest(packageID string) ([]byte, error) {
	h, ok := bytes.CutPrefix([]byte(packageID), []byte("sha256:"))
	d := make([]byte, sha256.Size)
	if !ok || len(h) != 2*sha256.Size {
		return nil, fmt.Errorf("bundle identity %q is not sha256:<64 hex digits>", packageID)
	}
	if _, err := hex.Decode(d, h); err != nil {
		return nil, fmt.Errorf("bundle identity %q: %w", packageID, err)
	}
	return d, nil
}

// Request asks the authority at url to date digest (SHA-256) and returns
// its reply, checked as Check does without trust anchors, and that it
// answers this request (its nonce).
func Request(ctx context.Context, client *http.Client, url string, digest []byte) ([]byte, Stamp, error) {
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, Stamp{}, err
	}
	req := rfc3161.Request{HashAlgorithm: crypto.SHA256, HashedMessage: digest, Certificates: true, Nonce: nonce}
	query, err := req.Marshal()
	if err != nil {
		return nil, Stamp{}, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(query))
	if err != nil {
		return nil, Stamp{}, fmt.Errorf("time-stamp request to %s: %w", url, err)
	}
	hr.Header.Set("Content-Type", "application/timestamp-query")
	resp, err := client.Do(hr)
	if err != nil {
		return nil, Stamp{}, fmt.Errorf("time-stamp request to %s: %w", url, err)
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	switch {
	case err != nil:
		return nil, Stamp{}, fmt.Errorf("time-stamp reply from %s: %w", url, err)
	case resp.StatusCode != http.StatusOK:
		return nil, Stamp{}, fmt.Errorf("time-stamp reply from %s: HTTP %s", url, resp.Status)
	case len(reply) > maxReply:
		return nil, Stamp{}, fmt.Errorf("time-stamp reply from %s: over %d bytes", url, maxReply)
	}
	s, ts, err := check(reply, digest, nil)
	if err != nil {
		return nil, Stamp{}, fmt.Errorf("time-stamp reply from %s: %w", url, err)
	}
	if ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0 {
		return nil, Stamp{}, fmt.Errorf("time-stamp reply from %s: %w: it answers another request (nonce)", url, ErrBadReply)
	}
	return reply, s, nil
}

// Check checks a reply against the bundle's digest: a granted
// TimeStampResp, its token's signature, its imprint (SHA-256 of digest's
// bundle), and, when roots is not nil, that its signer is a time-stamping
// certificate chaining to one of them at the time it gives. intermediates
// may add certificates of the chain the reply does not carry.
func Check(reply, digest []byte, roots *x509.CertPool, intermediates ...*x509.Certificate) (Stamp, error) {
	s, _, err := check(reply, digest, roots, intermediates...)
	return s, err
}

func check(reply, digest []byte, roots *x509.CertPool, intermediates ...*x509.Certificate) (Stamp, *rfc3161.Timestamp, error) {
	ts, err := rfc3161.ParseResponse(reply)
	if err != nil {
		return Stamp{}, nil, fmt.Errorf("%w: %v", ErrBadReply, err)
	}
	p7, err := pkcs7.Parse(ts.RawToken)
	if err != nil || len(p7.Certificates) == 0 {
		return Stamp{}, nil, fmt.Errorf("%w: the token carries no signer certificate", ErrBadReply)
	}
	if err := p7.Verify(); err != nil {
		return Stamp{}, nil, fmt.Errorf("%w: %v", ErrBadReply, err)
	}
	if ts.HashAlgorithm != crypto.SHA256 || !bytes.Equal(ts.HashedMessage, digest) {
		return Stamp{}, nil, ErrOtherHash
	}
	signer := p7.GetOnlySigner()
	s := Stamp{Time: ts.Time.UTC(), Accuracy: ts.Accuracy, Policy: ts.Policy.String()}
	if ts.SerialNumber != nil {
		s.Serial = ts.SerialNumber.Text(16)
	}
	if signer != nil {
		s.Authority = signer.Subject.String()
	}
	if roots != nil {
		pool := x509.NewCertPool()
		for _, c := range append(p7.Certificates, intermediates...) {
			pool.AddCert(c)
		}
		err := p7.VerifyWithOpts(x509.VerifyOptions{Roots: roots, Intermediates: pool, CurrentTime: ts.Time,
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}})
		if err != nil {
			return Stamp{}, nil, fmt.Errorf("%w: %v", ErrUntrusted, err)
		}
		s.Trusted = true
	}
	return s, ts, nil
}

// Chain is the certificates a reply carries, as PEM, for `openssl ts
// -verify -untrusted`.
func Chain(reply []byte) ([]byte, error) {
	ts, err := rfc3161.ParseResponse(reply)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadReply, err)
	}
	var b bytes.Buffer
	for _, c := range ts.Certificates {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}) //nolint:errcheck // to memory
	}
	return b.Bytes(), nil
}

// Roots reads trust anchors from PEM.
func Roots(pemData []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		return nil, errors.New("no PEM certificate among the trust anchors")
	}
	return pool, nil
}

// Beside lists the replies kept beside a bundle: <bundle>.<n>.tsr.
func Beside(bundlePath string) ([]string, error) {
	return filepath.Glob(strings.TrimSuffix(bundlePath, ".wacz") + ".*.tsr")
}

// CheckBeside adds a "timestamp" check to v (a bundle's verification, whose
// ID is the identity stamped) for each reply beside the bundle, against
// roots when given; it returns the stamps that passed.
func CheckBeside(v *evidence.Verification, roots *x509.CertPool) ([]Stamp, error) {
	files, err := Beside(v.Path)
	if err != nil {
		return nil, err
	}
	digest, derr := Digest(v.ID)
	var stamps []Stamp
	for _, f := range files {
		reply, err := os.ReadFile(f)
		if err == nil && derr != nil {
			err = derr
		}
		var s Stamp
		if err == nil {
			s, err = Check(reply, digest, roots)
		}
		v.Checks = append(v.Checks, evidence.Check{Name: "timestamp", File: f, OK: err == nil, Err: err})
		if err == nil {
			stamps = append(stamps, s)
		}
	}
	return stamps, nil
}
