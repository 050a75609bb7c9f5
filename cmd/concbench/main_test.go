package main

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/impl/childproc"
)

// asMain makes the test binary act as the concbench command, for the tests
// that need a real process (signals, exit codes).
const asMain = "CONCBENCH_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	childproc.Main()
	if os.Getenv(asMain) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	goleak.VerifyTestMain(m)
}
