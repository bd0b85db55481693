package report

import (
	"os"
	"testing"

	"github.com/sightline-osint/sightline/internal/testprint"
)

func testPrinter(tb testing.TB) Printer { return testprint.Printer(tb) }

func TestMain(m *testing.M) { os.Exit(testprint.Run(m)) }
