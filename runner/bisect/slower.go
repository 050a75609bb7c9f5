package bisect

import (
	"fmt"

	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/runner/profdiff"
)

// SlowerBenches returns the benchmarks (sec/op) of the results file
// newPath to profile against oldPath, with their time per op in oldPath:
// those the gate finds slower; when none is, the one whose median grew
// most, if any grew, with a note that says so. What compare -profile
// profiles.
func SlowerBenches(oldPath, newPath string, m gate.Method) ([]profdiff.Bench, string, error) {
	old, order, err := readSamples(oldPath, nil)
	if err != nil {
		return nil, "", err
	}
	nw, _, err := readSamples(newPath, nil)
	if err != nil {
		return nil, "", err
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
		return nil, "", fmt.Errorf("%s and %s have no sec/op results in common", oldPath, newPath)
	}
	r, err := gate.Evaluate(cs, m)
	if err != nil {
		return nil, "", err
	}
	bench := func(i int) profdiff.Bench {
		return profdiff.Bench{Pkg: keys[i].Pkg, Name: keys[i].Name, NsPerOp: r.Verdicts[i].OldMedian * 1e9}
	}
	var out []profdiff.Bench
	worst := -1
	for i, v := range r.Verdicts {
		if v.Kind == gate.Slower {
			out = append(out, bench(i))
		}
		if v.Change > 0 && (worst < 0 || v.Change > r.Verdicts[worst].Change) {
			worst = i
		}
	}
	switch {
	case len(out) > 0:
		return out, "", nil
	case worst >= 0:
		v := r.Verdicts[worst]
		return []profdiff.Bench{bench(worst)}, fmt.Sprintf("no benchmark is significantly slower; profiling %s, whose median grew most (%s, %s)", keys[worst], pct(v.Change), v.Kind), nil
	}
	return nil, "no benchmark got slower: no profile taken", nil
}
