package capture

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http/httptest"
	"testing"
	"time"
)

// newUntrustedTLSServer serves the fixtures over TLS with a fresh
// self-signed key that no browser of the suite accepts.
func newUntrustedTLSServer(t *testing.T) *httptest.Server {
	t.Helper()
	cert := selfSigned(t)
	quit := make(chan struct{})
	srv := httptest.NewUnstartedServer(fixtures(quit))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failures are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(quit) })
	return srv
}

func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "untrusted.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestSPKIHash(t *testing.T) {
	cert := selfSigned(t)
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(cert.PrivateKey.(*ecdsa.PrivateKey).Public())
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pub)
	if got, want := SPKIHash(leaf), base64.StdEncoding.EncodeToString(sum[:]); got != want {
		t.Errorf("SPKIHash = %s, want %s", got, want)
	}
}

func TestParseCertificate(t *testing.T) {
	der := selfSigned(t).Certificate[0]
	c, err := parseCertificate(base64.StdEncoding.EncodeToString(der))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	if c.Subject != "CN=untrusted.test" || c.Issuer != c.Subject || c.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("certificate %+v", c)
	}
	if _, err := parseCertificate("bm90IGEgY2VydA=="); err == nil {
		t.Error("parsed a certificate from junk")
	}
}

func TestStartRejectsOptions(t *testing.T) {
	ctx := context.Background()
	if _, err := Start(ctx, Options{ExecPath: "/nonexistent/chromium"}); !errors.Is(err, ErrBrowserNotFound) {
		t.Errorf("Start with a missing executable = %v, want ErrBrowserNotFound", err)
	}
	if _, err := Start(ctx, Options{IgnoreCertSPKI: []string{"not-a-hash"}}); err == nil {
		t.Error("Start accepted a malformed SPKI hash")
	}
}
