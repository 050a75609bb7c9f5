package model

import (
	"math"

	"golang.org/x/perf/benchmath"
)

// A Ratio is the ratio of two medians with an interval: the one ratio of
// the report, which the ratio charts draw, compare gates and the suite's
// speedups are made of.
type Ratio struct {
	// Center is the median of the numerator over the denominator's.
	Center float64

	// Lo and Hi bound the ratio. Of a table's cells (RatioOf), it is the
	// table's test inverted at its α (see IntervalOf): it leaves out 1
	// exactly when the comparison is significant. Of two summaries
	// (SummaryRatio), it is the range of the ratio when both medians lie
	// within their intervals: [num.Lo/den.Hi, num.Hi/den.Lo], which holds
	// whenever both medians' intervals hold (so its confidence is at least
	// the product of theirs: ≥ 0.969² ≈ 0.94 with benchmath's 95% intervals
	// of 6 samples). See SummaryRatio for 0, ∞ and NaN.
	Lo, Hi float64

	// P is the p-value of the test of the numerator's sample against the
	// denominator's under the table's assumption (Mann–Whitney U by
	// default), and Significant is P ≤ α, benchstat's rule. Both are
	// unset by SummaryRatio.
	P           float64
	Significant bool
	N1, N2      int
}

// Finite reports whether the ratio and both bounds are finite numbers: an
// interval that says something.
func (r Ratio) Finite() bool {
	return finite(r.Center) && finite(r.Lo) && finite(r.Hi)
}

func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// SummaryRatio returns num's median over den's with its interval
// [num.Lo/den.Hi, num.Hi/den.Lo], for values that cannot be negative
// (times, bytes, counts, rates):
//
//   - equal values are a ratio of 1, 0/0 included: a count that stays 0
//     did not change;
//   - x/0 is +∞ and 0/x is 0;
//   - a bound that the samples do not give (an infinite interval: too
//     few samples) or that is not positive leaves that side open: Lo 0,
//     Hi +∞;
//   - a negative or NaN median has no ratio: everything is NaN.
func SummaryRatio(num, den benchmath.Summary) Ratio {
	if !(num.Center >= 0 && den.Center >= 0) {
		return Ratio{Center: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	r := Ratio{Center: div(num.Center, den.Center), Lo: 0, Hi: math.Inf(1)}
	switch {
	case num.Lo == den.Hi && num.Lo >= 0:
		r.Lo = 1 // both 0: no change
	case num.Lo > 0 && den.Hi >= 0 && !math.IsInf(den.Hi, 1):
		r.Lo = div(num.Lo, den.Hi)
	}
	switch {
	case num.Hi == den.Lo && num.Hi >= 0 && !math.IsInf(num.Hi, 1):
		r.Hi = 1
	case num.Hi >= 0 && !math.IsInf(num.Hi, 1) && den.Lo > 0:
		r.Hi = num.Hi / den.Lo
	}
	return r
}

// div returns a/b for a, b ≥ 0, with 0/0 = 1 and x/0 = +∞.
func div(a, b float64) float64 {
	switch {
	case a == b:
		return 1
	case b == 0:
		return math.Inf(1)
	}
	return a / b
}

// Ratio compares the cell at (row, col) with the cell at (row, ref). ok
// is false when either is missing.
func (t *Table) Ratio(row, col, ref Key) (r Ratio, ok bool) {
	c, b := t.Cell(row, col), t.Cell(row, ref)
	if c == nil || b == nil {
		return Ratio{}, false
	}
	if col == ref {
		return Ratio{Center: 1, Lo: 1, Hi: 1, P: 1, N1: len(c.Sample.Values), N2: len(c.Sample.Values)}, true
	}
	return t.RatioOf(c, b), true
}

// RatioOf compares cell c with cell ref of the same table, which need not
// share a row or a column: the ratio of their medians, the test of c's
// sample against ref's, and the interval of the test inverted (see
// IntervalOf).
func (t *Table) RatioOf(c, ref *Cell) Ratio {
	r := t.TestOf(c, ref)
	r.Lo, r.Hi = t.IntervalOf(c, ref)
	return r
}

// TestOf is RatioOf without the interval (Lo and Hi are NaN): the ratio
// of the medians and the test, for a caller that computes the interval
// (IntervalOf, the costlier part) of the ratios it shows only.
func (t *Table) TestOf(c, ref *Cell) Ratio {
	r := SummaryRatio(c.Summary, ref.Summary)
	r.Lo, r.Hi = math.NaN(), math.NaN()
	cmp := t.compare(c, ref)
	r.P, r.N1, r.N2 = cmp.P, cmp.N1, cmp.N2
	r.Significant = c != ref && !(cmp.P > cmp.Alpha)
	return r
}

// IntervalOf returns the interval of the ratio of c to ref: the ratios
// for which the table's test at its α cannot tell c's sample, divided by
// the ratio, from ref's (RatioInterval), so that it leaves out 1 exactly
// when RatioOf is Significant, as benchstat's "~" says. For values that
// are not all positive, it is SummaryRatio's interval of the two medians.
func (t *Table) IntervalOf(c, ref *Cell) (lo, hi float64) {
	if c == ref {
		return 1, 1
	}
	if lo, hi, ok := ratioInterval(ref.Sample, c.Sample, t.Assumption, t.Alpha, func() float64 { return t.compare(c, ref).P }); ok {
		return lo, hi
	}
	r := SummaryRatio(c.Summary, ref.Summary)
	return r.Lo, r.Hi
}

// compare tests cell c against cell ref: the cell's own comparison when
// ref is its baseline, else the table's test, remembered for the pair.
func (t *Table) compare(c, ref *Cell) benchmath.Comparison {
	if c.Baseline == ref {
		return c.Comparison
	}
	key := [2]*Cell{c, ref}
	if cmp, ok := t.compared.Load(key); ok {
		return cmp.(benchmath.Comparison)
	}
	cmp := t.Assumption.Compare(ref.Sample, c.Sample)
	t.compared.Store(key, cmp)
	return cmp
}
