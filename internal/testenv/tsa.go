package testenv

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// TSA is an RFC 3161 time-stamping authority for a test: `openssl ts
// -reply` behind an HTTP handler on loopback, signing with a certificate
// of its own CA, both made by the test.
type TSA struct {
	URL    string
	CAFile string // the CA certificate, PEM: the trust anchor
	Dir    string // its keys, certificates and openssl configuration
	srv    *httptest.Server
	mu     sync.Mutex // openssl ts -reply keeps its serial in a file
	down   bool
}

// StartTSA makes a CA and a time-stamping certificate named name and
// serves the authority until the test ends.
func StartTSA(tb testing.TB, name string) *TSA {
	tb.Helper()
	openssl := Command(tb, "openssl")
	dir := tb.TempDir()
	run := func(args ...string) {
		tb.Helper()
		cmd := exec.Command(openssl, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("openssl %v: %v\n%s", args, err, out)
		}
	}
	write := func(file, text string) {
		tb.Helper()
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	ec := []string{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"}
	run(append(append([]string{"req", "-x509"}, ec...), "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650",
		"-subj", "/O=Sightline tests/CN="+name+" root", "-addext", "basicConstraints=critical,CA:TRUE",
		"-addext", "keyUsage=critical,keyCertSign,cRLSign")...)
	run(append(append([]string{"req"}, ec...), "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/O=Sightline tests/CN="+name)...)
	write("ext.cnf", "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n")
	run("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.pem",
		"-days", "3650", "-extfile", "ext.cnf")
	write("serial", "01\n")
	write("ts.cnf", fmt.Sprintf(`[ tsa ]
default_tsa = tsa1
[ tsa1 ]
dir = %s
serial = $dir/serial
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`, dir))
	t := &TSA{CAFile: filepath.Join(dir, "ca.pem"), Dir: dir}
	t.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		q, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil || r.Method != http.MethodPost {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		qf, rf := filepath.Join(dir, "q.tsq"), filepath.Join(dir, "r.tsr")
		if err := os.WriteFile(qf, q, 0o600); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		cmd := exec.Command(openssl, "ts", "-reply", "-config", filepath.Join(dir, "ts.cnf"), "-queryfile", qf, "-out", rf)
		if out, err := cmd.CombinedOutput(); err != nil {
			http.Error(w, fmt.Sprintf("%v: %s", err, out), http.StatusInternalServerError)
			return
		}
		reply, err := os.ReadFile(rf)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(reply) //nolint:errcheck // the client reads what arrived
	}))
	tb.Cleanup(t.srv.Close)
	t.URL = t.srv.URL + "/tsa"
	return t
}

// SetDown makes the authority answer 503 (down) or work again.
func (t *TSA) SetDown(down bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.down = down
}
