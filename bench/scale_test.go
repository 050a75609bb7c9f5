package bench

import (
	"flag"
	"fmt"
	"testing"

	"github.com/concbench/concbench/contract"
)

// scaleFlag picks the size of every workload; -short means "short".
var scaleFlag = flag.String("scale", "full",
	"workload scale: full (the sizes the issues and README quote), report (what `make report` runs: every lesson in a few minutes) or short (wiring only; same as -short)")

// Scale is a workload size.
type Scale string

// The scales.
const (
	ScaleFull   Scale = contract.ScaleFull
	ScaleReport Scale = contract.ScaleReport
	ScaleShort  Scale = contract.ScaleShort
)

// scale returns the scale this run uses. An unknown -scale is a programmer
// error at the command line: it panics with the valid names.
func scale() Scale {
	if testing.Short() {
		return ScaleShort
	}
	switch s := Scale(*scaleFlag); s {
	case ScaleFull, ScaleReport, ScaleShort:
		return s
	}
	panic(fmt.Sprintf("-scale=%q: want full, report or short", *scaleFlag))
}

func init() {
	configs = append(configs, func() [][2]string { return [][2]string{{contract.Scale, string(scale())}} })
}
