package chart

import (
	"flag"
	"testing"

	"go.uber.org/goleak"
)

var chartDir = flag.String("chartdir", "", "also write the look-test charts to this directory, to look at them")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
