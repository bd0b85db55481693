package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"github.com/sightline-osint/sightline/audit"
)

// writersEnv, when set to a workspace directory, makes the test binary a
// second Sightline process that records views there and exits. It is
// read in init, before TestMain starts Chromium, which a writer does not
// need.
const writersEnv = "SIGHTLINE_TEST_WRITERS_DIR"

// Each writer goroutine records this many views and plain events.
const (
	viewsPerWriter  = 60
	eventsPerWriter = 40
	childWriters    = 3
)

func init() {
	if dir := os.Getenv(writersEnv); dir != "" {
		os.Exit(runWriterProcess(dir))
	}
}

func runWriterProcess(dir string) int {
	ctx := context.Background()
	ws, err := Open(ctx, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer ws.Close()
	if err := writeConcurrently(ctx, ws, "child", childWriters); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// writeConcurrently runs n goroutines on ws, each recording views of the
// subject and a third party, checking, and appending plain events.
func writeConcurrently(ctx context.Context, ws *Workspace, name string, n int) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for g := range n {
		wg.Go(func() {
			for i := range viewsPerWriter {
				url := "https://x.com/jsmith/status/" + strconv.Itoa(g*1000+i)
				if i%3 == 0 {
					url = "https://x.com/thirdparty" + strconv.Itoa(i)
				}
				if _, err := ws.Check(ctx, "OP-1", url); err != nil {
					errs[g] = fmt.Errorf("%s writer %d check %d: %w", name, g, i, err)
					return
				}
				if _, err := ws.RecordView(ctx, "OP-1", url, ""); err != nil {
					errs[g] = fmt.Errorf("%s writer %d view %d: %w", name, g, i, err)
					return
				}
				if i < eventsPerWriter {
					if err := ws.audit(ctx, need{}, audit.Event{Action: "verify", Detail: []byte(`{"writer":"` + name + `"}`)}); err != nil {
						errs[g] = fmt.Errorf("%s writer %d event %d: %w", name, g, i, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// TestConcurrentWritersShareOneChain has the app and a CLI process write
// to one workspace at once: two Workspace values in this process and a
// second process, several goroutines each. Every write must succeed (no
// SQLITE_BUSY reaches the caller) and the chain must verify with every
// event in it.
func TestConcurrentWritersShareOneChain(t *testing.T) {
	t.Setenv("SIGHTLINE_KEYRING", "file")
	ctx := context.Background()
	dir := t.TempDir()
	app := must(Open(ctx, dir))
	defer app.Close()
	must(app.SetOfficer(ctx, Officer{ID: "4127", Name: "DC Sam Patel"}))
	must(app.NewCase(ctx, Case{Ref: "OP-1"}))
	must(app.AddSubject(ctx, "OP-1", "J Smith", []string{"x:@jsmith"}))
	must(app.Key()) // created before the writers race to sign checkpoints
	setup := len(events(t, app, audit.Filter{}))
	cli := must(Open(ctx, dir))
	defer cli.Close()

	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), writersEnv+"="+dir)
	out := make(chan []byte, 1)
	childErr := make(chan error, 1)
	go func() {
		b, err := child.CombinedOutput()
		out <- b
		childErr <- err
	}()
	const writers = 4
	var wg sync.WaitGroup
	var appErr, cliErr error
	wg.Go(func() { appErr = writeConcurrently(ctx, app, "app", writers) })
	wg.Go(func() { cliErr = writeConcurrently(ctx, cli, "cli", writers) })
	wg.Wait()
	if err := errors.Join(appErr, cliErr); err != nil {
		t.Fatal(err)
	}
	if b, err := <-out, <-childErr; err != nil {
		t.Fatalf("second process: %v\n%s", err, b)
	}

	perWriter := viewsPerWriter + eventsPerWriter
	want := setup + (2*writers+childWriters)*perWriter
	rep := verifyChain(t, app)
	if rep.Events != int64(want) || rep.Checkpoints == 0 {
		t.Errorf("chain has %d events and %d checkpoints, want %d events and a checkpoint", rep.Events, rep.Checkpoints, want)
	}
	var views int
	if err := app.DB().QueryRow(`SELECT count(*) FROM views`).Scan(&views); err != nil || views != (2*writers+childWriters)*viewsPerWriter {
		t.Errorf("views table has %d rows (%v)", views, err)
	}
}
