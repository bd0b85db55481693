package relay

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/proxy"
)

// dialTimeout bounds reaching the upstream and, through it, the site: Tor
// may take a while to build a circuit.
const dialTimeout = time.Minute

// Upstream is the proxy the relay sends everything through.
type Upstream struct {
	URL      string // http://host:port or socks5://host:port, no credentials
	User     string
	Password string
}

// String names the upstream without its credentials.
func (u Upstream) String() string { return u.URL }

// GoString keeps the credentials out of %#v too.
func (u Upstream) GoString() string { return fmt.Sprintf("relay.Upstream{URL: %q}", u.URL) }

// UpstreamError says why the upstream did not carry a request.
type UpstreamError struct {
	Proxy  string // the upstream's URL, without credentials
	Target string // the host:port asked for
	Reason string // "is unreachable", "refused the user name or password", ...
	Err    error  // the cause, when there is one
	// Refused is true when the upstream refused the credentials: the
	// error is then [ErrCredentialsRefused].
	Refused bool
}

func (e *UpstreamError) Error() string {
	s := fmt.Sprintf("proxy %s %s (for %s)", e.Proxy, e.Reason, e.Target)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *UpstreamError) Unwrap() error { return e.Err }

// Is makes a refusal of the credentials [ErrCredentialsRefused].
func (e *UpstreamError) Is(target error) bool { return e.Refused && target == ErrCredentialsRefused }

// ErrCredentialsRefused is wrapped by an [*UpstreamError] whose upstream
// refused the user name or password.
var ErrCredentialsRefused = errors.New("the proxy refused the user name or password")

// Relay is a running relay.
type Relay struct {
	up       Upstream
	upURL    *url.URL
	ln       net.Listener
	auth     string // Basic Proxy-Authorization for an HTTP upstream
	socks    proxy.ContextDialer
	plain    *http.Transport // carries plain http: requests through the upstream
	mu       sync.Mutex
	conns    map[net.Conn]bool
	failure  error
	closed   bool
	wg       sync.WaitGroup
	dialer   net.Dialer
	closeErr error
	ctx      context.Context // done on Close: dials in progress end
	cancel   context.CancelFunc
}

// Start checks up and serves a relay to it on 127.0.0.1 until Close.
func Start(up Upstream) (*Relay, error) {
	u, err := url.Parse(up.URL)
	if err != nil || u.User != nil || u.Port() == "" || (u.Scheme != "http" && u.Scheme != "socks5") {
		return nil, fmt.Errorf("relay to %q: want http:// or socks5://host:port without credentials", up.URL)
	}
	r := &Relay{up: up, upURL: u, conns: map[net.Conn]bool{}, dialer: net.Dialer{Timeout: dialTimeout}}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	if u.Scheme == "socks5" {
		d, err := proxy.SOCKS5("tcp", u.Host, &proxy.Auth{User: up.User, Password: up.Password}, &r.dialer)
		if err != nil {
			return nil, fmt.Errorf("relay to %s: %w", up, err)
		}
		r.socks = d.(proxy.ContextDialer)
	} else {
		r.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(up.User+":"+up.Password))
	}
	r.plain = &http.Transport{
		Proxy:       http.ProxyURL(&url.URL{Scheme: u.Scheme, Host: u.Host, User: url.UserPassword(up.User, up.Password)}),
		DialContext: r.dialer.DialContext,
		// Chromium's request and the site's answer pass as they are.
		DisableCompression: true,
		ForceAttemptHTTP2:  false,
	}
	if r.ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		r.cancel()
		return nil, fmt.Errorf("relay to %s: %w", up, err)
	}
	r.wg.Go(r.serve)
	return r, nil
}

// URL is the relay's own address, http://127.0.0.1:port, for Chromium's
// --proxy-server.
func (r *Relay) URL() string { return "http://" + r.ln.Addr().String() }

// Upstream names the proxy behind the relay, without credentials.
func (r *Relay) Upstream() string { return r.up.URL }

// Failure is why the upstream last failed to carry a request, or nil when
// the latest request it was given went through.
func (r *Relay) Failure() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failure
}

// Close stops the relay and every connection through it.
func (r *Relay) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return r.closeErr
	}
	r.closed = true
	r.cancel()
	r.plain.CloseIdleConnections()
	if err := r.ln.Close(); err != nil {
		r.closeErr = fmt.Errorf("close relay: %w", err)
	}
	for c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
	return r.closeErr
}

func (r *Relay) serve() {
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		if !r.track(c) {
			c.Close()
			return
		}
		r.wg.Go(func() {
			defer r.untrack(c)
			r.client(c)
		})
	}
}

func (r *Relay) track(c net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	r.conns[c] = true
	return true
}

func (r *Relay) untrack(c net.Conn) {
	c.Close()
	r.mu.Lock()
	delete(r.conns, c)
	r.mu.Unlock()
}

// result records how the upstream did with a request.
func (r *Relay) result(err error) {
	r.mu.Lock()
	r.failure = err
	r.mu.Unlock()
}

// client serves one connection from Chromium: requests one after another,
// until a CONNECT turns it into a tunnel or either side closes.
func (r *Relay) client(c net.Conn) {
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		if req.Method == http.MethodConnect {
			r.connect(c, br, req)
			return
		}
		if req.URL.Scheme != "http" || req.URL.Host == "" {
			io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n") //nolint:errcheck
			return
		}
		if !r.forward(c, req) {
			return
		}
	}
}

// forward sends a plain http: request on through the upstream and copies
// the answer to c; false means the client connection ends, with no answer
// when the upstream failed.
func (r *Relay) forward(c net.Conn, req *http.Request) bool {
	target := req.URL.Host
	if req.URL.Port() == "" {
		target = net.JoinHostPort(req.URL.Hostname(), "80")
	}
	req.RequestURI = ""
	req.Header.Del("Proxy-Connection")
	req.Header.Del("Proxy-Authorization")
	resp, err := r.plain.RoundTrip(req.WithContext(r.ctx))
	if err != nil {
		r.result(r.plainError(target, err))
		return false
	}
	defer resp.Body.Close()
	if r.socks == nil && resp.StatusCode == http.StatusProxyAuthRequired {
		r.result(r.statusError(target, resp))
		return false
	}
	r.result(nil)
	return resp.Write(c) == nil && !resp.Close && !req.Close
}

// plainError explains why the upstream did not carry a plain request.
func (r *Relay) plainError(target string, err error) error {
	if r.socks != nil {
		return r.socksError(target, err)
	}
	if dialFailed(err) {
		return &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "is unreachable", Err: err}
	}
	return &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "gave no answer", Err: err}
}

// connect tunnels a CONNECT through the upstream.
func (r *Relay) connect(c net.Conn, br *bufio.Reader, req *http.Request) {
	up, err := r.tunnel(r.ctx, req.Host)
	r.result(err)
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n") //nolint:errcheck
		return
	}
	if !r.track(up) {
		up.Close()
		return
	}
	defer r.untrack(up)
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	splice(struct {
		io.Reader
		io.Writer
	}{br, c}, up)
}

// splice copies both ways until either side ends.
func splice(client io.ReadWriter, up net.Conn) {
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, client); done <- struct{}{} }() //nolint:errcheck // either end may close
	go func() { io.Copy(client, up); done <- struct{}{} }() //nolint:errcheck
	<-done
}

// tunnel opens a connection to target through the upstream.
func (r *Relay) tunnel(ctx context.Context, target string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	if r.socks != nil {
		c, err := r.socks.DialContext(ctx, "tcp", target)
		if err != nil {
			return nil, r.socksError(target, err)
		}
		return c, nil
	}
	c, err := r.dialUpstream(ctx, target)
	if err != nil {
		return nil, err
	}
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: target}, Host: target,
		Header: http.Header{"Proxy-Authorization": {r.auth}}}
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl) //nolint:errcheck // a failed write or read says more
	}
	if err := req.Write(c); err != nil {
		c.Close()
		return nil, &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "closed the connection", Err: err}
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		c.Close()
		return nil, &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "gave no answer to CONNECT", Err: err}
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		c.Close()
		return nil, r.statusError(target, resp)
	}
	c.SetDeadline(time.Time{}) //nolint:errcheck
	if br.Buffered() > 0 {
		return &bufferedConn{Conn: c, r: br}, nil
	}
	return c, nil
}

func (r *Relay) dialUpstream(ctx context.Context, target string) (net.Conn, error) {
	c, err := r.dialer.DialContext(ctx, "tcp", r.upURL.Host)
	if err != nil {
		return nil, &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "is unreachable", Err: err}
	}
	return c, nil
}

// statusError explains an HTTP upstream's answer other than success.
func (r *Relay) statusError(target string, resp *http.Response) error {
	if resp.StatusCode == http.StatusProxyAuthRequired {
		return &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "refused the user name or password (407)", Refused: true}
	}
	return &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "answered " + resp.Status}
}

// socksError explains a failed SOCKS5 dial. x/net/proxy's errors name the
// step: the dial of the proxy, the authentication, or the CONNECT.
func (r *Relay) socksError(target string, err error) error {
	switch {
	case dialFailed(err):
		return &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "is unreachable", Err: err}
	case containsAny(err.Error(), "authentication failed", "no acceptable authentication methods"):
		return &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "refused the user name or password", Err: err, Refused: true}
	}
	return &UpstreamError{Proxy: r.up.URL, Target: target, Reason: "did not connect", Err: err}
}

// bufferedConn is a connection whose first bytes were read ahead.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// dialFailed reports whether err, or an error it wraps, is a failed dial:
// x/net/proxy wraps the dial of the proxy in the error of its CONNECT.
func dialFailed(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if op, ok := err.(*net.OpError); ok && op.Op == "dial" {
			return true
		}
	}
	return false
}

func containsAny(s string, parts ...string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
