package chart

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchunit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg/draw"
)

// MaxPanels bounds the panels of a chart of small multiples (Lines,
// Trend); later panels are left out and the chart says so.
const MaxPanels = 12

// panelCols returns the columns of a grid of n panels: one panel takes
// the whole width, more sit two abreast.
func panelCols(n int) int {
	if n <= 1 {
		return 1
	}
	return 2
}

// panelHeight returns the pixel height of a grid of n panels.
func panelGridHeight(n, single, multi int) int {
	if n <= 1 {
		return single
	}
	rows := (n + 1) / 2
	return rows * multi
}

// drawEach draws n panels as small multiples on dc, panel i made by fig.
func drawEach(dc draw.Canvas, n int, fig func(i int) (*figure, error)) error {
	figs := make([]*figure, n)
	for i := range figs {
		f, err := fig(i)
		if err != nil {
			return err
		}
		figs[i] = f
	}
	drawPanels(dc, figs, panelCols(n))
	return nil
}

// drawPanels draws figs in a grid of cols columns on dc, their axes
// aligned, and returns each figure's canvas.
func drawPanels(dc draw.Canvas, figs []*figure, cols int) []draw.Canvas {
	if len(figs) == 0 {
		return nil
	}
	rows := (len(figs) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for j := range plots {
		plots[j] = make([]*plot.Plot, cols)
	}
	for i, f := range figs {
		plots[i/cols][i%cols] = f.Plot
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: px(28), PadY: px(22), PadLeft: px(8), PadRight: px(20), PadBottom: px(4)}
	canvases := plot.Align(plots, tiles, dc)
	out := make([]draw.Canvas, len(figs))
	for i, f := range figs {
		out[i] = canvases[i/cols][i%cols]
		f.draw(out[i])
	}
	return out
}

// panelWidth returns the pixel width of each panel of a grid of n.
func panelWidth(n int) float64 {
	return float64(Width-40) / float64(panelCols(n))
}

// thinTicks keeps the labels of every k-th labelled tick, for the
// smallest k that keeps any two labels gap pixels apart: pos gives a
// tick's position along the axis in pixels. The others become unlabelled
// ticks.
func thinTicks(ticks []plot.Tick, pos func(float64) float64, sty text.Style) []plot.Tick {
	return thinTicksBy(ticks, pos, func(s string) float64 { return float64(sty.Width(s)) * DPI / 72 })
}

// thinTicksBy is thinTicks with a label's width in pixels given by width.
func thinTicksBy(ticks []plot.Tick, pos func(float64) float64, width func(string) float64) []plot.Tick {
	const gap = 8
	var idx []int // the labelled ticks
	for i, t := range ticks {
		if t.Label != "" {
			idx = append(idx, i)
		}
	}
	fits := func(k int) bool {
		last := math.Inf(-1) // right edge of the last kept label
		for n := 0; n < len(idx); n += k {
			t := ticks[idx[n]]
			w := width(t.Label)
			x := pos(t.Value)
			if x-w/2 < last+gap {
				return false
			}
			last = x + w/2
		}
		return true
	}
	k := 1
	for k < len(idx) && !fits(k) {
		k++
	}
	out := make([]plot.Tick, len(ticks))
	copy(out, ticks)
	for n, i := range idx {
		if n%k != 0 {
			out[i].Label = ""
		}
	}
	return out
}

// compactNumber writes an axis value briefly: powers of two from 1024 as
// "1Ki", "64Mi"; other values of 10,000 and more as "20k", "1.5M"; values
// below 0.01 with an SI prefix, "5m", "1.2µ", "300n" (as benchstat).
func compactNumber(v float64) string {
	a := math.Abs(v)
	if a >= 1024 && v == math.Trunc(v) {
		for _, u := range []struct {
			n float64
			s string
		}{{1 << 40, "Ti"}, {1 << 30, "Gi"}, {1 << 20, "Mi"}, {1 << 10, "Ki"}} {
			if a >= u.n && math.Mod(a, u.n) == 0 && math.Mod(a, 1000) != 0 {
				return strconv.FormatFloat(v/u.n, 'f', -1, 64) + u.s
			}
		}
	}
	if a >= 1e4 {
		for _, u := range []struct {
			n float64
			s string
		}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
			if a >= u.n {
				return strconv.FormatFloat(roundSig(v/u.n), 'g', 4, 64) + u.s
			}
		}
	}
	if a > 0 && a < 0.01 {
		for _, u := range []struct {
			n float64
			s string
		}{{1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"}, {1e-15, "f"}} {
			if a >= u.n*0.9999 {
				return strconv.FormatFloat(roundSig(v/u.n), 'g', 4, 64) + u.s
			}
		}
	}
	return strconv.FormatFloat(roundSig(v), 'g', 6, 64)
}

// valueAxisTicks is a ticker for the numeric x values of a line chart:
// exactly the values when there are few, labelled compactly and thinned
// to fit width pixels; a log or linear ticker otherwise.
func xTicks(xs []float64, names map[float64]string, log bool, width float64, sty text.Style) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		var ts []plot.Tick
		if len(xs) <= 16 {
			for _, x := range xs {
				label, ok := names[x]
				if !ok {
					label = compactNumber(x)
				}
				ts = append(ts, plot.Tick{Value: x, Label: label})
			}
			return thinTicks(ts, xPos(lo, hi, width, log), sty)
		} else if log {
			ts = logTicks{}.Ticks(lo, hi)
		} else {
			ts = linearTicks{}.Ticks(lo, hi)
		}
		for i := range ts {
			if ts[i].Label != "" {
				ts[i].Label = compactNumber(ts[i].Value)
			}
		}
		return thinTicks(ts, xPos(lo, hi, width, log), sty)
	})
}

// xPos returns the pixel position of a value on an axis of [lo, hi] width
// pixels wide.
func xPos(lo, hi, width float64, log bool) func(float64) float64 {
	if log {
		return func(v float64) float64 { return math.Log(v/lo) / math.Log(hi/lo) * width }
	}
	return func(v float64) float64 { return (v - lo) / (hi - lo) * width }
}

// yTicks labels a value axis of unit ("" when unknown): log or linear,
// compact labels; binary prefixes at round binary values for a unit of
// bytes, SI prefixes below 1 for one of seconds.
func yTicks(log bool, unit string) plot.Ticker {
	if unit != "" && benchunit.ClassOf(unit) == benchunit.Binary {
		return binaryTicks{log}
	}
	var t plot.Ticker = linearTicks{}
	if log {
		t = logTicks{}
	}
	return compactTicks{t, strings.Contains(unit, "sec")}
}

// panelTitle sets a panel's title, elided by panelTitles, and elides its
// y label to its height in pixels.
func panelTitle(f *figure, title string, height float64) {
	f.Title.Text = title
	f.ylabel = elide(f.ylabel, f.Y.Label.TextStyle, px(height-70))
}

// panelTitles elides the titles of a grid of len(titles) panels to
// their width, each keeping what tells it apart from the others (see
// elideAll).
func panelTitles(titles []string) []string {
	return elideAll(titles, newPlot("").Title.TextStyle, px(panelWidth(len(titles))-16))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
