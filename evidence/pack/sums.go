package pack

import (
	"bytes"
	"fmt"
	"strings"
)

// formatSums writes SHA256SUMS as sha256sum writes it: per file, the hex
// SHA-256, two spaces, the path and LF.
func formatSums(files []File) []byte {
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "%s  %s\n", f.SHA256, f.Path)
	}
	return b.Bytes()
}

// sum is one line of SHA256SUMS.
type sum struct {
	path, sha256 string
}

// parseSums reads SHA256SUMS. It accepts what sha256sum -c accepts for
// these paths: 64 hex digits, a space, a space or "*", the path, LF (the
// last LF may be missing); a path may occur once.
func parseSums(data []byte) ([]sum, error) {
	text := strings.TrimSuffix(string(data), "\n")
	if text == "" {
		return nil, fmt.Errorf("%s is empty", SumsName)
	}
	var sums []sum
	seen := map[string]bool{}
	for n, line := range strings.Split(text, "\n") {
		if len(line) < 67 || !isHex(line[:64]) || line[64] != ' ' || (line[65] != ' ' && line[65] != '*') {
			return nil, fmt.Errorf("%s line %d is not \"<sha256>  <path>\"", SumsName, n+1)
		}
		s := sum{path: line[66:], sha256: strings.ToLower(line[:64])}
		if seen[s.path] {
			return nil, fmt.Errorf("%s line %d lists %s again", SumsName, n+1, s.path)
		}
		seen[s.path] = true
		sums = append(sums, s)
	}
	return sums, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}
