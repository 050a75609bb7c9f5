package chart

import (
	"image/color"
	"math"
)

// Direction tells which way a unit improves: it decides how a ratio is
// turned into "better by" and which changes are drawn green or red. The
// caller knows it (the report's model: model.Better).
type Direction int

const (
	// Unknown is a unit with no known direction (a custom metric such as
	// things/op): ratios are drawn as measured, col/ref, in neutral colors.
	Unknown Direction = iota
	// LowerBetter is a cost such as sec/op, B/op or allocs/op.
	LowerBetter
	// HigherBetter is a throughput such as B/s or req/s.
	HigherBetter
)

// DirectionOf returns the Direction of a unit whose direction is better:
// +1 when higher values are better, -1 when lower values are, 0 when
// unknown (as package model's Better gives it).
func DirectionOf(better int) Direction {
	switch {
	case better > 0:
		return HigherBetter
	case better < 0:
		return LowerBetter
	}
	return Unknown
}

// String returns "lower is better", "higher is better" or "unknown".
func (d Direction) String() string {
	switch d {
	case LowerBetter:
		return "lower is better"
	case HigherBetter:
		return "higher is better"
	}
	return "unknown"
}

// verdict is how a drawn value compares with the reference.
type verdict int

const (
	neutral verdict = iota
	better
	worse
)

// judge returns the verdict of a displayed ratio d (already oriented so
// that above 1 is better when dir is known).
func judge(d float64, significant bool, dir Direction) verdict {
	if !significant || dir == Unknown || !isFinite(d) || d == 1 {
		return neutral
	}
	if d > 1 {
		return better
	}
	return worse
}

// color returns the color of a verdict.
func (v verdict) color() color.RGBA {
	switch v {
	case better:
		return colorFaster
	case worse:
		return colorSlower
	}
	return colorNeutral
}

// orient turns a measured ratio col/ref with its interval into the ratio
// drawn: ref/col for LowerBetter (so that above 1 is better), col/ref
// otherwise. Values that are not positive and finite become NaN; bounds
// given in the wrong order are swapped.
func orient(r, lo, hi float64, dir Direction) (d, dlo, dhi float64) {
	pos := func(v float64) float64 {
		if isFinite(v) && v > 0 {
			return v
		}
		return math.NaN()
	}
	r, lo, hi = pos(r), pos(lo), pos(hi)
	if lo > hi {
		lo, hi = hi, lo
	}
	if dir == LowerBetter {
		return 1 / r, 1 / hi, 1 / lo
	}
	return r, lo, hi
}

// ratioAxisLabel names the axis of oriented ratios.
func ratioAxisLabel(dir Direction, ref string) string {
	if ref == "" {
		ref = "reference"
	}
	switch dir {
	case LowerBetter:
		return "better by (×): " + ref + " ÷ value; lower is better"
	case HigherBetter:
		return "better by (×): value ÷ " + ref + "; higher is better"
	}
	return "ratio (×): value ÷ " + ref + "; direction unknown"
}
