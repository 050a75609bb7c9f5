package gate

import (
	"slices"

	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/model"
)

// Interval returns the interval of v's change as a ratio, NEW over OLD:
// the ratios that v's own test, at the level Holm held it to, does not
// reject. It inverts the test that gave the verdict, so it leaves out 1 on
// the worse side exactly when the gate found NEW worse at that level
// (v.Significant; a "slower" is also beyond the threshold): a "slower"
// never sits next to an interval that allows no change, and a "no change"
// never next to one wholly on the worse side. When Holm's procedure stopped
// before v (an earlier p-value failed its level), v.PWorse may be below
// v.Level and yet not significant; the test is then inverted just below
// v.PWorse, so that the interval holds 1. A "faster" is held to its own
// family's level; any other verdict's better end is held to the worse
// family's, and is no verdict on an improvement.
//
// A paired verdict (v.Rounds > 0) inverts its paired test on the rounds'
// log ratios (PairedInterval); an unpaired one inverts benchstat's
// two-sided Mann–Whitney U test at twice the level, since the one-sided
// p-value is half the two-sided one (model.RatioInterval). ok is false
// when a value is not positive, for which a ratio means nothing. lo is 0
// or hi +Inf when the samples are too small to bound the ratio on that
// side at the level.
func (v Verdict) Interval(c Comparison, p Pairing) (lo, hi float64, ok bool) {
	level := v.Level
	if v.Kind != Faster && !v.Significant && v.PWorse <= level {
		level = 0.999 * v.PWorse // Holm stopped before v: keep 1 inside
	}
	if v.Rounds > 0 {
		if lo, hi, ok := PairedInterval(c, p, level); ok {
			return lo, hi, true
		}
	}
	// NewSample sorts its values in place: c's stay in round order.
	old := benchmath.NewSample(slices.Clone(c.Old), &benchmath.DefaultThresholds)
	nw := benchmath.NewSample(slices.Clone(c.New), &benchmath.DefaultThresholds)
	return model.RatioInterval(old, nw, benchmath.AssumeNothing, 2*level)
}
