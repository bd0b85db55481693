package capture

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TLS describes the connection that carried a response and the server's
// certificate.
type TLS struct {
	Protocol         string    `json:"protocol"` // e.g. "TLS 1.3"
	Cipher           string    `json:"cipher"`
	KeyExchange      string    `json:"key_exchange,omitempty"` // empty for TLS 1.3
	KeyExchangeGroup string    `json:"key_exchange_group,omitempty"`
	Subject          string    `json:"subject"` // the leaf's subject common name, as Chromium gives it; "" without one
	Issuer           string    `json:"issuer"`  // the issuer's common name, likewise; Chain has the full names
	ValidFrom        time.Time `json:"valid_from"`
	ValidTo          time.Time `json:"valid_to"`

	// Chain is the certificate chain Chromium holds for the origin, leaf
	// first. Only Metadata.TLS has it; ChainError says why it is missing.
	Chain      []Certificate `json:"chain,omitempty"`
	ChainError string        `json:"chain_error,omitempty"`
}

// Certificate is one certificate of a chain.
type Certificate struct {
	Subject   string    `json:"subject"` // RFC 2253 form
	Issuer    string    `json:"issuer"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	SHA256    string    `json:"sha256"` // hex SHA-256 of DER: the certificate's fingerprint
	DER       []byte    `json:"der"`    // the certificate itself, so it can be checked independently
}

// SPKIHash is the base64 SHA-256 of a certificate's SubjectPublicKeyInfo, the
// form Options.IgnoreCertSPKI takes.
func SPKIHash(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// connectionTLS turns Chromium's security details into a TLS; nil for a
// response that came without TLS.
func connectionTLS(d *network.SecurityDetails) *TLS {
	if d == nil {
		return nil
	}
	return &TLS{
		Protocol: d.Protocol, Cipher: d.Cipher, KeyExchange: d.KeyExchange, KeyExchangeGroup: d.KeyExchangeGroup,
		Subject: d.SubjectName, Issuer: d.Issuer,
		ValidFrom: unixTime(float64(d.ValidFrom)), ValidTo: unixTime(float64(d.ValidTo)),
	}
}

// certificateChain reads the chain Chromium holds for the origin of rawURL.
func certificateChain(ctx context.Context, t *chromedp.Target, rawURL string) ([]Certificate, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	origin := u.Scheme + "://" + u.Host
	res, err := cdp.Call(ctx, t, network.GetCertificate, network.GetCertificateParams{Origin: origin})
	if err != nil {
		return nil, fmt.Errorf("certificate of %s: %w", origin, err)
	}
	if len(res.TableNames) == 0 {
		return nil, fmt.Errorf("certificate of %s: none held", origin)
	}
	chain := make([]Certificate, 0, len(res.TableNames))
	for i, b64 := range res.TableNames {
		c, err := parseCertificate(b64)
		if err != nil {
			return nil, fmt.Errorf("certificate %d of %s: %w", i, origin, err)
		}
		chain = append(chain, c)
	}
	return chain, nil
}

func parseCertificate(b64 string) (Certificate, error) {
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return Certificate{}, err
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return Certificate{}, err
	}
	sum := sha256.Sum256(der)
	return Certificate{
		Subject: c.Subject.String(), Issuer: c.Issuer.String(),
		NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(),
		SHA256: hex.EncodeToString(sum[:]), DER: der,
	}, nil
}
