package suite

import (
	"math"
	"slices"

	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/model"
)

// A speedup of results measured in the runner's interleaved rounds
// (concbench bench: each round runs every benchmark group, most of them
// at the start and again at the end of the round) is paired by round: the
// k-th value of the reference in a round and the k-th value of the
// strategy in the same round were measured in the same run of the group
// (or in the next run, when the group is split by op count, as make
// report's ll), seconds apart, so a slow spell of the machine (seconds to a minute, on
// the reference VM) hits both alike, and their ratio leaves it out. A
// round in which the two have different numbers of values (a reference
// borrowed from a group run once a round, say) gives one pair, of the
// geometric means of each one's values in the round: every value counts,
// and the pairs stay one or more per round. The speedup is the median of
// the pairs' ratios (reference over strategy), and its interval
// benchmath's distribution-free interval of that median (AssumeNothing),
// as benchstat's interval of a sample's median.

// pairedSpeedup returns the speedup of cand over ref paired by round (see
// above) at confidence, and the number of pairs. ok is false when either
// cell has no rounds, they share none, or a value is not positive (no
// ratio): the caller takes the conservative ratio of the medians.
func pairedSpeedup(ref, cand *model.Cell, confidence float64) (r model.Ratio, pairs int, ok bool) {
	ratios := roundRatios(ref, cand)
	if len(ratios) == 0 {
		return model.Ratio{}, 0, false
	}
	s := benchmath.NewSample(ratios, &benchmath.DefaultThresholds)
	sum := benchmath.AssumeNothing.Summary(s, confidence)
	r = model.Ratio{Center: sum.Center, Lo: sum.Lo, Hi: sum.Hi, N1: len(ratios), N2: len(ratios)}
	if !(r.Lo > 0) || math.IsInf(r.Lo, 0) {
		r.Lo = 0 // too few pairs for a bound: open
	}
	if math.IsNaN(r.Hi) || math.IsInf(r.Hi, -1) {
		r.Hi = math.Inf(1)
	}
	return r, len(ratios), true
}

// roundRatios returns the ratios ref/cand of the pairs of values measured
// in the same round, round by round; none when the cells do not pair.
func roundRatios(ref, cand *model.Cell) []float64 {
	if ref.Measured == nil || cand.Measured == nil {
		return nil
	}
	var rounds []int
	for _, m := range ref.Measured {
		if m.Round != 0 && !slices.Contains(rounds, m.Round) {
			rounds = append(rounds, m.Round)
		}
	}
	var out []float64
	for _, r := range rounds {
		a, b := ref.InRound(r), cand.InRound(r)
		switch {
		case len(b) == 0:
			continue
		case slices.ContainsFunc(a, notPositive) || slices.ContainsFunc(b, notPositive):
			return nil
		case len(a) == len(b):
			for k := range a {
				out = append(out, a[k]/b[k])
			}
		default:
			out = append(out, geomean(a)/geomean(b))
		}
	}
	return out
}

func notPositive(x float64) bool { return !(x > 0) || math.IsInf(x, 0) }

// geomean returns the geometric mean of positive values.
func geomean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += math.Log(v)
	}
	return math.Exp(s / float64(len(x)))
}
