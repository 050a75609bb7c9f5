package fetch

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a strategy's goroutines, the server's or
// the transport's outlive the benchmark.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
