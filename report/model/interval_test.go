package model_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/model"
)

func sample(xs ...float64) *benchmath.Sample {
	th := benchmath.DefaultThresholds
	return benchmath.NewSample(slices.Clone(xs), &th)
}

// Rule: the interval of a ratio leaves out 1 exactly when benchstat's
// test calls the difference significant (no "~"), whatever the samples'
// sizes, spreads and ties.
func TestRatioIntervalAgreesWithTest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alpha = 0.05
	disagree, checked := 0, 0
	for i := range 1500 {
		n1, n2 := 3+rng.IntN(14), 3+rng.IntN(14)
		if i%5 == 0 { // beyond the exact test's limits: the normal approximation
			n1, n2 = 20+rng.IntN(60), 20+rng.IntN(60)
		}
		shift := math.Exp(rng.NormFloat64() * 0.05)
		spread := 0.01 + rng.Float64()*0.1
		draw := func(n int, scale float64) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = scale * (1 + spread*rng.NormFloat64())
				if rng.IntN(5) == 0 {
					xs[i] = math.Round(xs[i]*100) / 100 // ties
				}
			}
			return xs
		}
		ref, c := sample(draw(n1, 1)...), sample(draw(n2, shift)...)
		p := benchmath.AssumeNothing.Compare(ref, c).P
		lo, hi, ok := model.RatioInterval(ref, c, benchmath.AssumeNothing, alpha)
		if !ok {
			t.Fatalf("positive samples: not ok")
		}
		if lo == 1 || hi == 1 {
			continue // 1 is a value of c over a value of ref: the boundary itself
		}
		checked++
		if (lo < 1 && 1 < hi) != (p > alpha) {
			disagree++
			t.Errorf("n=%d+%d: interval [%.4f, %.4f], p = %.4f: disagree", n1, n2, lo, hi, p)
		}
	}
	if checked < 1100 {
		t.Errorf("only %d of 1500 cases checked", checked)
	}
}

func TestRatioIntervalCases(t *testing.T) {
	// Three values a side: the U test can never reach p ≤ 0.05, so the
	// ratio is unbounded both ways (the chart says "no interval").
	lo, hi, _ := model.RatioInterval(sample(1, 2, 3), sample(10, 20, 30), benchmath.AssumeNothing, 0.05)
	if lo != 0 || !math.IsInf(hi, 1) {
		t.Errorf("3+3 samples: [%v, %v], want [0, +Inf]", lo, hi)
	}
	// Far apart: a bounded interval around 10 that leaves out 1.
	a := []float64{1, 1.01, 1.02, 0.99, 0.98, 1.03, 0.97, 1.04}
	b := make([]float64, len(a))
	for i, x := range a {
		b[i] = 10 * x
	}
	lo, hi, _ = model.RatioInterval(sample(a...), sample(b...), benchmath.AssumeNothing, 0.05)
	if !(lo > 9 && lo < 10 && hi > 10 && hi < 11) {
		t.Errorf("×10: [%v, %v], want about [9.6, 10.4]", lo, hi)
	}
	// A count that never varies is exact.
	lo, hi, _ = model.RatioInterval(sample(2, 2, 2, 2), sample(3, 3, 3, 3), benchmath.AssumeNothing, 0.05)
	if lo != 1.5 || hi != 1.5 {
		t.Errorf("2 → 3 allocs: [%v, %v], want [1.5, 1.5]", lo, hi)
	}
	// One value a side is no count that never varies: no interval.
	lo, hi, _ = model.RatioInterval(sample(2), sample(3), benchmath.AssumeNothing, 0.05)
	if lo != 0 || !math.IsInf(hi, 1) {
		t.Errorf("one value a side: [%v, %v], want [0, +Inf]", lo, hi)
	}
	// Zero or negative values have no ratio.
	if _, _, ok := model.RatioInterval(sample(0, 1, 2), sample(1, 2, 3), benchmath.AssumeNothing, 0.05); ok {
		t.Error("a zero value: ok, want not ok")
	}
	// Large samples bisect instead of pairing every value; the interval
	// still leaves out 1 for a clear shift and holds it for none.
	big := func(n int, scale float64) []float64 {
		rng := rand.New(rand.NewPCG(3, 4))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = scale * (1 + 0.05*rng.NormFloat64())
		}
		return xs
	}
	lo, hi, _ = model.RatioInterval(sample(big(600, 1)...), sample(big(600, 1.1)...), benchmath.AssumeNothing, 0.05)
	if !(lo > 1 && hi > lo && hi < 1.2) {
		t.Errorf("600+600, ×1.1: [%v, %v], want a bound interval above 1", lo, hi)
	}
}
