// Package testprint gives tests one headless Chromium to typeset reports
// with (capture.Browser.PrintPDF), started by the first test that prints
// and closed when the package's tests end.
package testprint

import (
	"context"
	"sync"
	"testing"

	"github.com/sightline-osint/sightline/capture"
)

var (
	once    sync.Once
	browser *capture.Browser
	err     error
)

// Printer is the shared Chromium; its start is not part of any test's
// deadline.
func Printer(tb testing.TB) *capture.Browser {
	tb.Helper()
	once.Do(func() { browser, err = capture.Start(context.Background(), capture.Options{}) })
	if err != nil {
		tb.Fatalf("start Chromium to print with: %v", err)
	}
	return browser
}

// Run runs the tests and closes the shared Chromium, if one started; a
// TestMain calls os.Exit(testprint.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	if browser != nil {
		browser.Close() //nolint:errcheck // the tests are over
	}
	return code
}
