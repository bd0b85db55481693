package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sightline-osint/sightline/capture"
	"github.com/sightline-osint/sightline/workspace"
)

type captureFlags struct {
	caseRef  string
	persona  string
	note     string
	input    string
	deadline time.Duration
	tabs     int
	scroll   int
	posts    int
	until    string
}

func newCaptureCommand(g *globals) *cobra.Command {
	var f captureFlags
	cmd := &cobra.Command{
		Use:   "capture --case REF [--persona NAME] [--note TEXT] [-i FILE] [URL ...]",
		Short: "Capture pages into a case as sealed, signed bundles",
		Long: `Capture each URL with headless Chromium, seal it into a signed bundle under
the workspace's bundles/<case>/, and record the view and the capture in the
audit log. Prints one line per capture: ID, bundle path, SHA-256 of the bundle.
Several URLs are captured --tabs at a time in one browser; a batch ends with
a summary table on stderr. One URL that fails does not stop the others; the
exit code is 1 if any failed.`,
		Example: `  sightline capture --case OP-KESTREL-24 https://example.org/profile
  sightline capture --case OP-KESTREL-24 --note "public post" -i urls.txt`,
		RunE: func(c *cobra.Command, args []string) error { return g.runCapture(c.Context(), f, args) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.caseRef, "case", "", "the case to capture into (required)")
	fl.StringVar(&f.persona, "persona", workspace.DefaultPersona, "the research identity (its own browser profile)")
	fl.StringVar(&f.note, "note", "", "the researcher's note, kept in the bundle")
	fl.StringVarP(&f.input, "input", "i", "", "a file of URLs, one per line (# starts a comment); - for stdin")
	fl.DurationVar(&f.deadline, "deadline", capture.DefaultDeadline, "longest wait for a page; after it the page is captured as incomplete")
	fl.IntVar(&f.tabs, "tabs", 2, "how many pages to capture at once, each in its own tab")
	fl.IntVar(&f.scroll, "scroll", 0, "scroll feeds and profiles down up to this many screens before preserving them")
	fl.IntVar(&f.posts, "posts", 0, "with --scroll: stop once the page shows this many posts")
	fl.StringVar(&f.until, "until", "", "with --scroll: stop once the page shows a post from before this date (YYYY-MM-DD, UTC)")
	cmd.AddCommand(newCaptureListCommand(g), newCaptureWithdrawCommand(g))
	return cmd
}

func (g *globals) runCapture(ctx context.Context, f captureFlags, args []string) error {
	if f.caseRef == "" {
		return usagef("capture needs --case REF")
	}
	if f.tabs < 1 {
		return usagef("--tabs must be at least 1")
	}
	var until time.Time
	if f.until != "" {
		var err error
		if until, err = time.Parse(time.DateOnly, f.until); err != nil {
			return usagef("--until %q is not a date YYYY-MM-DD", f.until)
		}
	}
	if (f.posts > 0 || f.until != "") && f.scroll <= 0 {
		return usagef("--posts and --until need --scroll N, the most screens to scroll")
	}
	urls, err := captureURLs(f.input, args)
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		return usagef("capture needs at least one URL, or -i FILE")
	}
	ws, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer ws.Close()
	if _, err := ws.CurrentOfficer(ctx); err != nil {
		return err
	}
	if _, err := ws.Case(ctx, f.caseRef); err != nil {
		return err
	}
	b, err := ws.StartBrowser(ctx, f.persona, capture.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	results := g.captureAll(ctx, ws, b, f, until, urls)
	if err := ctx.Err(); err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.err != nil {
			failed++
		}
	}
	if len(urls) > 1 {
		g.printSummary(results, failed)
	}
	if failed > 0 {
		return checksFailed{fmt.Sprintf("%d of %d captures failed", failed, len(urls))}
	}
	return nil
}

type batchResult struct {
	url     string
	capture workspace.Capture
	err     error
}

// captureAll captures urls in f.tabs tabs of b at once. One URL that fails
// never stops the others; each result is printed as it comes.
func (g *globals) captureAll(ctx context.Context, ws *workspace.Workspace, b *workspace.Browser, f captureFlags, until time.Time, urls []string) []batchResult {
	results := make([]batchResult, len(urls))
	bar := g.progressBar(len(urls))
	var mu sync.Mutex // one writer of stdout, stderr and the bar at a time
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(f.tabs, len(urls)) {
		wg.Go(func() {
			for i := range jobs {
				req := workspace.CaptureRequest{Case: f.caseRef, URL: urls[i], Note: f.note, Deadline: f.deadline,
					Scroll: f.scroll, ScrollPosts: f.posts, ScrollUntil: until}
				var p capture.Progress
				if bar == nil {
					p = g.progress(urls[i])
				}
				c, err := ws.Capture(ctx, b, req, p)
				results[i] = batchResult{url: urls[i], capture: c, err: err}
				mu.Lock()
				g.printResult(results[i], bar)
				mu.Unlock()
			}
		})
	}
feed:
	for i := range urls {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if bar != nil {
		bar.Finish() //nolint:errcheck // only the terminal display
	}
	return results
}

func (g *globals) printResult(r batchResult, bar *progressbar.ProgressBar) {
	if bar != nil {
		bar.Clear()      //nolint:errcheck // only the terminal display
		defer bar.Add(1) //nolint:errcheck // only the terminal display
	}
	if r.err != nil {
		if !errors.Is(r.err, context.Canceled) {
			g.report(r.err)
		}
		return
	}
	if err := g.printCaptureLine(r.capture); err != nil {
		g.report(err)
	}
}

// printSummary ends a batch with a table of every URL and its outcome, on
// stderr so that stdout keeps one line per capture.
func (g *globals) printSummary(results []batchResult, failed int) {
	if g.json {
		g.emit("summary", map[string]int{"captured": len(results) - failed, "failed": failed}) //nolint:errcheck // best effort
		return
	}
	tw := tabwriter.NewWriter(g.stderr, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "URL\tRESULT")
	for _, r := range results {
		outcome := "captured " + r.capture.ID
		switch {
		case r.err != nil:
			outcome = "FAILED: " + r.err.Error()
		case r.capture.Incomplete != "":
			outcome += " (incomplete: " + r.capture.Incomplete + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\n", r.url, outcome)
	}
	fmt.Fprintf(tw, "\t%d captured, %d failed\n", len(results)-failed, failed)
	tw.Flush()
}

// captureURLs joins the arguments and the lines of the -i file.
func captureURLs(input string, args []string) ([]string, error) {
	urls := append([]string(nil), args...)
	if input == "" {
		return urls, nil
	}
	var r io.Reader = os.Stdin
	if input != "-" {
		f, err := os.Open(input)
		if err != nil {
			return nil, fmt.Errorf("read URL list: %w", err)
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			urls = append(urls, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read URL list %s: %w", input, err)
	}
	return urls, nil
}

func (g *globals) printCaptureLine(c workspace.Capture) error {
	if g.json {
		return g.emit("capture", c)
	}
	state := ""
	if c.Incomplete != "" {
		state = "\tINCOMPLETE: " + c.Incomplete
	}
	_, err := fmt.Fprintf(g.stdout, "%s\t%s\t%s%s\n", c.ID, c.Bundle, c.SHA256, state)
	return err
}

func newCaptureListCommand(g *globals) *cobra.Command {
	var caseRef string
	cmd := &cobra.Command{
		Use:     "list --case REF",
		Short:   "List a case's captures",
		Example: "  sightline capture list --case OP-KESTREL-24",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if caseRef == "" {
				return usagef("capture list needs --case REF")
			}
			return g.withWorkspace(c.Context(), func(ctx context.Context, ws *workspace.Workspace) error {
				caps, err := ws.Captures(ctx, caseRef)
				if err != nil {
					return err
				}
				return g.printCaptures(caps)
			})
		},
	}
	cmd.Flags().StringVar(&caseRef, "case", "", "the case (required)")
	return cmd
}

func (g *globals) printCaptures(caps []workspace.Capture) error {
	if g.json {
		return emitAll(g, "capture", caps)
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTARTED\tURL\tTITLE\tSHA-256\tSTATE")
	for _, c := range caps {
		state := "complete"
		if c.Incomplete != "" {
			state = "incomplete: " + c.Incomplete
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Started.Format(time.RFC3339), c.URL, c.Title, c.SHA256, state)
	}
	return tw.Flush()
}

// progressBar is a bar on stderr for a batch, when stderr is a terminal.
func (g *globals) progressBar(n int) *progressbar.ProgressBar {
	if n < 2 || !isTerminal(g.stderr) {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(g.stderr), progressbar.OptionSetDescription("capturing"),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// stageProgress prints each stage of a capture on stderr when it is a terminal.
type stageProgress struct {
	w   io.Writer
	url string
}

func (p stageProgress) Stage(name string) { fmt.Fprintf(p.w, "sightline: %s: %s\n", p.url, name) }
func (p stageProgress) Add(int64, int64)  {}

func (g *globals) progress(url string) capture.Progress {
	if g.showProgress() {
		return stageProgress{w: g.stderr, url: url}
	}
	return nil
}
