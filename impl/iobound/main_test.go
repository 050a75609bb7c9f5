package iobound_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/impl/childproc"
)

func TestMain(m *testing.M) {
	childproc.Main() // the processes strategy re-runs this test binary as its worker
	goleak.VerifyTestMain(m)
}
