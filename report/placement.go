package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/parse"
)

// placementSpan is the ratio of the longest to the shortest round trip
// between two CPUs, measured by the runner before each round, from which
// REPORT.md says that the host moved the CPUs during a run. On the
// reference VM the round trip is ~80 ns on one core's two hyper-threads
// and ~400 ns on two cores; within one placement it varies by ±15%.
const placementSpan = 2

// placementNote says which inputs ran while the host moved the machine's
// CPUs (see runner.RoundTrip), or "" when none did or none recorded it.
func placementNote(inputs []parse.InputInfo) string {
	var moved []string
	for _, in := range inputs {
		var rts []time.Duration
		for _, line := range in.Notes {
			if rt, ok := contract.RoundTrip(line); ok {
				rts = append(rts, rt)
			}
		}
		if len(rts) < 2 {
			continue
		}
		lo, hi := slices.Min(rts), slices.Max(rts)
		if hi < placementSpan*lo {
			continue
		}
		moved = append(moved, fmt.Sprintf("%s (%d to %d ns over %d rounds)", text.Code(in.Label), lo.Nanoseconds(), hi.Nanoseconds(), len(rts)))
	}
	if len(moved) == 0 {
		return ""
	}
	return fmt.Sprintf("The round trip between two CPUs, which concbench bench measures before each round, changed during the rounds of %s. The host moved the machine's CPUs while the benchmarks ran (on a VM, for instance from one core's two hyper-threads to two cores). Jobs that hand work between CPUs many times per operation change speed with it, so their samples mix two machine states and their intervals are wider for it; sequential code is not affected.",
		strings.Join(moved, ", "))
}
