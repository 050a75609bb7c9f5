package chart

import (
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Lines is a chart of a metric against a numeric key (size=1024,
// workers=8, the GOMAXPROCS of -cpu): in each panel, a line per series
// through the medians, with the interval as a translucent band, and an
// optional limit as a dashed line. Panels (one per group of rows) are
// small multiples two abreast, each with its own axes; a series keeps its
// color across panels.
//
// The x axis is logarithmic when every x is positive and they span 8× or
// more (powers of two are common), labelled at the x values themselves
// when there are few (1Ki, 1Mi for powers of two); the y axis is
// logarithmic when its values are positive and span more than LogRange.
// Points that cannot be drawn (NaN, infinite, not positive on a log
// axis) are left out, and the legend says how many.
type Lines struct {
	Title, Subtitle string
	XLabel          string    // the key, such as "size" or "GOMAXPROCS (-cpu)"
	YLabel          string    // such as "sec/op" or "speedup over sequential (×)"
	YUnit           string    // the unit of the y values, if any: a unit of bytes gets binary ticks
	Better          Direction // said on the y axis when known
	Panels          []LinePanel

	// LimitLabel describes the panels' limits in the legend.
	LimitLabel string

	// XNames labels an x value as the benchmark names write it ("1kB",
	// "1024"); a value without one is written compactly.
	XNames map[float64]string
}

// A LinePanel is one small multiple of a Lines chart.
type LinePanel struct {
	Title  string
	Series []Series

	// Limit is drawn dashed through its points' Y.Center, joined by
	// straight lines (give a point at each x for a staircase); empty draws
	// none.
	Limit []Point
}

// A Point is a value with its interval at one x.
type Point struct {
	X float64
	Y Interval
}

// A Series is one line of a Lines panel.
type Series struct {
	Name   string
	Points []Point
}

// MaxSeries bounds the series of a Lines chart; later ones are left out
// and the legend says how many.
const MaxSeries = 10

// tamePoints returns a copy of pts with every value tamed.
func tamePoints(pts []Point) []Point {
	out := make([]Point, len(pts))
	for i, p := range pts {
		x := tame(Interval{Center: p.X}).Center
		out[i] = Point{X: x, Y: tame(p.Y)}
	}
	return out
}

const (
	linesSingleHeight = 520
	linesPanelHeight  = 320
)

// Size returns the image size in pixels.
func (l *Lines) Size() (w, h int) {
	n := min(len(l.Panels), MaxPanels)
	return Width, headerHeightOf(l.Title, l.Subtitle) + panelGridHeight(max(n, 1), linesSingleHeight, linesPanelHeight) + legendHeight(l.legend())
}

// WritePNG draws the chart and writes it to w as PNG.
func (l *Lines) WritePNG(w io.Writer) error {
	width, height := l.Size()
	return render(w, width, height, func(dc draw.Canvas) error {
		dc = header(dc, l.Title, l.Subtitle)
		dc = footer(dc, l.legend())
		panels := l.Panels[:min(len(l.Panels), MaxPanels)]
		if len(panels) == 0 {
			return nil
		}
		titles := make([]string, len(panels))
		for i, p := range panels {
			titles[i] = p.Title
		}
		titles = panelTitles(titles)
		return drawEach(dc, len(panels), func(i int) (*figure, error) { return l.panel(&panels[i], titles[i], len(panels)) })
	})
}

// seriesNames returns the distinct series names in order of appearance,
// which gives each its color.
func (l *Lines) seriesNames() []string {
	var names []string
	for _, p := range l.Panels[:min(len(l.Panels), MaxPanels)] {
		for _, s := range p.Series {
			if !slices.Contains(names, s.Name) {
				names = append(names, s.Name)
			}
		}
	}
	return names
}

func (l *Lines) legend() []legendEntry {
	var e []legendEntry
	names := l.seriesNames()
	shown := elideAll(names[:min(len(names), MaxSeries)], legendStyle(), px(Width/2-78))
	for i, name := range shown {
		clr := palette[i%len(palette)]
		e = append(e, legendEntry{name, []plot.Thumbnailer{
			boxThumb(translucent(clr, 0x40)),
			lineThumb(solid(clr, 2)),
			glyphThumb(draw.GlyphStyle{Color: clr, Radius: px(4), Shape: draw.CircleGlyph{}}, false),
		}})
	}
	for _, p := range l.Panels {
		if len(p.Limit) > 0 {
			lbl := l.LimitLabel
			if lbl == "" {
				lbl = "limit"
			}
			e = append(e, legendEntry{lbl, []plot.Thumbnailer{lineThumb(dashed(colorLimit, 1.5))}})
			break
		}
	}
	var notes []string
	switch without, drawn := l.unbanded(); {
	case len(names) == 0:
	case drawn > 0 && without == drawn:
		notes = append(notes, "no band: no median has an interval (too few samples)")
	default:
		e = append(e, legendEntry{"shaded: the confidence interval of each median", []plot.Thumbnailer{boxThumb(translucent(colorNeutral, 0x50))}})
		if without > 0 {
			notes = append(notes, fmt.Sprintf("%d of %d medians %s no interval (too few samples): no band there", without, drawn, plural(without, "has", "have")))
		}
	}
	if len(names) > MaxSeries {
		notes = append(notes, fmt.Sprintf("%d more series not shown", len(names)-MaxSeries))
	}
	if n := len(l.Panels) - MaxPanels; n > 0 {
		notes = append(notes, fmt.Sprintf("… and %d more %s not shown", n, plural(n, "panel")))
	}
	if n := l.undrawable(); n > 0 {
		notes = append(notes, fmt.Sprintf("%d %s not be drawn (NaN, infinite, or not positive on a log axis)", n, plural(n, "point could", "points could")))
	}
	for _, n := range notes {
		e = append(e, legendEntry{n, nil})
	}
	return e
}

// Banded reports whether the chart draws a band: some series shown has
// two medians with an interval to join (see unbanded).
func (l *Lines) Banded() bool {
	without, drawn := l.unbanded()
	return drawn > without
}

// unbanded counts the drawn points of the shown panels and series, and
// those of them without an interval, around which no band is drawn.
func (l *Lines) unbanded() (without, drawn int) {
	names := l.seriesNames()
	for _, p := range l.Panels[:min(len(l.Panels), MaxPanels)] {
		ax := lineAxes(&p)
		for _, s := range p.Series {
			if slices.Index(names, s.Name) >= MaxSeries {
				continue
			}
			n, banded := 0, 0
			for _, pt := range tamePoints(s.Points) {
				if !ax.drawable(pt) {
					continue
				}
				n++
				if pt.Y.finite() && (!ax.logY || pt.Y.Lo > 0) {
					banded++
				}
			}
			if banded < 2 { // a band joins two intervals at least (see panel)
				banded = 0
			}
			drawn, without = drawn+n, without+n-banded
		}
	}
	return without, drawn
}

// undrawable counts the points left out of the drawn panels.
func (l *Lines) undrawable() int {
	n := 0
	for _, p := range l.Panels[:min(len(l.Panels), MaxPanels)] {
		ax := lineAxes(&p)
		for _, s := range p.Series {
			for _, pt := range tamePoints(s.Points) {
				if !ax.drawable(pt) {
					n++
				}
			}
		}
	}
	return n
}

// lineAxesOf holds the scales of a line panel.
type lineAxesOf struct {
	xs         []float64 // the distinct drawable x values, sorted
	logX, logY bool
	ylo, yhi   float64
}

// drawable reports whether pt can be drawn on these axes.
func (ax lineAxesOf) drawable(pt Point) bool {
	return isFinite(pt.X) && isFinite(pt.Y.Center) && (!ax.logX || pt.X > 0) && (!ax.logY || pt.Y.Center > 0)
}

// lineAxes returns the scales of a panel: log x when every x is positive
// and they span 8× or more; log y when every drawn value is positive and
// they span more than LogRange.
func lineAxes(p *LinePanel) lineAxesOf {
	var ax lineAxesOf
	allPos := true
	ax.ylo, ax.yhi = math.Inf(1), math.Inf(-1)
	visit := func(pts []Point, band bool) {
		for _, pt := range tamePoints(pts) {
			if !isFinite(pt.X) || !isFinite(pt.Y.Center) {
				continue
			}
			if !slices.Contains(ax.xs, pt.X) {
				ax.xs = append(ax.xs, pt.X)
			}
			allPos = allPos && pt.X > 0
			vs := []float64{pt.Y.Center}
			if band && pt.Y.finite() {
				vs = append(vs, pt.Y.Lo, pt.Y.Hi)
			}
			for _, v := range vs {
				ax.ylo, ax.yhi = math.Min(ax.ylo, v), math.Max(ax.yhi, v)
			}
		}
	}
	for _, s := range p.Series {
		visit(s.Points, true)
	}
	visit(p.Limit, false)
	slices.Sort(ax.xs)
	if n := len(ax.xs); n > 1 && allPos {
		ax.logX = ax.xs[n-1]/ax.xs[0] >= 8
	}
	if ax.logX {
		ax.xs = slices.DeleteFunc(ax.xs, func(x float64) bool { return x <= 0 })
	}
	ax.logY = ax.ylo > 0 && ax.yhi/ax.ylo > LogRange
	return ax
}

// panel builds the plot of one panel.
func (l *Lines) panel(pn *LinePanel, title string, n int) (*figure, error) {
	ylabel := l.YLabel
	if l.Better != Unknown {
		ylabel += "; " + l.Better.String()
	}
	ax := lineAxes(pn)
	if ax.logY {
		ylabel += "; log scale"
	}
	f := newFigure("", ylabel)
	width := panelWidth(n)
	if n > 1 {
		panelTitle(f, title, linesPanelHeight)
	} else {
		panelTitle(f, title, linesSingleHeight)
	}
	p := f.Plot
	xlabel := l.XLabel
	if ax.logX {
		xlabel += "; log scale"
	}
	f.setXLabel(elide(xlabel, p.X.Label.TextStyle, px(width-40)))
	if len(ax.xs) == 0 {
		p.HideAxes()
		return f, nil
	}
	x0, x1 := ax.xs[0], ax.xs[len(ax.xs)-1]
	if ax.logX {
		p.X.Scale = plot.LogScale{}
		pad := math.Pow(x1/x0, 0.04)
		p.X.Min, p.X.Max = x0/pad, x1*pad
	} else {
		pad := math.Max((x1-x0)*0.04, 0.5)
		p.X.Min, p.X.Max = x0-pad, x1+pad
	}
	p.X.Tick.Marker = xTicks(ax.xs, l.XNames, ax.logX, width-130, p.X.Tick.Label)
	if ax.logY {
		p.Y.Scale = plot.LogScale{}
		pad := math.Pow(ax.yhi/ax.ylo, 0.04)
		p.Y.Min, p.Y.Max = ax.ylo/pad, ax.yhi*pad
	} else {
		p.Y.Min, p.Y.Max = math.Min(0, ax.ylo), ax.yhi*1.08
		if ax.yhi <= 0 {
			p.Y.Max = 0
		}
		if p.Y.Max <= p.Y.Min {
			p.Y.Max = p.Y.Min + 1
		}
	}
	p.Y.Tick.Marker = yTicks(ax.logY, l.YUnit)
	p.Add(plotter.NewGrid())

	names := l.seriesNames()
	var lines []plot.Plotter
	for _, s := range pn.Series {
		k := slices.Index(names, s.Name)
		if k >= MaxSeries {
			continue
		}
		clr := palette[k%len(palette)]
		var line, lo, hi plotter.XYs
		for _, pt := range tamePoints(s.Points) {
			if !ax.drawable(pt) {
				continue
			}
			line = append(line, plotter.XY{X: pt.X, Y: pt.Y.Center})
			if pt.Y.finite() && (!ax.logY || pt.Y.Lo > 0) {
				lo = append(lo, plotter.XY{X: pt.X, Y: pt.Y.Lo})
				hi = append(hi, plotter.XY{X: pt.X, Y: pt.Y.Hi})
			}
		}
		byX := func(a, b plotter.XY) int { return cmpFloat(a.X, b.X) }
		slices.SortFunc(line, byX)
		if len(lo) > 1 {
			slices.SortFunc(lo, byX)
			slices.SortFunc(hi, func(a, b plotter.XY) int { return cmpFloat(b.X, a.X) })
			band, err := plotter.NewPolygon(append(lo, hi...))
			if err != nil {
				return nil, err
			}
			band.Color = translucent(clr, 0x40)
			band.LineStyle.Width = 0
			p.Add(band)
		}
		if len(line) == 0 {
			continue
		}
		ln, sc, err := plotter.NewLinePoints(line)
		if err != nil {
			return nil, err
		}
		ln.LineStyle = solid(clr, 2)
		sc.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: px(4), Shape: draw.CircleGlyph{}}
		lines = append(lines, ln, sc)
	}
	// Every line over every band: a band drawn later would tint the line
	// under it, which then matches no colour of the legend.
	p.Add(lines...)
	var limit plotter.XYs
	for _, pt := range tamePoints(pn.Limit) {
		if ax.drawable(pt) {
			limit = append(limit, plotter.XY{X: pt.X, Y: pt.Y.Center})
		}
	}
	if len(limit) > 0 {
		slices.SortFunc(limit, func(a, b plotter.XY) int { return cmpFloat(a.X, b.X) })
		ln, err := plotter.NewLine(limit)
		if err != nil {
			return nil, err
		}
		ln.LineStyle = dashed(colorLimit, 1.5)
		p.Add(ln)
	}
	return f, nil
}
