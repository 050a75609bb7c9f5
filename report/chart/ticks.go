package chart

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
)

// logTicks marks a logarithmic axis at 1, 2 and 5 times the powers of
// ten, labelled, and at the other integer multiples, unlabelled: denser
// than gonum's plot.LogTicks, which labels only the powers of ten. An axis
// that would get fewer than four labels (280 ms to 2 s: 500 ms, 1 s, 2 s,
// and no label near its lowest points) labels 3 times the powers of ten
// too.
type logTicks struct{}

var _ plot.Ticker = logTicks{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	// Over many decades, label only some powers of ten.
	first, last := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	step := math.Max(1, math.Ceil((last-first)/10))
	dense := last-first <= 4
	var ticks []plot.Tick
	var threes []int // the ticks at 3 times a power of ten
	labels := 0
	for e := first; e <= last; e++ {
		base := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * base
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if (m == 1 && math.Mod(e-first, step) == 0) || (dense && (m == 2 || m == 5)) {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
				labels++
			}
			if t.Label != "" || step == 1 {
				if m == 3 {
					threes = append(threes, len(ticks))
				}
				ticks = append(ticks, t)
			}
		}
	}
	if dense && labels < 4 {
		for _, i := range threes {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 3, 64)
		}
	}
	return ticks
}

// valueTicks labels exactly the given values, such as worker counts.
func valueTicks(vs []float64) plot.ConstantTicks {
	ticks := make([]plot.Tick, len(vs))
	for i, v := range vs {
		ticks[i] = plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)}
	}
	return ticks
}

// linearTicks labels a linear axis at round steps (1, 2, 2.5 or 5 times a
// power of ten) chosen for four to seven labels, with an unlabelled tick
// halfway between: gonum's plot.DefaultTicks can leave a short axis with
// only its two ends labelled.
type linearTicks struct{}

var _ plot.Ticker = linearTicks{}

func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	raw := (hi - lo) / 7
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * pow
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*pow >= raw {
			step = m * pow
			break
		}
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo/step*2) / 2; i*step <= hi+step*1e-9; i += 0.5 {
		v := i * step
		t := plot.Tick{Value: v}
		if math.Mod(i, 1) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', -1, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// binaryTicks marks the axis of a unit of bytes (B/op, B/s) at round
// numbers of its binary prefixes and labels them as benchstat prints
// such values ("512Mi", "1.5Gi"), so that a point labelled 2.495Gi sits
// by the 2.5Gi tick, not past a decimal 2.5G: linear, at linearTicks'
// steps of the largest power of 1024 below the top; log, at powers of
// two, some labelled.
type binaryTicks struct{ log bool }

var _ plot.Ticker = binaryTicks{}

func (b binaryTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	if b.log {
		if !(lo > 0) {
			return nil
		}
		e0, e1 := math.Floor(math.Log2(lo)), math.Ceil(math.Log2(hi))
		step := 10.0
		for _, s := range []float64{1, 2, 5} {
			if (e1-e0)/s <= 8 {
				step = s
				break
			}
		}
		var ticks []plot.Tick
		for e := e0; e <= e1; e++ {
			v := math.Exp2(e)
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if math.Mod(e, step) == 0 {
				t.Label = binaryLabel(v)
			}
			ticks = append(ticks, t)
		}
		return ticks
	}
	scale := 1.0
	for k := 0; k < 4 && scale*1024 <= math.Max(math.Abs(lo), math.Abs(hi)); k++ {
		scale *= 1024
	}
	ticks := linearTicks{}.Ticks(lo/scale, hi/scale)
	for i := range ticks {
		ticks[i].Value *= scale
		if ticks[i].Label != "" {
			ticks[i].Label = binaryLabel(ticks[i].Value)
		}
	}
	return ticks
}

// binaryLabel writes v with the largest binary prefix it holds: "1.5Gi",
// "512", "64Ki".
func binaryLabel(v float64) string {
	prefixes := []string{"", "Ki", "Mi", "Gi", "Ti"}
	k, a := 0, math.Abs(v)
	for k+1 < len(prefixes) && a >= math.Exp2(10*float64(k+1)) {
		k++
	}
	return strconv.FormatFloat(roundSig(v/math.Exp2(10*float64(k))), 'g', 4, 64) + prefixes[k]
}

// labelTicks relabels the labelled ticks of another ticker with a
// function of their value, such as "2×" or "+10%".
type labelTicks struct {
	plot.Ticker
	label func(float64) string
}

func (l labelTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := l.Ticker.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = l.label(ts[i].Value)
		}
	}
	return ts
}

// compactTicks labels a value axis compactly (compactNumber) in one
// notation: when a label needs an SI prefix below 0.01 ("5m", "2µ"), every
// label below 1 gets one, so an axis reads 10µ 100µ 1m 10m 100m, not
// 10µ 100µ 1m 0.01 0.1.
// With si (an axis of seconds), every label below 1 gets one anyway:
// 36m, not 0.036.
type compactTicks struct {
	plot.Ticker
	si bool
}

func (v compactTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := labelTicks{v.Ticker, compactNumber}.Ticks(lo, hi)
	small := v.si || slices.ContainsFunc(ts, func(t plot.Tick) bool {
		a := math.Abs(t.Value)
		return t.Label != "" && a > 0 && a < 0.01
	})
	if !small {
		return ts
	}
	for i := range ts {
		if a := math.Abs(ts[i].Value); ts[i].Label != "" && a >= 0.01 && a < 1 {
			ts[i].Label = strconv.FormatFloat(roundSig(ts[i].Value*1e3), 'g', 4, 64) + "m"
		}
	}
	return ts
}

// timesLabel labels a ratio tick: "0.5×", "1×", "20×".
func timesLabel(v float64) string {
	return strconv.FormatFloat(roundSig(v), 'f', -1, 64) + "×"
}

// percentLabel labels a ratio tick as a change: "−10%", "0%", "+25%".
func percentLabel(v float64) string {
	p := roundSig((v - 1) * 100)
	if math.Abs(p) < 1e-9 {
		return "0%"
	}
	s := strconv.FormatFloat(math.Abs(p), 'f', -1, 64) + "%"
	if p < 0 {
		return "−" + s
	}
	return "+" + s
}

// roundSig rounds v to 6 significant digits, hiding the float noise of
// tick arithmetic (0.30000000000000004).
func roundSig(v float64) float64 {
	if v == 0 || !isFinite(v) {
		return v
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return f
}
