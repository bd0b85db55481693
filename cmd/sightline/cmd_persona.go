package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
)

func newPersonaCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "persona",
		Short: "Add and list research identities, each with its own browser profile",
	}
	asGroup(cmd)
	var p workspace.Persona
	add := &cobra.Command{
		Use:   "add NAME [--note TEXT]",
		Short: "Add a research identity; its logins persist in its own profile",
		Example: `  sightline persona add overt-1 --note "force-attributable account"
  sightline capture --case OP-KESTREL-24 --persona overt-1 https://example.org/`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			p.Name = args[0]
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				added, err := ws.AddPersona(ctx, p)
				if err != nil {
					return err
				}
				return g.printPersonas([]workspace.Persona{added})
			})
		},
	}
	add.Flags().StringVar(&p.Note, "note", "", "what this identity is for")
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the research identities",
		Example: "  sightline persona list",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				ps, err := ws.Personas(ctx)
				if err != nil {
					return err
				}
				return g.printPersonas(ps)
			})
		},
	}
	cmd.AddCommand(add, list, newPersonaNetworkCommand(g))
	return cmd
}

// networkFlags are persona network's flags beyond the Network fields.
type networkFlags struct {
	proxyUser     string
	passwordStdin bool
	clearAuth     bool
}

func newPersonaNetworkCommand(g *globals) *cobra.Command {
	var nf networkFlags
	cmd := &cobra.Command{
		Use: "network NAME [--proxy URL] [--proxy-user USER [--proxy-password-stdin]] [--clear-proxy-credentials]" +
			" [--user-agent UA] [--language L] [--timezone TZ] [--echo URL]",
		Short: "Set how a persona reaches the web; every view and capture records it (audited)",
		Long: `Set the persona's proxy (http://, socks5://host:port: Tor's SOCKS port is one;
no credentials in the URL), user agent, language and time zone, and an echo
service whose page answers with the address it sees. Flags not given keep
their value; an empty value clears one. A persona whose proxy is down fails
closed: nothing is loaded directly. Each capture records the identity, and
the address the echo service saw through the proxy, in its metadata.json, the
WARC's warcinfo and the audit event; each view in the research browser
records it in its audit event, with an address measured within 10 minutes.

An http:// or socks5:// proxy that wants a user name and password gets them
with --proxy-user and the password on the first line of stdin
(--proxy-password-stdin), or typed at a prompt when stdin is a terminal;
never as a flag value, which would stay in the shell's history. They are
kept in the OS keyring, or where none answers in a 0600 file under the
workspace's keys/secrets/ (as the workstation key is); the database, the
audit log and every bundle record only that the proxy had credentials.
--clear-proxy-credentials removes them.`,
		Example: `  sightline persona network covert-1 --proxy socks5://127.0.0.1:9050 --timezone Europe/Lisbon --language pt-PT \
    --echo https://echo.force.example/ip
  printf '%s\n' "$PROXY_PASSWORD" | sightline persona network covert-2 --proxy http://proxy.force.example:3128 \
    --proxy-user covert2 --proxy-password-stdin
  sightline persona network covert-2 --clear-proxy-credentials`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			fl := c.Flags()
			if nf.clearAuth && fl.Changed("proxy-user") {
				return usagef("--clear-proxy-credentials and --proxy-user: give one")
			}
			if nf.passwordStdin && !fl.Changed("proxy-user") {
				return usagef("--proxy-password-stdin needs --proxy-user")
			}
			var auth *capture.ProxyAuth
			if fl.Changed("proxy-user") {
				password, err := readProxyPassword(c.InOrStdin(), g.stderr, nf.passwordStdin)
				if err != nil {
					return err
				}
				auth = &capture.ProxyAuth{User: nf.proxyUser, Password: password}
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				p, err := ws.Persona(ctx, args[0])
				if err != nil {
					return err
				}
				for flag, field := range map[string]*string{"proxy": &p.Network.Proxy, "user-agent": &p.Network.UserAgent,
					"language": &p.Network.Language, "timezone": &p.Network.Timezone, "echo": &p.Network.EchoURL} {
					if fl.Changed(flag) {
						v, _ := fl.GetString(flag)
						*field = v
					}
				}
				if nf.clearAuth {
					// First, so that the proxy may change to one that
					// takes none.
					if err := ws.SetPersonaProxyAuth(ctx, p.Name, nil); err != nil {
						return err
					}
				}
				if err := ws.SetPersonaNetwork(ctx, p.Name, p.Network); err != nil {
					return err
				}
				if auth != nil {
					if err := ws.SetPersonaProxyAuth(ctx, p.Name, auth); err != nil {
						return err
					}
				}
				if p, err = ws.Persona(ctx, p.Name); err != nil {
					return err
				}
				if g.json {
					return g.emit("persona.network", map[string]any{"persona": p.Name, "network": p.Network})
				}
				proxy := orNone(p.Network.Proxy)
				if p.Network.ProxyCredentials {
					proxy += " (with a user name and password)"
				}
				_, err = fmt.Fprintf(g.stdout, "persona %s: proxy %s, user agent %s, language %s, time zone %s, echo %s\n", p.Name,
					proxy, orNone(p.Network.UserAgent), orNone(p.Network.Language), orNone(p.Network.Timezone),
					orNone(p.Network.EchoURL))
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.String("proxy", "", "the proxy every page goes through, scheme://host:port")
	fl.StringVar(&nf.proxyUser, "proxy-user", "", "the proxy's user name; the password comes from stdin or a prompt")
	fl.BoolVar(&nf.passwordStdin, "proxy-password-stdin", false, "read the proxy's password from the first line of stdin")
	fl.BoolVar(&nf.clearAuth, "clear-proxy-credentials", false, "remove the proxy's user name and password")
	fl.String("user-agent", "", "the User-Agent pages see")
	fl.String("language", "", "the language pages see, e.g. en-GB")
	fl.String("timezone", "", "the time zone pages see, e.g. Europe/London")
	fl.String("echo", "", "a service that answers with the address it sees")
	return cmd
}

// readProxyPassword reads the password: the first line of in with
// fromStdin, else typed at a prompt on the terminal without echo.
func readProxyPassword(in io.Reader, prompt io.Writer, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && (!errors.Is(err, io.EOF) || line == "") {
			return "", fmt.Errorf("read the proxy password from stdin: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usagef("--proxy-user needs the password: give --proxy-password-stdin, or run on a terminal to be asked")
	}
	fmt.Fprint(prompt, "proxy password: ")
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(prompt)
	if err != nil {
		return "", fmt.Errorf("read the proxy password: %w", err)
	}
	return string(b), nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func (g *globals) printPersonas(ps []workspace.Persona) error {
	if g.json {
		return emitAll(g, "persona", ps)
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCREATED\tBY\tNOTE\tPROFILE")
	for _, p := range ps {
		by := p.Officer
		if by == "" {
			by = "(built in)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Name, p.Created.Format(time.RFC3339), by, p.Note, p.Profile)
	}
	return tw.Flush()
}
