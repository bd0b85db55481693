package workspace

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sightline-osint/sightline/capture"
)

// How long a measured egress address is reused for views (ViewIdentity):
// asking the echo service is a page load through the proxy, too slow for
// every navigation. A failed measurement is retried sooner, so that a
// proxy or echo service back up is seen.
const (
	DefaultEgressMaxAge = 10 * time.Minute
	egressRetryAfter    = time.Minute
)

// Browser is Chromium running on one persona's profile; every capture it
// takes records that persona. Its network identity is the persona's when
// it started: a change of the persona's network takes effect on its next
// browser, so an egress address measured by one browser is never reused
// for another proxy.
type Browser struct {
	*capture.Browser
	Persona string
	// EgressMaxAge is how long ViewIdentity reuses an egress address;
	// zero means DefaultEgressMaxAge.
	EgressMaxAge time.Duration

	network Network
	now     func() time.Time

	egressMu sync.Mutex // held while the echo service is asked: one at a time
	egress   *egress    // the latest measurement
}

// egress is one answer of the echo service, or its failure.
type egress struct {
	ip, source string // source is the echo URL, or "unknown: why"
	at         time.Time
}

// StartBrowser starts Chromium on the persona's own profile in the
// workspace, with its network identity: a proxy with credentials is
// carried through capture's relay, and credentials recorded as set but
// missing from their store stop the start ([ErrProxyCredentialsMissing]).
func (w *Workspace) StartBrowser(ctx context.Context, persona string, opts capture.Options) (*Browser, error) {
	if persona == "" {
		persona = DefaultPersona
	}
	p, err := w.Persona(ctx, persona)
	if err != nil {
		return nil, fmt.Errorf("start browser: %w", err)
	}
	opts.ProfileDir = w.ProfileDir(persona)
	opts.Proxy, opts.UserAgent, opts.Language, opts.Timezone = p.Network.Proxy, p.Network.UserAgent, p.Network.Language, p.Network.Timezone
	if opts.ProxyAuth, err = w.proxyAuth(p); err != nil {
		return nil, fmt.Errorf("start browser: %w", err)
	}
	b, err := capture.Start(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Browser{Browser: b, Persona: persona, network: p.Network, now: w.Now}, nil
}

// Identity is the network identity a page loaded now is collected from,
// with the egress address measured now: the persona's settings and, when
// it names an echo service, the address that service saw through the
// persona's proxy; else the workstation's own addresses, which the sites
// may not have seen. Captures use it.
func (b *Browser) Identity(ctx context.Context) capture.NetworkIdentity {
	return b.identity(ctx, 0)
}

// ViewIdentity is Identity for a view in the research browser: it reuses
// an egress address measured within EgressMaxAge (a failure within a
// minute), and says when it was measured.
func (b *Browser) ViewIdentity(ctx context.Context) capture.NetworkIdentity {
	return b.identity(ctx, b.maxAge())
}

func (b *Browser) maxAge() time.Duration {
	if b.EgressMaxAge > 0 {
		return b.EgressMaxAge
	}
	return DefaultEgressMaxAge
}

func (b *Browser) identity(ctx context.Context, maxAge time.Duration) capture.NetworkIdentity {
	id := capture.NetworkIdentity{Persona: b.Persona, Proxy: b.network.Proxy, ProxyCredentials: b.network.ProxyCredentials,
		UserAgent: b.Version().UserAgent, Language: b.network.Language, Timezone: b.network.Timezone}
	if b.network.UserAgent != "" {
		id.UserAgent = b.network.UserAgent
	}
	if b.network.EchoURL == "" {
		id.EgressSource = "unknown: the persona names no echo service"
		id.LocalAddresses = capture.LocalAddresses()
		return id
	}
	e := b.measure(ctx, maxAge)
	id.EgressIP, id.EgressSource, id.EgressMeasured = e.ip, e.source, e.at
	if e.ip == "" {
		id.LocalAddresses = capture.LocalAddresses()
	}
	return id
}

// measure asks the echo service, unless a measurement young enough is
// kept (maxAge 0 keeps none).
func (b *Browser) measure(ctx context.Context, maxAge time.Duration) egress {
	b.egressMu.Lock()
	defer b.egressMu.Unlock()
	if e := b.egress; e != nil && maxAge > 0 {
		age := b.clock().Sub(e.at)
		if e.ip == "" {
			maxAge = min(maxAge, egressRetryAfter)
		}
		if age >= 0 && age < maxAge {
			return *e
		}
	}
	e := egress{at: b.clock().UTC()}
	ip, err := b.Egress(ctx, b.network.EchoURL)
	if err == nil {
		e.ip, e.source = ip, b.network.EchoURL
	} else {
		e.source = "unknown: " + err.Error()
	}
	b.egress = &e
	return e
}

func (b *Browser) clock() time.Time {
	if b.now == nil {
		return time.Now()
	}
	return b.now()
}
