package relay

import (
	"bufio"
	"net"
	"net/http"
)

// forwarder carries a client connection's plain http: requests, keeping
// the connection it made for the last one while the next goes to the same
// place.
type forwarder struct {
	up   net.Conn
	br   *bufio.Reader
	host string // the site (SOCKS5) or "" (HTTP upstream) the connection is for
}

func (f *forwarder) close(r *Relay) {
	if f.up != nil {
		r.untrack(f.up)
		f.up = nil
	}
}

// forward sends req on and copies the answer to c; false means the client
// connection ends, with no answer when the upstream failed.
func (f *forwarder) forward(r *Relay, c net.Conn, req *http.Request) bool {
	host := req.URL.Host
	if req.URL.Port() == "" {
		host = net.JoinHostPort(req.URL.Hostname(), "80")
	}
	if err := f.connect(r, host); err != nil {
		r.result(err)
		return false
	}
	req.Header.Del("Proxy-Connection")
	var err error
	if r.socks != nil {
		req.Header.Del("Proxy-Authorization")
		err = req.Write(f.up)
	} else {
		req.Header.Set("Proxy-Authorization", r.auth)
		err = req.WriteProxy(f.up)
	}
	if err != nil {
		f.close(r)
		r.result(&UpstreamError{Proxy: r.up.URL, Target: host, Reason: "closed the connection", Err: err})
		return false
	}
	resp, err := http.ReadResponse(f.br, req)
	if err != nil {
		f.close(r)
		r.result(&UpstreamError{Proxy: r.up.URL, Target: host, Reason: "gave no answer", Err: err})
		return false
	}
	defer resp.Body.Close()
	if r.socks == nil && resp.StatusCode == http.StatusProxyAuthRequired {
		f.close(r)
		r.result(r.statusError(host, resp))
		return false
	}
	r.result(nil)
	if err := resp.Write(c); err != nil || resp.Close || req.Close {
		f.close(r)
		return false
	}
	return true
}

// connect makes sure f.up leads to host: through a SOCKS5 tunnel to the
// site, or to the HTTP upstream, which takes every site on one connection.
func (f *forwarder) connect(r *Relay, host string) error {
	want := host
	if r.socks == nil {
		want = ""
	}
	if f.up != nil && f.host == want {
		return nil
	}
	f.close(r)
	var up net.Conn
	var err error
	if r.socks != nil {
		up, err = r.tunnel(r.ctx, host)
	} else {
		up, err = r.dialUpstream(r.ctx, host)
	}
	if err != nil {
		return err
	}
	if !r.track(up) {
		up.Close()
		return net.ErrClosed
	}
	f.up, f.br, f.host = up, bufio.NewReader(up), want
	return nil
}
