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
	ps := make(passes)
	old, err := readSamples(oldPath, nil, ps)
	if err != nil {
		return nil, "", err
	}
	nw, err := readSamples(newPath, nil, ps)
	if err != nil {
		return nil, "", err
	}
	var cs []gate.Comparison
	var keys []Key
	for _, k := range old.order {
		if len(nw.values[k]) > 0 {
			cs = append(cs, comparison(k, old, nw))
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

// comparison is the gate's comparison of benchmark k, OLD's values against
// NEW's, each with its pass, so that the gate pairs the values of a pass.
func comparison(k Key, old, nw *samples) gate.Comparison {
	return gate.Comparison{
		Name: k.String(), Unit: "sec/op", Better: gate.LowerIsBetter,
		Old: old.values[k], New: nw.values[k], OldRound: old.passes[k], NewRound: nw.passes[k],
	}
}
