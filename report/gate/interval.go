package gate

import (
	"slices"

	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/model"
)

// Interval returns the interval of v's change as a ratio, NEW over OLD:
// the ratios that v's own test, at the level it was held to (Holm's step),
// cannot tell from the change measured. It inverts the test that gave the
// verdict, so it leaves out 1 on the worse side exactly when the gate
// found NEW worse, and on the better side when it found NEW better: a
// "slower" never sits next to an interval that allows no change.
//
// A paired verdict (v.Rounds > 0) inverts its paired test on the rounds'
// log ratios (PairedInterval); an unpaired one inverts benchstat's
// two-sided Mann–Whitney U test at twice v.Level, since the one-sided
// p-value is half the two-sided one (model.RatioInterval). ok is false
// when a value is not positive, for which a ratio means nothing. lo is 0
// or hi +Inf when the samples are too small to bound the ratio on that
// side at v.Level.
func (v Verdict) Interval(c Comparison, p Pairing) (lo, hi float64, ok bool) {
	if v.Rounds > 0 {
		if lo, hi, ok := PairedInterval(c, p, v.Level); ok {
			return lo, hi, true
		}
	}
	// NewSample sorts its values in place: c's stay in round order.
	old := benchmath.NewSample(slices.Clone(c.Old), &benchmath.DefaultThresholds)
	nw := benchmath.NewSample(slices.Clone(c.New), &benchmath.DefaultThresholds)
	return model.RatioInterval(old, nw, benchmath.AssumeNothing, 2*v.Level)
}
