package bisect

import (
	"fmt"

	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/runner/profdiff"
)

// SlowerBenches returns the benchmarks (sec/op) of the results file newPath
// that the gate finds slower than in oldPath, with their time per op in
// oldPath: what compare -profile profiles.
func SlowerBenches(oldPath, newPath string, m gate.Method) ([]profdiff.Bench, error) {
	old, order, err := readSamples(oldPath, nil)
	if err != nil {
		return nil, err
	}
	nw, _, err := readSamples(newPath, nil)
	if err != nil {
		return nil, err
	}
	var cs []gate.Comparison
	var keys []Key
	for _, k := range order {
		if len(nw[k]) > 0 {
			cs = append(cs, gate.Comparison{Name: k.String(), Unit: "sec/op", Better: gate.LowerIsBetter, Old: old[k], New: nw[k]})
			keys = append(keys, k)
		}
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("%s and %s have no sec/op results in common", oldPath, newPath)
	}
	r, err := gate.Evaluate(cs, m)
	if err != nil {
		return nil, err
	}
	var out []profdiff.Bench
	for i, v := range r.Verdicts {
		if v.Kind == gate.Slower {
			out = append(out, profdiff.Bench{Pkg: keys[i].Pkg, Name: keys[i].Name, NsPerOp: v.OldMedian * 1e9})
		}
	}
	return out, nil
}
