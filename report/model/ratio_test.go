package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/perf/benchmath"
)

// TestSummaryRatio checks the one ratio interval at its edges: zeros,
// infinite bounds (too few samples), NaN and negative medians.
func TestSummaryRatio(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	s := func(center, lo, hi float64) benchmath.Summary {
		return benchmath.Summary{Center: center, Lo: lo, Hi: hi}
	}
	cases := []struct {
		name           string
		num, den       benchmath.Summary
		center, lo, hi float64
	}{
		{"plain", s(10, 9, 12), s(2, 1.5, 2.5), 5, 3.6, 8},
		{"equal", s(3, 2, 4), s(3, 2, 4), 1, 0.5, 2},
		{"0 and 0: no change", s(0, 0, 0), s(0, 0, 0), 1, 1, 1},
		{"0 over x", s(0, 0, 0), s(2, 1, 4), 0, 0, 0},
		{"x over 0", s(2, 1, 4), s(0, 0, 0), inf, inf, inf},
		{"den interval down to 0", s(10, 9, 12), s(2, 0, 2.5), 5, 3.6, inf},
		{"too few samples in num", s(10, -inf, inf), s(2, 1.5, 2.5), 5, 0, inf},
		{"too few samples in den", s(10, 9, 12), s(2, -inf, inf), 5, 0, inf},
		{"too few samples in both", s(10, -inf, inf), s(2, -inf, inf), 5, 0, inf},
		{"NaN bound", s(10, nan, 12), s(2, 1.5, nan), 5, 0, 8},
		{"NaN median", s(nan, 1, 2), s(2, 1.5, 2.5), nan, nan, nan},
		{"negative median", s(-1, -2, 0), s(2, 1.5, 2.5), nan, nan, nan},
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-12 }
	for _, c := range cases {
		r := SummaryRatio(c.num, c.den)
		if !same(r.Center, c.center) || !same(r.Lo, c.lo) || !same(r.Hi, c.hi) {
			t.Errorf("%s: SummaryRatio = %v [%v, %v], want %v [%v, %v]", c.name, r.Center, r.Lo, r.Hi, c.center, c.lo, c.hi)
		}
		if r.Lo > r.Hi || !math.IsNaN(r.Center) && (r.Center < r.Lo || r.Center > r.Hi) {
			t.Errorf("%s: the interval [%v, %v] does not hold %v", c.name, r.Lo, r.Hi, r.Center)
		}
		if want := finite(c.center) && finite(c.lo) && finite(c.hi); r.Finite() != want {
			t.Errorf("%s: Finite = %v", c.name, r.Finite())
		}
	}
}

// TestSummaryRatioCoverage checks by simulation that the interval holds
// the true ratio of medians at least as often as its documented bound:
// with 6 samples from each of two lognormal distributions, in at least
// 94% of trials.
func TestSummaryRatioCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const trials = 2000
	rng := rand.New(rand.NewPCG(1, 1))
	covered := 0
	th := benchmath.DefaultThresholds
	for range trials {
		a, b := make([]float64, 6), make([]float64, 6)
		for j := range a {
			a[j] = 3 * math.Exp(0.1*rng.NormFloat64()) // median 3
			b[j] = 1 * math.Exp(0.3*rng.NormFloat64()) // median 1
		}
		sa := benchmath.AssumeNothing.Summary(benchmath.NewSample(a, &th), 0.95)
		sb := benchmath.AssumeNothing.Summary(benchmath.NewSample(b, &th), 0.95)
		if r := SummaryRatio(sa, sb); r.Lo <= 3 && 3 <= r.Hi {
			covered++
		}
	}
	if rate := float64(covered) / trials; rate < 0.94 {
		t.Errorf("coverage %.3f, want ≥ 0.94", rate)
	} else {
		t.Logf("coverage %.3f", rate)
	}
}
