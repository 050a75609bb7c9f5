package gate_test

import (
	"fmt"

	"github.com/concbench/concbench/report/gate"
)

// Evaluate gives each benchmark a verdict and the comparison one decision.
// Here Parse got 30% slower; Copy is noise; Rare has 3 samples a side,
// too few for any p-value to pass Holm's first level (0.05/3): the gate
// reports the regression, and would not pass without it.
func ExampleEvaluate() {
	cs := []gate.Comparison{
		{Name: "Parse", Unit: "sec/op", Better: gate.LowerIsBetter,
			Old: []float64{1.00, 1.01, 0.99, 1.02, 1.00, 0.98, 1.01, 1.00},
			New: []float64{1.30, 1.31, 1.29, 1.32, 1.30, 1.28, 1.31, 1.30}},
		{Name: "Copy", Unit: "B/s", Better: gate.HigherIsBetter,
			Old: []float64{100, 102, 98, 101, 99, 100, 103, 97},
			New: []float64{101, 99, 100, 98, 102, 100, 97, 103}},
		{Name: "Rare", Unit: "sec/op", Better: gate.LowerIsBetter,
			Old: []float64{2.0, 2.1, 1.9}, New: []float64{2.0, 2.05, 1.95}},
	}
	r, err := gate.Evaluate(cs, gate.Default)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range r.Verdicts {
		fmt.Printf("%s: %s\n", v.Name, v.Phrase(r))
	}
	fmt.Println(r.Decision, r.Decision.ExitCode())
	// Output:
	// Parse: slower: +30.0%
	// Copy: no change (could detect ≥ 5%)
	// Rare: inconclusive: 3+3 samples allow no p below 0.05 > 0.017
	// regression 1
}
