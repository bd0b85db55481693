// Package sqltime is how the workspace database stores times: RFC 3339 in
// UTC with milliseconds, e.g. "2026-11-23T11:31:08.120Z", which sorts as
// text in time order.
package sqltime

import "time"

// Layout is the stored form.
const Layout = "2006-01-02T15:04:05.000Z"

// Format writes t in UTC to the millisecond.
func Format(t time.Time) string { return t.UTC().Format(Layout) }

// Parse reads a stored time; "" (a NULL read as empty) is the zero time.
func Parse(s string) time.Time {
	t, _ := time.Parse(Layout, s)
	return t
}
