package keys

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sightline-osint/sightline/internal/testenv"
)

// webcryptoScript verifies and makes signatures with WebCrypto, the API
// ReplayWeb.page uses. It imports the SPKI key as ECDSA on the curve given
// and verifies with SHA-256 over the UTF-8 bytes of the hash string; then
// imports and verifies again exactly as ReplayWeb.page 2.5.3 (wabac.js)
// does in anonymous mode, with namedCurve "P-384" whatever the key; then
// signs the same hash with fresh P-256 and P-384 keys.
const webcryptoScript = `
const { subtle } = globalThis.crypto;
const [pub, curve, hash, sig] = process.argv.slice(1);
const b64 = (b) => Buffer.from(b).toString("base64");
(async () => {
  const data = new TextEncoder().encode(hash);
  const params = { name: "ECDSA", hash: "SHA-256" };
  const key = await subtle.importKey("spki", Buffer.from(pub, "base64"),
    { name: "ECDSA", namedCurve: curve }, false, ["verify"]);
  const out = { verified: await subtle.verify(params, key, Buffer.from(sig, "base64"), data), replay: {}, made: [] };
  try {
    const rk = await subtle.importKey("spki", Buffer.from(pub, "base64"),
      { name: "ECDSA", namedCurve: "P-384" }, true, ["verify"]);
    out.replay.verified = await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, rk, Buffer.from(sig, "base64"), data);
  } catch (e) {
    out.replay.error = String(e);
  }
  for (const namedCurve of ["P-256", "P-384"]) {
    const pair = await subtle.generateKey({ name: "ECDSA", namedCurve }, true, ["sign", "verify"]);
    out.made.push({
      curve: namedCurve,
      publicKey: b64(await subtle.exportKey("spki", pair.publicKey)),
      signature: b64(await subtle.sign(params, pair.privateKey, data)),
    });
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`

type webcryptoResult struct {
	Verified bool
	Replay   struct {
		Verified bool
		Error    string
	}
	Made []struct{ Curve, PublicKey, Signature string }
}

// TestWebCryptoInterop checks Sign and VerifySignature against Node's
// WebCrypto, and that a new workstation key imports and verifies the way
// ReplayWeb.page imports it (P-384).
func TestWebCryptoInterop(t *testing.T) {
	k := testKey(t)
	res := runWebCrypto(t, k)
	if !res.Verified {
		t.Fatalf("WebCrypto rejects Key.Sign's %s signature", k.Curve())
	}
	if !res.Replay.Verified {
		t.Fatalf("a new workstation key (%s) does not verify as ReplayWeb.page imports it, namedCurve P-384: %+v", k.Curve(), res.Replay)
	}
	if len(res.Made) != 2 {
		t.Fatalf("node made %d signatures, want 2", len(res.Made))
	}
	for _, m := range res.Made {
		if err := VerifySignature(m.PublicKey, testHash, m.Signature); err != nil {
			t.Errorf("WebCrypto %s signature rejected: %v", m.Curve, err)
		}
		other := strings.Replace(testHash, "e885", "e886", 1)
		if err := VerifySignature(m.PublicKey, other, m.Signature); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("WebCrypto %s signature accepted for another hash (err %v)", m.Curve, err)
		}
	}
}

// TestWebCryptoP256Key checks a P-256 key from an earlier version: WebCrypto
// verifies its signature on its own curve, and the import ReplayWeb.page
// does (P-384) fails, which is why new keys are P-384.
func TestWebCryptoP256Key(t *testing.T) {
	noKeyring(t)
	t.Setenv(envStore, StoreFile)
	dir := t.TempDir()
	writeP256KeyFile(t, dir)
	k, err := Open(dir, "ws-p256")
	if err != nil {
		t.Fatal(err)
	}
	res := runWebCrypto(t, k)
	if !res.Verified {
		t.Fatal("WebCrypto rejects Key.Sign's P-256 signature")
	}
	if res.Replay.Verified || res.Replay.Error == "" {
		t.Fatalf("a P-256 key imported as P-384: %+v, want an import error", res.Replay)
	}
}

// runWebCrypto signs testHash with k and has node check it.
func runWebCrypto(t *testing.T, k *Key) webcryptoResult {
	t.Helper()
	node := testenv.Command(t, "node")
	pub := base64.StdEncoding.EncodeToString(k.PublicKeyDER())
	parsed, err := x509.ParsePKIXPublicKey(k.PublicKeyDER())
	if err != nil {
		t.Fatal(err)
	}
	// The curve as the public key names it, not as Key.Curve reports it.
	curve := parsed.(*ecdsa.PublicKey).Curve.Params().Name
	sig, err := k.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, "-e", webcryptoScript, pub, curve, testHash, sig).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("node: %v\n%s", err, exit.Stderr)
		}
		t.Fatal(err)
	}
	var res webcryptoResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	return res
}
