package model

import (
	"math"
	"slices"
	"sync"

	"github.com/aclements/go-moremath/stats"
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
// and the two are equal or the test tells them apart, the ratio is
// exact: lo = hi. Otherwise lo is 0 or hi is +Inf when the samples are too small for the test to
// bound the ratio on that side; both are NaN when the test accepts no
// ratio (AssumeExact of unequal samples). ok is false when a value is not
// positive, for which a ratio means nothing.
//
// The test's p-value changes only where a value of c/r meets one of ref,
// at the ratios c[j]/ref[i]. For benchstat's default test (AssumeNothing)
// of samples without ties, the bounds are two of those ratios, by the
// critical value of the U statistic (see uInterval). With ties, whose
// exact test costs far more, that interval is kept when it agrees with
// the test of c against ref (1 inside exactly when P > level); otherwise,
// and for other tests, the bounds are found by a search over the ratios,
// a few tests each.
func RatioInterval(ref, c *benchmath.Sample, a benchmath.Assumption, level float64) (lo, hi float64, ok bool) {
	return ratioInterval(ref, c, a, level, func() float64 { return a.Compare(ref, c).P })
}

// ratioInterval is RatioInterval, p1 giving the test's p-value of c
// against ref, which the caller may know.
func ratioInterval(ref, c *benchmath.Sample, a benchmath.Assumption, level float64, p1 func() float64) (lo, hi float64, ok bool) {
	if len(ref.Values) == 0 || len(c.Values) == 0 || slices.Min(ref.Values) <= 0 || slices.Min(c.Values) <= 0 {
		return math.NaN(), math.NaN(), false
	}
	if constant(ref.Values) && constant(c.Values) && (c.Values[0] == ref.Values[0] || !(p1() > level)) {
		r := c.Values[0] / ref.Values[0] // a count that never varies: exact
		return r, r, true
	}
	if a == benchmath.AssumeNothing {
		lo, hi, _ := uInterval(ref.Values, c.Values, level)
		if !hasTies(ref.Values) && !hasTies(c.Values) {
			return lo, hi, true
		}
		// With ties, the exact test (moremath's UDist with ties) costs
		// far more a call; the interval without ties holds unless it
		// contradicts the test at 1, when the exact one is found.
		if lo != 1 && hi != 1 && (lo < 1 && 1 < hi) == (p1() > level) {
			return lo, hi, true
		}
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
	full := ratios(ref.Values, c.Values)
	d := slices.Compact(slices.Clone(full))
	// Piece k is the open interval (d[k-1], d[k]), with d[-1] = 0 and
	// d[m] = +Inf; the test is the same throughout a piece.
	m := len(d)
	at := func(k int) bool {
		switch k {
		case 0:
			return accept(d[0] / 2)
		case m:
			return accept(d[m-1] * 2)
		}
		return accept(math.Sqrt(d[k-1] * d[k]))
	}
	first, last, ok := -1, -1, false
	if a == benchmath.AssumeNothing {
		// Ties change the U test's distribution but little: its
		// critical value without ties puts the bounds within a few
		// pieces, and a short walk from there finds them.
		if k := uCritical(len(ref.Values), len(c.Values), level); k >= 0 {
			lo, _ := slices.BinarySearch(d, full[k])
			hi, _ := slices.BinarySearch(d, full[len(full)-1-k])
			first, last, ok = walk(lo+1, m, at, -1), walk(hi, m, at, +1), true
		}
	}
	if !ok || first < 0 || last < 0 || first > last {
		start := -1
		for _, k := range []int{m / 2, (m + 1) / 2, m/2 - 1, m/2 + 1} {
			if k >= 0 && k <= m && at(k) {
				start = k
				break
			}
		}
		if start < 0 {
			return math.NaN(), math.NaN(), true
		}
		// The first accepted piece at or before start, the last at or after.
		first = sortSearch(start, at)
		last = start + sortSearch(m-start, func(k int) bool { return !at(start + k + 1) })
	}
	lo, hi = 0, math.Inf(1)
	if first > 0 {
		lo = d[first-1]
	}
	if last < m {
		hi = d[last]
	}
	return lo, hi, true
}

// walk finds the edge of the accepted pieces (of 0 to m) near piece g:
// the first accepted one for dir −1, the last for +1, taking at most
// maxWalk steps; −1 when it does not find it so.
func walk(g, m int, at func(int) bool, dir int) int {
	g = max(0, min(g, m))
	if at(g) { // inside: walk out while the next piece is accepted
		for range maxWalk {
			if n := g + dir; n < 0 || n > m || !at(n) {
				return g
			}
			g += dir
		}
		return -1
	}
	for range maxWalk { // outside: walk in to the first accepted piece
		if g -= dir; g < 0 || g > m {
			return -1
		}
		if at(g) {
			return g
		}
	}
	return -1
}

// maxWalk bounds the steps of walk.
const maxWalk = 8

// ratios returns every ratio c[j]/ref[i], sorted.
func ratios(ref, c []float64) []float64 {
	d := make([]float64, 0, len(ref)*len(c))
	for _, x := range c {
		for _, y := range ref {
			d = append(d, x/y)
		}
	}
	slices.Sort(d)
	return d
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

// hasTies reports whether the sorted x holds a value twice.
func hasTies(x []float64) bool {
	for i := 1; i < len(x); i++ {
		if x[i] == x[i-1] {
			return true
		}
	}
	return false
}

// uInterval is RatioInterval for benchstat's Mann–Whitney U test of two
// samples without ties (each sorted): for r between two ratios, the U
// statistic of ref against c/r is the number of ratios c[j]/ref[i] below
// r, and the test rejects exactly when the smaller of U and its mirror
// is at most the critical value k (uCritical). So the ratios accepted
// lie between the (k+1)-th smallest ratio and the (k+1)-th largest: the
// Hodges–Lehmann interval, at the test's exact level.
func uInterval(ref, c []float64, level float64) (lo, hi float64, ok bool) {
	n1, n2 := len(ref), len(c)
	k := uCritical(n1, n2, level)
	if k < 0 {
		return 0, math.Inf(1), true // no U rejects: the samples are too small
	}
	d := ratios(ref, c)
	return d[k], d[len(d)-1-k], true
}

// uCritical returns the largest U for which moremath's two-sided
// Mann–Whitney p-value (as benchmath.AssumeNothing computes it: exact up
// to MannWhitneyExactLimit values a side, else the normal approximation
// with continuity correction) of samples of n1 and n2 values without
// ties is at most level, U being the smaller of U1 and n1·n2 − U1; −1
// when none is. It is cached by its arguments.
func uCritical(n1, n2 int, level float64) int {
	key := critKey{n1, n2, level}
	if k, ok := critCache.Load(key); ok {
		return k.(int)
	}
	n := n1 * n2
	p := func(u int) float64 {
		if 2*u == n {
			return 1
		}
		if n1 <= stats.MannWhitneyExactLimit && n2 <= stats.MannWhitneyExactLimit {
			return 2 * stats.UDist{N1: n1, N2: n2}.CDF(float64(u))
		}
		N := float64(n1 + n2)
		sigma := math.Sqrt(float64(n) * (N + 1) / 12)
		z := (float64(u) - float64(n)/2 + 0.5) / sigma // u below the mean: the correction moves it up
		return 2 * math.Min(stats.StdNormal.CDF(z), 1-stats.StdNormal.CDF(z))
	}
	// p grows with u up to the middle: the last u in [0, n/2) with p ≤ level.
	k := sortSearch((n+1)/2, func(u int) bool { return p(u) > level }) - 1
	critCache.Store(key, k)
	return k
}

type critKey struct {
	n1, n2 int
	level  float64
}

var critCache sync.Map
