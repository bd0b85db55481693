package testenv

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Proxy is a forward proxy for a test on loopback that requires a user
// name and password: an HTTP proxy (CONNECT and absolute-form requests,
// Basic Proxy-Authorization) or a SOCKS5 proxy (RFC 1928, user and
// password of RFC 1929 only). It is written apart from Sightline's own
// relay so that each checks the other. It records where it connected and
// from which local address, so a test server can tell that a connection
// came through it (CameFrom).
type Proxy struct {
	Kind string // "http" or "socks5"
	Addr string // host:port it listens on

	user, password string
	ln             net.Listener

	mu      sync.Mutex
	targets []string        // host:port asked for, in order
	from    map[string]bool // local addresses of its connections to targets
	refused int             // requests refused for their credentials
	wg      sync.WaitGroup
	conns   map[net.Conn]bool
	closed  bool
}

// StartProxy serves a proxy of kind ("http" or "socks5") that accepts only
// user and password, until Close or the end of the test.
func StartProxy(tb testing.TB, kind, user, password string) *Proxy {
	tb.Helper()
	if kind != "http" && kind != "socks5" {
		tb.Fatalf("proxy kind %q, want http or socks5", kind)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &Proxy{Kind: kind, Addr: ln.Addr().String(), user: user, password: password, ln: ln,
		from: map[string]bool{}, conns: map[net.Conn]bool{}}
	p.wg.Go(p.serve)
	tb.Cleanup(p.Close)
	return p
}

// URL is the proxy as scheme://host:port, without credentials.
func (p *Proxy) URL() string { return p.Kind + "://" + p.Addr }

// Close stops the proxy and its connections: afterwards it refuses every
// connection, as a proxy that is down does.
func (p *Proxy) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.ln.Close()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// Targets are the host:port the proxy was asked to reach.
func (p *Proxy) Targets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.targets...)
}

// Refused counts the requests refused for their credentials.
func (p *Proxy) Refused() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refused
}

// CameFrom reports whether remoteAddr (an http.Request's RemoteAddr, as a
// server sees it) is the proxy's end of one of its connections.
func (p *Proxy) CameFrom(remoteAddr string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.from[remoteAddr]
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track(c) {
			c.Close()
			return
		}
		p.wg.Go(func() {
			defer p.untrack(c)
			if p.Kind == "socks5" {
				p.socks(c)
			} else {
				p.http(c)
			}
		})
	}
}

func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = true
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	c.Close()
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// dial connects to target and records it.
func (p *Proxy) dial(target string) (net.Conn, error) {
	c, err := net.Dial("tcp", target)
	if err != nil {
		return nil, err
	}
	if !p.track(c) {
		c.Close()
		return nil, errors.New("proxy closed")
	}
	p.mu.Lock()
	p.targets = append(p.targets, target)
	p.from[c.LocalAddr().String()] = true
	p.mu.Unlock()
	return c, nil
}

func (p *Proxy) refuse() {
	p.mu.Lock()
	p.refused++
	p.mu.Unlock()
}

// splice copies both ways until either side ends.
func (p *Proxy) splice(a io.ReadWriter, b net.Conn) {
	defer p.untrack(b)
	done := make(chan struct{}, 2)
	go func() { io.Copy(b, a); done <- struct{}{} }() //nolint:errcheck // either end may close
	go func() { io.Copy(a, b); done <- struct{}{} }() //nolint:errcheck
	<-done
}

// http serves one client connection of the HTTP proxy.
func (p *Proxy) http(c net.Conn) {
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		if !p.authorised(req.Header.Get("Proxy-Authorization")) {
			p.refuse()
			io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n") //nolint:errcheck
			continue
		}
		if req.Method == http.MethodConnect {
			up, err := p.dial(req.Host)
			if err != nil {
				io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n") //nolint:errcheck
				return
			}
			io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n") //nolint:errcheck
			p.splice(struct {
				io.Reader
				io.Writer
			}{br, c}, up)
			return
		}
		if !p.forward(c, req) {
			return
		}
	}
}

// forward sends an absolute-form request to its host on a new connection
// and copies the response back.
func (p *Proxy) forward(c net.Conn, req *http.Request) bool {
	host := req.URL.Host
	if req.URL.Port() == "" {
		host = net.JoinHostPort(req.URL.Hostname(), "80")
	}
	up, err := p.dial(host)
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n") //nolint:errcheck
		return false
	}
	defer p.untrack(up)
	req.Header.Del("Proxy-Authorization")
	req.Header.Del("Proxy-Connection")
	if err := req.Write(up); err != nil {
		return false
	}
	resp, err := http.ReadResponse(bufio.NewReader(up), req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.Write(c) == nil && !resp.Close && !req.Close
}

func (p *Proxy) authorised(header string) bool {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(p.user+":"+p.password))
	return header == want
}

// socks serves one client connection of the SOCKS5 proxy.
func (p *Proxy) socks(c net.Conn) {
	br := bufio.NewReader(c)
	var head [2]byte
	if _, err := io.ReadFull(br, head[:]); err != nil || head[0] != 5 {
		return
	}
	methods := make([]byte, head[1])
	if _, err := io.ReadFull(br, methods); err != nil {
		return
	}
	if !strings.ContainsRune(string(methods), 2) {
		p.refuse()
		c.Write([]byte{5, 0xff}) //nolint:errcheck
		return
	}
	c.Write([]byte{5, 2}) //nolint:errcheck
	user, password, ok := readUserPassword(br)
	if !ok || user != p.user || password != p.password {
		p.refuse()
		c.Write([]byte{1, 1}) //nolint:errcheck
		return
	}
	c.Write([]byte{1, 0}) //nolint:errcheck
	target, ok := readSocksRequest(br)
	if !ok {
		c.Write([]byte{5, 7, 0, 1, 0, 0, 0, 0, 0, 0}) //nolint:errcheck // command not supported
		return
	}
	up, err := p.dial(target)
	if err != nil {
		c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0}) //nolint:errcheck // connection refused
		return
	}
	c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0}) //nolint:errcheck
	p.splice(struct {
		io.Reader
		io.Writer
	}{br, c}, up)
}

// readUserPassword reads RFC 1929's request: version 1, then the user and
// the password, each a length byte and the bytes.
func readUserPassword(r *bufio.Reader) (user, password string, ok bool) {
	v, err := r.ReadByte()
	if err != nil || v != 1 {
		return "", "", false
	}
	field := func() (string, bool) {
		n, err := r.ReadByte()
		if err != nil {
			return "", false
		}
		b := make([]byte, n)
		_, err = io.ReadFull(r, b)
		return string(b), err == nil
	}
	user, ok1 := field()
	password, ok2 := field()
	return user, password, ok1 && ok2
}

// readSocksRequest reads a CONNECT request and returns its host:port.
func readSocksRequest(r *bufio.Reader) (string, bool) {
	var h [4]byte
	if _, err := io.ReadFull(r, h[:]); err != nil || h[0] != 5 || h[1] != 1 {
		return "", false
	}
	var host string
	switch h[3] {
	case 1, 4:
		ip := make(net.IP, 4)
		if h[3] == 4 {
			ip = make(net.IP, 16)
		}
		if _, err := io.ReadFull(r, ip); err != nil {
			return "", false
		}
		host = ip.String()
	case 3:
		n, err := r.ReadByte()
		if err != nil {
			return "", false
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			return "", false
		}
		host = string(b)
	default:
		return "", false
	}
	var port [2]byte
	if _, err := io.ReadFull(r, port[:]); err != nil {
		return "", false
	}
	return net.JoinHostPort(host, strconv.Itoa(int(binary.BigEndian.Uint16(port[:])))), true
}
