package stats

import (
	"math"

	"golang.org/x/perf/benchmath"
)

// An Interval is a point estimate with its confidence interval.
type Interval struct {
	Center, Lo, Hi float64

	// Confidence is a lower bound on the interval's confidence level.
	Confidence float64
}

// Finite reports whether the interval's center and both bounds are finite.
func (iv Interval) Finite() bool {
	return !math.IsInf(iv.Lo, 0) && !math.IsInf(iv.Hi, 0) && !math.IsNaN(iv.Lo) && !math.IsNaN(iv.Hi) && !math.IsNaN(iv.Center) && !math.IsInf(iv.Center, 0)
}

// Ratio returns num.Center/den.Center with the interval
// [num.Lo/den.Hi, num.Hi/den.Lo]: the range of the ratio when both medians
// lie within their intervals. Its confidence is at least
// num.Confidence × den.Confidence for independent samples.
//
// Ratios of non-positive values have no meaning here; they yield NaN.
// An interval bound that is infinite (too few samples) or a zero
// denominator bound yields an infinite bound.
func Ratio(num, den benchmath.Summary) Interval {
	if !(num.Center > 0 && den.Center > 0) {
		return Interval{Center: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	iv := Interval{
		Center:     num.Center / den.Center,
		Lo:         math.Inf(-1),
		Hi:         math.Inf(1),
		Confidence: num.Confidence * den.Confidence,
	}
	if finite(num.Lo) && finite(den.Hi) && num.Lo >= 0 && den.Hi > 0 {
		iv.Lo = num.Lo / den.Hi
	}
	if finite(num.Hi) && finite(den.Lo) && den.Lo > 0 {
		iv.Hi = num.Hi / den.Lo
	}
	if math.IsInf(iv.Lo, -1) || math.IsInf(iv.Hi, 1) {
		iv.Confidence = 0
	}
	return iv
}

func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }
