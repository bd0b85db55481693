package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

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

func newPersonaNetworkCommand(g *globals) *cobra.Command {
	var n workspace.Network
	cmd := &cobra.Command{
		Use:   "network NAME [--proxy URL] [--user-agent UA] [--language L] [--timezone TZ] [--echo URL]",
		Short: "Set how a persona reaches the web; every capture records it (audited)",
		Long: `Set the persona's proxy (http://, socks5://host:port: Tor's SOCKS port is one;
no credentials in the URL), user agent, language and time zone, and an echo
service whose page answers with the address it sees. Flags not given keep
their value; an empty value clears one. A persona whose proxy is down fails
closed: nothing is loaded directly. Each capture records the identity, and
the address the echo service saw through the proxy, in its metadata.json, the
WARC's warcinfo and the audit event.`,
		Example: `  sightline persona network covert-1 --proxy socks5://127.0.0.1:9050 --timezone Europe/Lisbon --language pt-PT \
    --echo https://echo.force.example/ip`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				p, err := ws.Persona(ctx, args[0])
				if err != nil {
					return err
				}
				fl := c.Flags()
				for flag, field := range map[string]*string{"proxy": &p.Network.Proxy, "user-agent": &p.Network.UserAgent,
					"language": &p.Network.Language, "timezone": &p.Network.Timezone, "echo": &p.Network.EchoURL} {
					if fl.Changed(flag) {
						v, _ := fl.GetString(flag)
						*field = v
					}
				}
				if err := ws.SetPersonaNetwork(ctx, p.Name, p.Network); err != nil {
					return err
				}
				if g.json {
					return g.emit("persona.network", map[string]any{"persona": p.Name, "network": p.Network})
				}
				_, err = fmt.Fprintf(g.stdout, "persona %s: proxy %s, user agent %s, language %s, time zone %s, echo %s\n", p.Name,
					orNone(p.Network.Proxy), orNone(p.Network.UserAgent), orNone(p.Network.Language), orNone(p.Network.Timezone),
					orNone(p.Network.EchoURL))
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&n.Proxy, "proxy", "", "the proxy every page goes through, scheme://host:port")
	fl.StringVar(&n.UserAgent, "user-agent", "", "the User-Agent pages see")
	fl.StringVar(&n.Language, "language", "", "the language pages see, e.g. en-GB")
	fl.StringVar(&n.Timezone, "timezone", "", "the time zone pages see, e.g. Europe/London")
	fl.StringVar(&n.EchoURL, "echo", "", "a service that answers with the address it sees")
	return cmd
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
