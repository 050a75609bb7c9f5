package model

import (
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// RatioInterval returns the interval of the ratio of sample c to sample
// ref that a's test gives at level: the ratios r for which the test
// cannot tell c/r (every value of c divided by r) from ref, P > level.
// It is the test inverted, as the Hodges–Lehmann interval inverts the
// Mann–Whitney U test (Bauer 1972), so it leaves out 1 exactly when the
// test of c against ref is significant at level: a chart that draws it
// agrees with benchstat's "~".
//
// When each sample holds one value many times (a count such as allocs/op)
// the ratio is exact: lo = hi. Otherwise lo is 0 or hi is +Inf when the samples are too small for the test to
// bound the ratio on that side; both are NaN when the test accepts no
// ratio (AssumeExact of unequal samples). ok is false when a value is not
// positive, for which a ratio means nothing.
//
// The test's p-value changes only where a value of c/r meets one of ref,
// at the ratios c[j]/ref[i]; the bounds are found by a binary search over
// those, about 2·log2(len(c)·len(ref)) tests.
func RatioInterval(ref, c *benchmath.Sample, a benchmath.Assumption, level float64) (lo, hi float64, ok bool) {
	if len(ref.Values) == 0 || len(c.Values) == 0 || slices.Min(ref.Values) <= 0 || slices.Min(c.Values) <= 0 {
		return math.NaN(), math.NaN(), false
	}
	if constant(ref.Values) && constant(c.Values) {
		r := c.Values[0] / ref.Values[0] // a count that never varies: exact
		return r, r, true
	}
	scaled := make([]float64, len(c.Values))
	s := &benchmath.Sample{Values: scaled, Thresholds: c.Thresholds}
	accept := func(r float64) bool {
		for j, v := range c.Values {
			scaled[j] = v / r
		}
		slices.Sort(scaled) // as benchmath keeps a Sample's values
		return a.Compare(ref, s).P > level
	}
	if len(ref.Values)*len(c.Values) > maxPairs {
		return bisectInterval(ref.Values, c.Values, accept)
	}
	d := make([]float64, 0, len(ref.Values)*len(c.Values))
	for _, x := range c.Values {
		for _, y := range ref.Values {
			d = append(d, x/y)
		}
	}
	slices.Sort(d)
	d = slices.Compact(d)
	// Piece k is the open interval (d[k-1], d[k]), with d[-1] = 0 and
	// d[m] = +Inf; the test is the same throughout a piece.
	m := len(d)
	mid := func(k int) float64 {
		switch k {
		case 0:
			return d[0] / 2
		case m:
			return d[m-1] * 2
		}
		return math.Sqrt(d[k-1] * d[k])
	}
	start := -1
	for _, k := range []int{m / 2, (m + 1) / 2, m/2 - 1, m/2 + 1} {
		if k >= 0 && k <= m && accept(mid(k)) {
			start = k
			break
		}
	}
	if start < 0 {
		return math.NaN(), math.NaN(), true
	}
	// The first accepted piece at or before start, the last at or after.
	first := sortSearch(start, func(k int) bool { return accept(mid(k)) })
	last := start + sortSearch(m-start, func(k int) bool { return !accept(mid(start + k + 1)) })
	lo, hi = 0, math.Inf(1)
	if first > 0 {
		lo = d[first-1]
	}
	if last < m {
		hi = d[last]
	}
	return lo, hi, true
}

// maxPairs bounds the pairs of values RatioInterval sorts; beyond it, it
// bisects the ratio itself.
const maxPairs = 1 << 18

// sortSearch is sort.Search: the smallest k in [0, n] with f(k) true,
// where f is false then true.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// bisectInterval is RatioInterval for samples too large to pair every
// value: it bisects the log of the ratio on each side of the ratio of
// the medians to a relative precision of 1e-9.
func bisectInterval(ref, c []float64, accept func(float64) bool) (lo, hi float64, ok bool) {
	center := median(c) / median(ref)
	if !accept(center) {
		return math.NaN(), math.NaN(), true
	}
	far := slices.Max(c) / slices.Min(ref) * 2 // c/r below every ref value beyond it
	near := slices.Min(c) / slices.Max(ref) / 2
	bound := func(out float64) float64 {
		if accept(out) {
			return out // the test never rejects on this side
		}
		in := center
		for math.Abs(math.Log(out/in)) > 1e-9 {
			m := math.Sqrt(in * out)
			if accept(m) {
				in = m
			} else {
				out = m
			}
		}
		return out
	}
	lo, hi = bound(near), bound(far)
	if lo == near {
		lo = 0
	}
	if hi == far {
		hi = math.Inf(1)
	}
	return lo, hi, true
}

func median(x []float64) float64 {
	s := slices.Sorted(slices.Values(x))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// constant reports whether the sorted x holds one value.
func constant(x []float64) bool { return x[0] == x[len(x)-1] }
