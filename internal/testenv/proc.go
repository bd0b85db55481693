package testenv

import (
	"os"
	"strconv"
	"strings"
)

// ProcStatus reads Linux's /proc/<pid>/status ("self" for this process)
// as its fields, "VmRSS" → "1234 kB"; nil where it cannot be read.
func ProcStatus(pid string) map[string]string {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return nil
	}
	fields := map[string]string{}
	for line := range strings.Lines(string(data)) {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = strings.TrimSpace(v)
		}
	}
	return fields
}

// ProcBytes is a memory field of a ProcStatus (VmRSS, VmHWM) in bytes, 0
// when it is absent.
func ProcBytes(status map[string]string, field string) int64 {
	kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(status[field], "kB")), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}
