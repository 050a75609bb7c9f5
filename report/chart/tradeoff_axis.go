package chart

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// This file sets the axes of a Tradeoff's panels.

// tradeoffAxis is one axis of a panel.
type tradeoffAxis struct {
	log      bool
	min, max float64
}

// newTradeoffAxis returns the axis of centers and extents (interval
// ends), with a share cornerFrac of it kept free at its better end when
// corner is set.
func newTradeoffAxis(centers, extents []float64, better Direction, corner bool) (tradeoffAxis, bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range centers {
		if isFinite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if !isFinite(lo) {
		return tradeoffAxis{}, false
	}
	ax := tradeoffAxis{log: lo > 0 && hi/lo > TradeoffLogRange}
	for _, v := range extents {
		if isFinite(v) && (!ax.log || v > 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	f := func(v float64) float64 { return v }
	inv := f
	if ax.log {
		f, inv = math.Log, math.Exp
	}
	a, b := f(lo), f(hi)
	span := b - a
	if span <= 0 {
		span = math.Max(math.Abs(a)*0.1, 1e-9)
		if ax.log {
			span = math.Log(1.2)
		}
	}
	padLo, padHi := 0.05*span, 0.05*span
	if corner {
		// The better end keeps a share cornerFrac of the whole axis.
		free := cornerFrac * (span + 0.05*span) / (1 - cornerFrac)
		if better == HigherBetter {
			padHi = free
		} else {
			padLo = free
		}
	}
	ax.min, ax.max = inv(a-padLo), inv(b+padHi)
	if !ax.log && lo >= 0 && ax.min < 0 && better != LowerBetter {
		ax.min = 0
	}
	return ax, true
}

// apply sets a gonum axis to this range and scale, ticks labelled by
// label.
func (ax tradeoffAxis) apply(a *plot.Axis, label func(float64) string) {
	scaleAxis(a, ax.min, ax.max, ax.log, label)
	a.Padding = 0
}

// drawable reports whether v can be drawn on the axis.
func (ax tradeoffAxis) drawable(v float64) bool { return isFinite(v) && (!ax.log || v > 0) }

// tickFormat returns the tick labels of an axis in unit.
func tickFormat(unit string) func(float64) string {
	if unit == "s" {
		return secondsLabel
	}
	return compactNumber
}

// secondsLabel writes a time in seconds with an SI prefix: "5 ms",
// "200 µs", "1.5 s".
func secondsLabel(v float64) string {
	a := math.Abs(v)
	for _, u := range []struct {
		n float64
		s string
	}{{1, "s"}, {1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"}} {
		if a >= u.n*0.9999 || u.s == "ns" {
			return strconv.FormatFloat(roundSig(v/u.n), 'g', 4, 64) + " " + u.s
		}
	}
	return ""
}

// thinned thins the labels of an axis's ticks so that they never
// overlap on an axis width pixels long.
type thinned struct {
	plot.Ticker
	ax    tradeoffAxis
	width float64
	sty   interface{ Width(string) vg.Length }
}

func (t thinned) Ticks(lo, hi float64) []plot.Tick {
	pos := func(v float64) float64 { return (v - lo) / (hi - lo) * t.width }
	if t.ax.log {
		pos = func(v float64) float64 { return math.Log(v/lo) / math.Log(hi/lo) * t.width }
	}
	return thinTicksBy(t.Ticker.Ticks(lo, hi), pos, func(s string) float64 { return float64(t.sty.Width(s)) * DPI / 72 })
}

// pixels converts a vg length to pixels at DPI.
func pixels(l vg.Length) float64 { return float64(l) * DPI / 72 }
