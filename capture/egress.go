package capture

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// NetworkIdentity is the identity a page was collected from, as a court
// asks for it (the Berkeley Protocol para 101-102; SWGDE 21-F-001 §7.5):
// the persona and its proxy, user agent, language and time zone, and the
// address the sites saw.
type NetworkIdentity struct {
	Persona string `json:"persona"`
	Proxy   string `json:"proxy,omitempty"` // scheme://host:port, never credentials; "" for a direct connection
	// ProxyCredentials says the proxy was given a user name and password
	// (Options.ProxyAuth); neither is recorded.
	ProxyCredentials bool   `json:"proxy_credentials,omitempty"`
	UserAgent        string `json:"user_agent"`
	Language         string `json:"language,omitempty"`
	Timezone         string `json:"timezone,omitempty"`
	// EgressIP is the address an echo service outside saw (EgressSource
	// names it); when none answered it is "" and LocalAddresses lists the
	// workstation's own, which sites may not have seen.
	EgressIP       string   `json:"egress_ip,omitempty"`
	EgressSource   string   `json:"egress_source"`
	LocalAddresses []string `json:"local_addresses,omitempty"`
	// EgressMeasured is when the echo service was asked (or failed to
	// answer): a view may reuse an address measured a few minutes before.
	EgressMeasured time.Time `json:"egress_measured,omitzero"`
}

// egressWait bounds asking the echo service.
const egressWait = 15 * time.Second

// Egress asks the echo service at echoURL, through the browser (so through
// its proxy), which address it sees, and returns it; the service answers
// with the address as the page's text.
func (b *Browser) Egress(ctx context.Context, echoURL string) (string, error) {
	br, err := b.live(ctx)
	if err != nil {
		return "", err
	}
	tab, cancel := chromedp.NewContext(br.ctx)
	defer cancel()
	wait, stop := context.WithTimeout(tab, egressWait)
	defer stop()
	if err := chromedp.Do(wait, chromedp.Navigate(echoURL)); err != nil {
		return "", fmt.Errorf("ask %s for the egress address: %w%s", echoURL, err, b.proxyNote(err.Error()))
	}
	text, err := chromedp.Run(wait, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if err != nil {
		return "", fmt.Errorf("ask %s for the egress address: %w", echoURL, err)
	}
	ip := strings.TrimSpace(text)
	if net.ParseIP(ip) == nil {
		return "", fmt.Errorf("ask %s for the egress address: it answered %q, not an address", echoURL, clip(ip, 60))
	}
	return ip, nil
}

// LocalAddresses are the workstation's own non-loopback addresses.
func LocalAddresses() []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() {
			out = append(out, n.IP.String())
		}
	}
	return out
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
