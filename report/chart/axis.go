package chart

import (
	"math"
	"slices"

	"gonum.org/v1/plot"
)

// LogRange is the ratio of the largest to the smallest value above which
// a chart uses a logarithmic axis.
const LogRange = 20

// A ratioAxis is the value axis of a chart of ratios around 1.
//
// Its range covers 1 and every drawable value, except that one change far
// larger than the rest does not set it: when the largest ratio (as
// |log r|) is more than twice the cap, three times the bulk of the others
// (the largest after the top tenth, at least 2×), the axis stops at the
// cap and values beyond it are drawn at its edge as arrows, their numbers
// written beside them. The axis is logarithmic, so 0.5× and 2× lie the same
// distance from 1×, when its range spans more than LogRange.
type ratioAxis struct {
	log      bool
	min, max float64 // the axis range, padded
	lo, hi   float64 // values outside [lo, hi] are off scale
	capped   bool    // some value is off scale
	values   bool    // values, not ratios, of unit: ticks as yTicks makes them
	unit     string
}

// newRatioAxis returns the axis for positive, finite centers and extents
// (interval ends and limits); other values are ignored.
func newRatioAxis(centers, extents []float64) ratioAxis {
	abslog := func(v float64) float64 { return math.Abs(math.Log(v)) }
	ok := func(v float64) bool { return isFinite(v) && v > 0 }
	var a []float64
	for _, c := range centers {
		if ok(c) {
			a = append(a, abslog(c))
		}
	}
	slices.Sort(a)
	slices.Reverse(a)
	capLog := math.Inf(1)
	if k := max(1, len(a)/10); len(a) > k {
		if c := math.Max(3*a[k], math.Log(2)); a[0] > 2*c {
			capLog = c
		}
	}
	ax := ratioAxis{lo: 1, hi: 1}
	var offLo, offHi bool
	for _, vs := range [][]float64{centers, extents} {
		for _, v := range vs {
			if !ok(v) {
				continue
			}
			if abslog(v) > capLog {
				ax.capped = true
				if v > 1 {
					offHi = true
				} else {
					offLo = true
				}
				continue
			}
			ax.lo, ax.hi = math.Min(ax.lo, v), math.Max(ax.hi, v)
		}
	}
	// The edge beyond which values are off scale is the cap itself.
	if offLo {
		ax.lo = math.Exp(-capLog)
	}
	if offHi {
		ax.hi = math.Exp(capLog)
	}
	if ax.hi/ax.lo < 1.04 { // a few percent either way at least
		ax.lo, ax.hi = math.Min(ax.lo, 1/1.02), math.Max(ax.hi, 1.02)
	}
	ax.log = ax.hi/ax.lo > LogRange
	if ax.log {
		pad := math.Pow(ax.hi/ax.lo, 0.05)
		ax.min, ax.max = ax.lo/pad, ax.hi*pad
	} else {
		pad := (ax.hi - ax.lo) * 0.06
		ax.min, ax.max = math.Max(ax.lo-pad, ax.lo/2), ax.hi+pad
	}
	return ax
}

// clamp returns v within the drawable range and whether it was moved.
func (ax ratioAxis) clamp(v float64) (float64, bool) {
	switch {
	case v > ax.hi:
		return ax.hi, true
	case v < ax.lo:
		return ax.lo, true
	}
	return v, false
}

// apply sets a gonum axis to this range and scale, its ticks labelled by
// label.
func (ax ratioAxis) apply(a *plot.Axis, label func(float64) string) {
	scaleAxis(a, ax.min, ax.max, ax.log, label)
	if ax.values {
		a.Tick.Marker = yTicks(ax.log, ax.unit)
	}
}

// scaleAxis sets a gonum axis to [min, max], logarithmic or linear, its
// ticks labelled by label.
func scaleAxis(a *plot.Axis, min, max float64, log bool, label func(float64) string) {
	a.Min, a.Max = min, max
	if log {
		a.Scale = plot.LogScale{}
		a.Tick.Marker = labelTicks{logTicks{}, label}
	} else {
		a.Scale = plot.LinearScale{}
		a.Tick.Marker = labelTicks{linearTicks{}, label}
	}
}

// newValueAxis returns the axis of a chart of values (not ratios): it
// covers every drawable center and extent, logarithmic when they are all
// positive and span more than LogRange, else linear from zero (or from
// the least value, when some are negative). Nothing is capped.
func newValueAxis(centers, extents []float64) ratioAxis {
	ax := ratioAxis{lo: math.Inf(1), hi: math.Inf(-1)}
	for _, vs := range [][]float64{centers, extents} {
		for _, v := range vs {
			if isFinite(v) {
				ax.lo, ax.hi = math.Min(ax.lo, v), math.Max(ax.hi, v)
			}
		}
	}
	if ax.lo > ax.hi { // nothing to draw
		ax.lo, ax.hi = 0, 1
	}
	ax.log = ax.lo > 0 && ax.hi/ax.lo > LogRange
	switch {
	case ax.log:
		pad := math.Pow(ax.hi/ax.lo, 0.05)
		ax.min, ax.max = ax.lo/pad, ax.hi*pad
	default:
		ax.lo = math.Min(ax.lo, 0)
		if ax.hi <= ax.lo {
			ax.hi = ax.lo + 1
		}
		ax.min, ax.max = ax.lo, ax.hi+(ax.hi-ax.lo)*0.06
	}
	return ax
}
