package testenv

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// The independent readers under .tools/ (scripts/install-tools.sh).
const (
	WarcioCLI     = "npm/node_modules/warcio/dist/cli.js" // Webrecorder's warcio.js, run with node
	GowarcCLI     = "bin/warc"                            // the Internet Archive's gowarc `warc` CLI
	ReplayWebPage = "replaywebpage"                       // Webrecorder's ReplayWeb.page (ui.js, sw.js)
)

// CheckWARC has two readers that share no code with Sightline read the
// WARC file at path: warcio.js must index every record, and gowarc's `warc
// verify` must find the file valid, all records read, with no digest
// error. It returns the number of records and fails tb on any complaint.
func CheckWARC(tb testing.TB, path string) int {
	tb.Helper()
	Command(tb, "node")
	warcio, gowarc := Tool(tb, WarcioCLI), Tool(tb, GowarcCLI)
	indexed := len(lines(tb, "node", warcio, "index", path, "-f", "warc-type,warc-target-uri"))
	var summary struct {
		Valid          *bool `json:"valid"`
		Errors         int   `json:"errors"`
		Count          int   `json:"count"`
		AllRecordsRead bool  `json:"allRecordsRead"`
	}
	for _, line := range lines(tb, gowarc, "verify", "--json", "-v", path) {
		if strings.Contains(line, `"checked in `) {
			if err := json.Unmarshal([]byte(line), &summary); err != nil {
				tb.Fatalf("warc verify summary %q: %v", line, err)
			}
		} else if strings.Contains(line, `"level":"error"`) {
			tb.Errorf("warc verify: %s", line)
		}
	}
	if summary.Valid == nil || !*summary.Valid || summary.Errors != 0 || !summary.AllRecordsRead || summary.Count != indexed {
		tb.Errorf("warc verify of %s: %+v; warcio indexed %d records", path, summary, indexed)
	}
	return indexed
}

// lines runs a program and returns its standard output's lines.
func lines(tb testing.TB, name string, args ...string) []string {
	tb.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	var ls []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		ls = append(ls, sc.Text())
	}
	return ls
}
