package chart

import (
	"fmt"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A Bar is the speedup of one strategy.
type Bar struct {
	Label   string   // the x-axis label; "\n" breaks lines: "pool\nworkers=32"
	Speedup Interval // reference time / strategy time, with its interval
	Winner  bool     // the group's fastest, drawn in its own color
}

// A Panel is a group of bars that share a reference and a limit.
type Panel struct {
	Title string
	Bars  []Bar

	// Limit is the speedup no strategy of the group can exceed, drawn as
	// a dashed line labelled LimitLabel; 0 draws none.
	Limit      float64
	LimitLabel string
}

// Speedups is a chart of the speedups of strategies over a reference, a
// panel per group, one above the other. When the values span more than
// LogRange, the y axis is logarithmic and speedups are drawn as points;
// otherwise they are bars.
type Speedups struct {
	Title    string
	Subtitle string
	YLabel   string // e.g. "speedup over sequential (×)"
	Panels   []Panel
}

// LogRange is the ratio of the largest to the smallest value above which
// a chart uses a logarithmic axis.
const LogRange = 20

const (
	headerHeight = 64
	panelHeight  = 300
)

// Size returns the image size in pixels.
func (s *Speedups) Size() (w, h int) {
	n := min(len(s.Panels), MaxPanels)
	return Width, headerHeight + max(n, 1)*panelHeight + legendHeight(s.legend(s.logScale()))
}

// WritePNG draws the chart and writes it to w as PNG.
func (s *Speedups) WritePNG(w io.Writer) error {
	width, height := s.Size()
	logY := s.logScale()
	return render(w, width, height, func(dc draw.Canvas) error {
		sub := s.Subtitle
		panels := s.Panels
		if len(panels) > MaxPanels {
			sub = fmt.Sprintf("%s (first %d of %d groups)", sub, MaxPanels, len(panels))
			panels = panels[:MaxPanels]
		}
		dc = header(dc, s.Title, sub)
		dc = footer(dc, s.legend(logY))
		if len(panels) == 0 {
			return nil
		}
		panels = tamePanels(panels)
		figs := make([]*figure, len(panels))
		plots := make([][]*plot.Plot, len(panels))
		for i := range panels {
			f, err := s.panel(&panels[i], logY, float64(dc.Max.X-dc.Min.X))
			if err != nil {
				return err
			}
			figs[i], plots[i] = f, []*plot.Plot{f.Plot}
		}
		tiles := draw.Tiles{Rows: len(plots), Cols: 1, PadY: px(20), PadLeft: px(8), PadRight: px(24), PadBottom: px(8)}
		canvases := plot.Align(plots, tiles, dc)
		for i, f := range figs {
			f.draw(canvases[i][0])
		}
		return nil
	})
}

// tamePanels returns a copy of panels with every value tamed.
func tamePanels(panels []Panel) []Panel {
	out := make([]Panel, len(panels))
	for i, p := range panels {
		p.Bars = append([]Bar(nil), p.Bars...)
		for j := range p.Bars {
			p.Bars[j].Speedup = tame(p.Bars[j].Speedup)
		}
		if l := tame(Interval{Center: p.Limit}); !isFinite(l.Center) {
			p.Limit = 0
		}
		out[i] = p
	}
	return out
}

// logScale reports whether the values of all panels span more than LogRange.
func (s *Speedups) logScale() bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range tamePanels(s.Panels) {
		for _, b := range p.Bars {
			for _, v := range []float64{b.Speedup.Center, b.Speedup.Lo, b.Speedup.Hi} {
				if isFinite(v) && v > 0 {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
		if p.Limit > 0 && isFinite(p.Limit) {
			lo, hi = math.Min(lo, p.Limit), math.Max(hi, p.Limit)
		}
	}
	lo = math.Min(lo, 1)
	return hi/lo > LogRange
}

func (s *Speedups) legend(logY bool) []legendEntry {
	var e []legendEntry
	if logY {
		e = append(e,
			legendEntry{"median speedup; whiskers: interval from both medians' 95% intervals", []plot.Thumbnailer{glyphThumb(draw.GlyphStyle{Color: colorBar, Radius: px(5), Shape: draw.CircleGlyph{}}, true)}},
			legendEntry{"fastest of its group", []plot.Thumbnailer{glyphThumb(draw.GlyphStyle{Color: colorWinner, Radius: px(5), Shape: draw.CircleGlyph{}}, true)}})
	} else {
		e = append(e,
			legendEntry{"median speedup (bar); whiskers: interval from both medians' 95% intervals", []plot.Thumbnailer{boxThumb(colorBar)}},
			legendEntry{"fastest of its group", []plot.Thumbnailer{boxThumb(colorWinner)}})
	}
	e = append(e, legendEntry{"reference = 1×", []plot.Thumbnailer{lineThumb(solid(colorRef, 1))}})
	seen := make(map[string]bool)
	for _, p := range s.Panels {
		if p.Limit > 0 && !seen[p.LimitLabel] {
			seen[p.LimitLabel] = true
			e = append(e, legendEntry{p.LimitLabel, []plot.Thumbnailer{lineThumb(dashed(colorLimit, 1.5))}})
		}
	}
	for _, p := range s.Panels {
		for _, b := range p.Bars {
			if isFinite(b.Speedup.Center) && !b.Speedup.finite() {
				return append(e, legendEntry{"† too few samples for an interval", nil})
			}
		}
	}
	return e
}

// panel builds the plot of one group.
func (s *Speedups) panel(pn *Panel, logY bool, width float64) (*figure, error) {
	ylabel := s.YLabel
	if logY {
		ylabel = strings.TrimSuffix(ylabel, ")") + ", log scale)"
		if !strings.HasSuffix(s.YLabel, ")") {
			ylabel = s.YLabel + " (log scale)"
		}
	}
	f := newFigure(shorten(pn.Title, 120), ylabel)
	p := f.Plot
	if logY {
		p.Y.Scale = plot.LogScale{}
	}
	n := len(pn.Bars)
	if n == 0 {
		p.HideX()
		p.Y.Min, p.Y.Max = 0, 1
		return f, nil
	}
	labels := make([]string, n)
	for i, b := range pn.Bars {
		labels[i] = shorten(b.Label, 40)
		if isFinite(b.Speedup.Center) && !b.Speedup.finite() {
			labels[i] += " †"
		}
	}
	p.NominalX(labels...)

	// The axis range: every finite value, the reference 1 and the limit.
	lo, hi := 1.0, 1.0
	for _, b := range pn.Bars {
		for _, v := range []float64{b.Speedup.Center, b.Speedup.Lo, b.Speedup.Hi} {
			if isFinite(v) && (v > 0 || !logY) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if pn.Limit > 0 && isFinite(pn.Limit) {
		hi = math.Max(hi, pn.Limit)
	}
	if logY {
		p.Y.Min, p.Y.Max = lo/1.6, hi*2.2
		p.Y.Tick.Marker = logTicks{}
	} else {
		p.Y.Min, p.Y.Max = math.Min(0, lo), hi*1.18
	}
	clip := func(v float64) float64 { return math.Max(math.Min(v, p.Y.Max), p.Y.Min) }

	// Reference and limit lines span the panel.
	xs := []float64{-0.5, float64(n) - 0.5}
	if err := hline(p, xs, 1, solid(colorRef, 1)); err != nil {
		return nil, err
	}
	if pn.Limit > 0 && isFinite(pn.Limit) {
		if err := hline(p, xs, pn.Limit, dashed(colorLimit, 1.5)); err != nil {
			return nil, err
		}
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: xs[1], Y: pn.Limit}}, Labels: []string{"limit " + times(pn.Limit)}})
		if err != nil {
			return nil, err
		}
		lbl.TextStyle[0] = textStyle(10, draw.XRight, draw.YBottom)
		lbl.Offset = vg.Point{X: -px(4), Y: px(2)}
		p.Add(lbl)
	}

	// Bars or points, in two colors, then their error bars and values.
	slot := (width - 140) / float64(n)
	barW := px(math.Max(6, math.Min(70, slot*0.55)))
	for _, winner := range []bool{false, true} {
		clr := colorBar
		if winner {
			clr = colorWinner
		}
		var vals plotter.Values
		var pts plotter.XYs
		for i, b := range pn.Bars {
			v := b.Speedup.Center
			if b.Winner != winner || !isFinite(v) || (logY && v <= 0) {
				vals = append(vals, 0)
				continue
			}
			vals = append(vals, v)
			pts = append(pts, plotter.XY{X: float64(i), Y: v})
		}
		if !logY {
			bc, err := plotter.NewBarChart(vals, barW)
			if err != nil {
				return nil, err
			}
			bc.Color, bc.LineStyle.Width = clr, 0
			p.Add(bc)
		} else if len(pts) > 0 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: px(6), Shape: draw.CircleGlyph{}}
			p.Add(sc)
		}
	}
	var errs errorBars
	var tops plotter.XYLabels // value labels: above the whisker of a bar, beside a point
	for i, b := range pn.Bars {
		c := b.Speedup.Center
		if !isFinite(c) || (logY && c <= 0) {
			continue
		}
		top := c
		if b.Speedup.finite() {
			lo, hi := clip(b.Speedup.Lo), clip(b.Speedup.Hi)
			errs = append(errs, errorBar{x: float64(i), y: c, lo: c - lo, hi: hi - c})
			if !logY {
				top = math.Max(top, hi)
			}
		}
		tops.XYs = append(tops.XYs, plotter.XY{X: float64(i), Y: top})
		tops.Labels = append(tops.Labels, times(c))
	}
	if len(errs) > 0 {
		eb, err := plotter.NewYErrorBars(errs)
		if err != nil {
			return nil, err
		}
		eb.LineStyle = solid(colorLimit, 1.5)
		eb.CapWidth = px(12)
		p.Add(eb)
	}
	if len(tops.XYs) > 0 {
		lbl, err := plotter.NewLabels(tops)
		if err != nil {
			return nil, err
		}
		for i := range lbl.TextStyle {
			if logY {
				lbl.TextStyle[i] = textStyle(10, draw.XLeft, draw.YCenter)
			} else {
				lbl.TextStyle[i] = textStyle(10, draw.XCenter, draw.YBottom)
			}
		}
		if logY {
			lbl.Offset = vg.Point{X: px(12)}
		} else {
			lbl.Offset = vg.Point{Y: px(3)}
		}
		p.Add(lbl)
	}
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	return f, nil
}

// hline adds a horizontal line at y across xs.
func hline(p *plot.Plot, xs []float64, y float64, sty draw.LineStyle) error {
	l, err := plotter.NewLine(plotter.XYs{{X: xs[0], Y: y}, {X: xs[1], Y: y}})
	if err != nil {
		return err
	}
	l.LineStyle = sty
	p.Add(l)
	return nil
}

func textStyle(size vg.Length, x draw.XAlignment, y draw.YAlignment) text.Style {
	return text.Style{Color: colorLimit, Font: font.From(sans, size), XAlign: x, YAlign: y, Handler: plot.DefaultTextHandler}
}

// times formats a speedup: "27.3×", "1.04×", "150×".
func times(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f×", v)
	case v >= 10:
		return fmt.Sprintf("%.1f×", v)
	case v < 0.01:
		return fmt.Sprintf("%.2g×", v)
	default:
		return fmt.Sprintf("%.2f×", v)
	}
}

// errorBar is one vertical error bar: lo and hi are distances from y.
type errorBar struct{ x, y, lo, hi float64 }

// errorBars implements plotter.XYer and plotter.YErrorer.
type errorBars []errorBar

func (e errorBars) Len() int                        { return len(e) }
func (e errorBars) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errorBars) YError(i int) (float64, float64) { return e[i].lo, e[i].hi }
func (e errorBars) XError(i int) (float64, float64) { return e[i].lo, e[i].hi }
