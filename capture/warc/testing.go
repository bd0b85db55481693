package warc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// CheckWithTools has two readers that share no code with this package read
// the WARC file at path: warcio.js must index every record, and gowarc's
// `warc verify` must find the file valid, all records read, with no digest
// error. root is the repository, whose .tools/ scripts/install-tools.sh
// fills. It returns the number of records and fails tb on any complaint; a
// missing tool fails under SIGHTLINE_REQUIRE_TOOLS=1 and skips otherwise.
func CheckWithTools(tb testing.TB, root, path string) int {
	tb.Helper()
	warcio := filepath.Join(root, ".tools", "npm", "node_modules", "warcio", "dist", "cli.js")
	gowarc := filepath.Join(root, ".tools", "bin", "warc")
	for _, p := range []string{warcio, gowarc} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("SIGHTLINE_REQUIRE_TOOLS") == "1" {
				tb.Fatalf("WARC checker missing (%v); run scripts/install-tools.sh", err)
			}
			tb.Skipf("WARC checker missing (%v); run scripts/install-tools.sh", err)
		}
	}
	indexed := 0
	for range toolLines(tb, "node", warcio, "index", path, "-f", "warc-type,warc-target-uri") {
		indexed++
	}
	var summary struct {
		Valid          *bool `json:"valid"`
		Errors         int   `json:"errors"`
		Count          int   `json:"count"`
		AllRecordsRead bool  `json:"allRecordsRead"`
	}
	for _, line := range toolLines(tb, gowarc, "verify", "--json", "-v", path) {
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

func toolLines(tb testing.TB, name string, args ...string) []string {
	tb.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}
