package keys

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// webcryptoScript verifies and makes signatures with WebCrypto, the API
// ReplayWeb.page uses: it imports the SPKI key as ECDSA on its curve and
// verifies with SHA-256 over the UTF-8 bytes of the hash string, then signs
// the same hash with fresh P-256 and P-384 keys.
const webcryptoScript = `
const { subtle } = globalThis.crypto;
const [pub, curve, hash, sig] = process.argv.slice(1);
const b64 = (b) => Buffer.from(b).toString("base64");
(async () => {
  const key = await subtle.importKey("spki", Buffer.from(pub, "base64"),
    { name: "ECDSA", namedCurve: curve }, false, ["verify"]);
  const data = new TextEncoder().encode(hash);
  const params = { name: "ECDSA", hash: "SHA-256" };
  const out = { verified: await subtle.verify(params, key, Buffer.from(sig, "base64"), data), made: [] };
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

// TestWebCryptoInterop checks Sign and VerifySignature against Node's
// WebCrypto. It skips when node is not installed, and fails then under
// SIGHTLINE_REQUIRE_TOOLS=1 (make test).
func TestWebCryptoInterop(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("SIGHTLINE_REQUIRE_TOOLS") == "1" {
			t.Fatal("node not installed (make test installs it)")
		}
		t.Skip("node not installed")
	}
	k := testKey(t)
	pub := base64.StdEncoding.EncodeToString(k.PublicKeyDER())
	sig, err := k.Sign(testHash)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, "-e", webcryptoScript, pub, "P-256", testHash, sig).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("node: %v\n%s", err, exit.Stderr)
		}
		t.Fatal(err)
	}
	var res struct {
		Verified bool
		Made     []struct{ Curve, PublicKey, Signature string }
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	if !res.Verified {
		t.Fatal("WebCrypto rejects Key.Sign's signature")
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
