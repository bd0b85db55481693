package capture

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/sightline-osint/sightline/capture/relay"
)

// Default viewport, in CSS pixels.
const (
	DefaultWidth  = 1280
	DefaultHeight = 800
)

// closeTimeout bounds the graceful shutdown of Chromium in Close; after it the
// process is killed.
const closeTimeout = 10 * time.Second

// Options configures the browser that Start runs.
type Options struct {
	// ProfileDir is Chromium's --user-data-dir: a profile inside the
	// workspace, never the user's own. Empty means a temporary profile that
	// Close removes.
	ProfileDir string

	// ExecPath is the Chromium executable, a path or a name on PATH. Empty
	// means the first of chromium, chromium-browser, google-chrome and
	// google-chrome-stable found on PATH.
	ExecPath string

	// Width and Height are the viewport in CSS pixels; zero means 1280x800.
	Width, Height int

	// IgnoreCertSPKI lists base64 SHA-256 hashes of certificates'
	// SubjectPublicKeyInfo (see SPKIHash). Chromium accepts a TLS
	// certificate chain that contains one of these keys although no trusted
	// authority issued it (--ignore-certificate-errors-spki-list); every
	// other certificate error still stops the load. It exists for tests
	// against self-signed servers and for a known interception proxy, and
	// is recorded in BrowserInfo.Args. Start rejects entries that are not
	// base64 of 32 bytes.
	IgnoreCertSPKI []string

	// InProcessFrames runs cross-site iframes in the process of their page
	// by turning Chromium's site isolation off, so that a capture records
	// their requests, responses and bodies too. With site isolation on (the
	// default) a cross-site iframe's traffic is not recorded, and its
	// document's exchange says so. Off weakens Chromium's defence against
	// one site's page reading another's data in a shared process; it is
	// recorded in BrowserInfo.Args.
	InProcessFrames bool

	// Proxy sends all the browser's traffic, loopback included, through
	// this proxy: http://, https://, socks4:// or socks5://host:port, with
	// no credentials in the URL (ProxyAuth holds them). Chromium never
	// falls back to a direct connection: a proxy that is down fails every
	// load. Language (e.g. "en-GB") sets
	// navigator.language and Accept-Language, UserAgent the User-Agent
	// header and navigator.userAgent, Timezone (IANA, e.g.
	// "Europe/London") the time zone pages see. All are recorded in
	// BrowserInfo.Args.
	Proxy, Language, UserAgent, Timezone string

	// ProxyAuth, when set, is the user name and password Proxy wants
	// (http:// or socks5:// only). Chromium is then given a relay on
	// loopback as its proxy (package capture/relay), which holds them and
	// carries everything through Proxy, failing closed as Proxy itself
	// would; the credentials are in no command line, profile or record.
	// BrowserInfo.Args then names the relay's address, not Proxy.
	ProxyAuth *ProxyAuth

	// HostRules maps host names to other addresses, as
	// --host-resolver-rules does ("MAP x.com 127.0.0.1:8443, MAP *.x.com
	// 127.0.0.1:8443"): for fixtures of real platforms served on loopback
	// in tests. It is recorded in BrowserInfo.Args.
	HostRules string

	// Logf receives chromedp's own diagnostics. Nil drops them.
	Logf func(format string, args ...any)
}

// ProxyAuth is a proxy's user name and password. It prints as neither.
type ProxyAuth struct {
	User, Password string
}

// String names neither the user nor the password.
func (ProxyAuth) String() string { return "(proxy credentials)" }

// GoString names neither the user nor the password.
func (ProxyAuth) GoString() string { return "capture.ProxyAuth{(not shown)}" }

// BrowserInfo identifies the browser a capture used.
type BrowserInfo struct {
	Product   string   `json:"product"`    // e.g. "HeadlessChrome/156.0.8078.79"
	Revision  string   `json:"revision"`   // Chromium source revision
	UserAgent string   `json:"user_agent"` // the User-Agent header pages were sent
	Protocol  string   `json:"protocol"`   // DevTools protocol version
	JSVersion string   `json:"js_version"` // V8 version
	ExecPath  string   `json:"exec_path"`
	Args      []string `json:"args,omitempty"` // the command line, as the browser reports it
}

// Browser is a running headless Chromium. Captures reuse it, each in its own
// tab; Capture is safe to call from several goroutines at once.
type Browser struct {
	opts Options
	path string // the Chromium executable

	relay *relay.Relay // between Chromium and Options.Proxy, when it wants credentials

	mu       sync.Mutex
	cur      *instance // the running process; replaced when it dies
	restarts int
	closed   bool

	closeOnce sync.Once
	closeErr  error
}

// instance is one Chromium process of a Browser.
type instance struct {
	info        BrowserInfo
	ctx         context.Context // chromedp context that owns the browser; done when it exits
	cancel      context.CancelFunc
	cancelAlloc context.CancelFunc
	downloads   string // where Chromium saves downloads, named by their GUID
}

// Start runs headless Chromium once. ctx bounds the start only: cancelling it
// later does not stop the browser; Close does. A Chromium that dies (killed,
// out of memory, crashed) is started again by the next capture or tab.
func Start(ctx context.Context, opts Options) (*Browser, error) {
	opts = opts.withDefaults()
	path, err := findChromium(opts.ExecPath)
	if err != nil {
		return nil, fmt.Errorf("start browser: %w", err)
	}
	if err := opts.CheckIdentity(); err != nil {
		return nil, fmt.Errorf("start browser: %w", err)
	}
	b := &Browser{opts: opts, path: path}
	if opts.ProxyAuth != nil {
		up := relay.Upstream{URL: opts.Proxy, User: opts.ProxyAuth.User, Password: opts.ProxyAuth.Password}
		if b.relay, err = relay.Start(up); err != nil {
			return nil, fmt.Errorf("start browser: %w", err)
		}
	}
	if b.cur, err = b.launch(ctx); err != nil {
		if b.relay != nil {
			b.relay.Close() //nolint:errcheck // the start error says more
		}
		return nil, err
	}
	return b, nil
}

// ProxyFailure says why the persona's proxy last failed to carry a
// request through the relay, or nil: when it carried the latest, or when
// Chromium talks to the proxy itself (no credentials), or to no proxy.
func (b *Browser) ProxyFailure() error {
	if b.relay == nil {
		return nil
	}
	return b.relay.Failure()
}

// proxyErrors are Chromium's errors for a load its proxy did not carry.
var proxyErrors = []string{"ERR_TUNNEL_CONNECTION_FAILED", "ERR_EMPTY_RESPONSE", "ERR_PROXY_", "ERR_CONNECTION_CLOSED",
	"ERR_CONNECTION_RESET", "ERR_SOCKS_"}

// explainLoad adds to Chromium's error text why the proxy failed, when the
// relay knows.
func (b *Browser) explainLoad(errorText string) string {
	return errorText + b.proxyNote(errorText)
}

// proxyNote is " (why the proxy failed)" for a Chromium error that a
// proxy's failure explains, when the relay knows why; else "".
func (b *Browser) proxyNote(errorText string) string {
	f := b.ProxyFailure()
	if f == nil || !slices.ContainsFunc(proxyErrors, func(e string) bool { return strings.Contains(errorText, e) }) {
		return ""
	}
	return " (" + f.Error() + ")"
}

// launch starts a Chromium process.
func (b *Browser) launch(ctx context.Context) (*instance, error) {
	opts := b.opts
	if b.relay != nil {
		opts.Proxy, opts.ProxyAuth = b.relay.URL(), nil
	}
	allocOpts, err := allocatorOptions(opts, b.path)
	if err != nil {
		return nil, fmt.Errorf("start browser %s: %w", b.path, err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.WithoutCancel(ctx), allocOpts...)
	logf := b.opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	bctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(logf), chromedp.WithErrorf(logf))
	in := &instance{ctx: bctx, cancel: cancel, cancelAlloc: cancelAlloc}

	stop := context.AfterFunc(ctx, cancel)
	err = chromedp.Do(bctx)
	if !stop() && err == nil {
		err = ctx.Err()
	}
	if err == nil {
		in.info, err = browserInfo(bctx, b.path)
	}
	if err == nil {
		in.downloads, err = saveDownloads(bctx)
	}
	if err != nil {
		in.close() //nolint:errcheck // the start error says more
		return nil, fmt.Errorf("start browser %s: %w", b.path, err)
	}
	return in, nil
}

// ErrBrowserClosed is returned for a capture or a tab asked of a closed
// Browser.
var ErrBrowserClosed = errors.New("the browser is closed")

// live is the running Chromium, started again if it has died; ctx bounds
// that start.
func (b *Browser) live(ctx context.Context) (*instance, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, ErrBrowserClosed
	}
	if b.cur.ctx.Err() == nil {
		return b.cur, nil
	}
	b.cur.close() //nolint:errcheck // it is gone; what is left of it goes
	in, err := b.launch(ctx)
	if err != nil {
		return nil, fmt.Errorf("restart the browser, which had stopped: %w", err)
	}
	b.cur = in
	b.restarts++
	if b.opts.Logf != nil {
		b.opts.Logf("browser restarted (%d since start): the one before had stopped", b.restarts)
	}
	return in, nil
}

// Restarts says how many times Chromium was started again after dying.
func (b *Browser) Restarts() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.restarts
}

// Version identifies the running browser.
func (b *Browser) Version() BrowserInfo {
	b.mu.Lock()
	info := b.cur.info
	b.mu.Unlock()
	info.Args = slices.Clone(info.Args)
	return info
}

// Close stops Chromium: gracefully first, killed after 10s. Tabs still open
// are closed with it, and downloads not yet collected are removed. Calling
// Close again returns the first result.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		b.mu.Lock()
		b.closed = true
		in := b.cur
		b.mu.Unlock()
		b.closeErr = in.close()
		if b.relay != nil {
			if err := b.relay.Close(); err != nil && b.closeErr == nil {
				b.closeErr = err
			}
		}
	})
	return b.closeErr
}

// close stops the process and removes its downloads.
func (in *instance) close() error {
	ctx, cancel := context.WithTimeout(in.ctx, closeTimeout)
	err := chromedp.Cancel(ctx)
	cancel()
	in.cancel()
	in.cancelAlloc()
	if in.ctx.Err() != nil && errors.Is(err, context.Canceled) {
		err = nil // it had gone already
	}
	if err != nil {
		err = fmt.Errorf("close browser: %w", err)
	}
	if in.downloads != "" {
		if rerr := os.RemoveAll(in.downloads); rerr != nil && err == nil {
			err = fmt.Errorf("close browser: %w", rerr)
		}
	}
	return err
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = DefaultWidth
	}
	if o.Height <= 0 {
		o.Height = DefaultHeight
	}
	return o
}

// findChromium resolves the executable: the one asked for, or the first
// well-known name on PATH.
func findChromium(want string) (string, error) {
	if want != "" {
		p, err := exec.LookPath(want)
		if err != nil {
			return "", fmt.Errorf("%w: %s", ErrBrowserNotFound, want)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrBrowserNotFound
}

// allocatorOptions are chromedp's defaults (headless, no extensions, no
// default apps, ...) plus the flags that keep a Chromium on a closed network
// quiet, the viewport, the profile and the accepted SPKI hashes.
func allocatorOptions(opts Options, path string) ([]chromedp.ExecAllocatorOption, error) {
	o := slices.Clone(chromedp.DefaultExecAllocatorOptions[:])
	o = append(o,
		chromedp.ExecPath(path),
		chromedp.WindowSize(opts.Width, opts.Height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		// chromedp's defaults let every window.open through, and nothing
		// would close those tabs; block popups as a normal browser does.
		chromedp.Flag("disable-popup-blocking", false),
		// A page from the back-forward cache would show without a request,
		// so without the research browser's check before it loads.
		chromedp.Flag("disable-back-forward-cache", true),
	)
	if opts.ProfileDir != "" {
		o = append(o, chromedp.UserDataDir(opts.ProfileDir))
	}
	if opts.InProcessFrames {
		// Replaces chromedp's default list, whose names it keeps.
		o = append(o, chromedp.Flag("disable-site-isolation-trials", true),
			chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,SitePerProcess,IsolateOrigins"))
	}
	if err := opts.CheckIdentity(); err != nil {
		return nil, err
	}
	if opts.Proxy != "" {
		o = append(o, chromedp.ProxyServer(opts.Proxy), chromedp.Flag("proxy-bypass-list", "<-loopback>"))
	}
	if opts.Language != "" {
		o = append(o, chromedp.Flag("lang", opts.Language), chromedp.Flag("accept-lang", opts.Language))
	}
	if opts.UserAgent != "" {
		o = append(o, chromedp.UserAgent(opts.UserAgent))
	}
	if opts.Timezone != "" {
		o = append(o, chromedp.Env("TZ="+opts.Timezone))
	}
	if opts.HostRules != "" {
		o = append(o, chromedp.Flag("host-resolver-rules", opts.HostRules))
	}
	if len(opts.IgnoreCertSPKI) > 0 {
		for _, h := range opts.IgnoreCertSPKI {
			if b, err := base64.StdEncoding.DecodeString(h); err != nil || len(b) != 32 {
				return nil, fmt.Errorf("ignore certificate SPKI %q: not base64 of a SHA-256 hash", h)
			}
		}
		o = append(o, chromedp.Flag("ignore-certificate-errors-spki-list", strings.Join(opts.IgnoreCertSPKI, ",")))
	}
	return o, nil
}

// browserInfo asks the running browser who it is and how it was started.
func browserInfo(ctx context.Context, path string) (BrowserInfo, error) {
	v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return BrowserInfo{}, fmt.Errorf("browser version: %w", err)
	}
	info := BrowserInfo{
		Product: v.Product, Revision: v.Revision, UserAgent: v.UserAgent,
		Protocol: v.ProtocolVersion, JSVersion: v.JsVersion, ExecPath: path,
	}
	// Chromium answers only when started with --enable-automation, which
	// chromedp's defaults set; without it the command line is left out.
	if cl, err := chromedp.CallBrowser(ctx, browser.GetBrowserCommandLine, cdp.Empty{}); err == nil {
		info.Args = cl.Arguments
	}
	return info, nil
}

// CheckIdentity checks the proxy, its credentials and the time zone the
// options give.
func (o Options) CheckIdentity() error {
	if o.Proxy != "" {
		if err := checkProxy(o.Proxy); err != nil {
			return err
		}
	}
	if o.ProxyAuth != nil {
		if err := CheckProxyAuth(o.Proxy); err != nil {
			return err
		}
	}
	if o.Timezone != "" {
		if _, err := time.LoadLocation(o.Timezone); err != nil {
			return fmt.Errorf("time zone %q: %w", o.Timezone, err)
		}
	}
	return nil
}

// CheckProxyAuth says whether credentials can be given to proxy: an http://
// or socks5:// one (the relay's upstreams).
func CheckProxyAuth(proxy string) error {
	switch {
	case proxy == "":
		return errors.New("proxy credentials without a proxy")
	case !strings.HasPrefix(proxy, "http://") && !strings.HasPrefix(proxy, "socks5://"):
		return fmt.Errorf("proxy %q: credentials work with http:// and socks5:// proxies only", proxy)
	}
	return nil
}

// checkProxy accepts a proxy URL Chromium can use without credentials.
func checkProxy(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("proxy %q: %w", raw, err)
	case u.User != nil:
		return fmt.Errorf("proxy %q: credentials are not kept in the URL (give them apart, kept in the keyring)", u.Redacted())
	case u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks4" && u.Scheme != "socks5":
		return fmt.Errorf("proxy %q: want http, https, socks4 or socks5", raw)
	case u.Port() == "" || u.Path != "" && u.Path != "/":
		return fmt.Errorf("proxy %q: want scheme://host:port", raw)
	}
	return nil
}
