// Package relay is the loopback proxy that stands between Chromium and a
// persona's proxy when that proxy wants a user name and password
// (DESIGN.md §3; issue 13 part 3). Chromium gives no credentials to a
// SOCKS5 proxy at all, and for an HTTP proxy it would ask the user (or a
// DevTools client, tab by tab) on every 407; the relay holds them instead,
// so that neither the command line, the profile nor any recorded evidence
// ever holds them.
//
// Terms:
//
//   - upstream: the persona's proxy, http://host:port or socks5://host:port,
//     with its user name and password (Upstream). Tor's SOCKS port is one:
//     it takes any user name and password, and keeps streams of different
//     credentials on different circuits.
//   - relay: an HTTP proxy on 127.0.0.1 with a port of its own (Relay.URL),
//     which Chromium is told to use for everything, loopback included. A
//     CONNECT (https:, wss:, ws:) becomes a tunnel through the upstream: a
//     SOCKS5 CONNECT with RFC 1929 user and password, or an HTTP CONNECT
//     with Basic Proxy-Authorization. A plain http: request goes to the
//     upstream HTTP proxy in absolute form with Proxy-Authorization, or
//     through a SOCKS5 tunnel to the site in origin form. Host names go to
//     the upstream unresolved, so no name is looked up on the workstation.
//   - failure: the upstream was unreachable, refused the credentials or
//     refused the request. The relay fails closed: it never connects to a
//     site itself. A CONNECT it cannot tunnel is answered 502 (Chromium:
//     net::ERR_TUNNEL_CONNECTION_FAILED); a plain request it cannot forward
//     has its connection closed with no answer (net::ERR_EMPTY_RESPONSE), so
//     that no page of the relay's is ever taken for the site's. Failure
//     gives the latest reason, as an [*UpstreamError], for the caller to
//     say why nothing loaded.
//
// The relay accepts connections from loopback only, and only on the port
// it was given by the system; any local process could use it while it
// runs, as it could use the upstream if it knew the credentials.
package relay
