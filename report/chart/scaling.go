package chart

import (
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// A Point is a value with its interval at one x.
type Point struct {
	X float64
	Y Interval
}

// A Series is one line of a Scaling chart.
type Series struct {
	Name   string
	Points []Point
}

// Scaling is a chart of speedup against the number of workers: a line
// per series with its interval as a shaded band, and the limit as a
// dashed line. The x axis is logarithmic (worker counts usually double);
// the y axis too when the values span more than LogRange.
type Scaling struct {
	Title, Subtitle string
	XLabel, YLabel  string
	Series          []Series

	// Limit is the theoretical speedup at each x (its Y.Center), drawn
	// dashed and labelled LimitLabel; empty draws none.
	Limit      []Point
	LimitLabel string
}

// MaxSeries bounds the series of a Scaling chart; later ones are left out.
const MaxSeries = 10

const scalingPlotHeight = 520

// Size returns the image size in pixels.
func (s *Scaling) Size() (w, h int) {
	return Width, headerHeight + scalingPlotHeight + legendHeight(s.legend())
}

func (s *Scaling) series() []Series {
	series := s.Series
	if len(series) > MaxSeries {
		series = series[:MaxSeries]
	}
	out := make([]Series, len(series))
	for i, sr := range series {
		out[i] = Series{Name: sr.Name, Points: tamePoints(sr.Points)}
	}
	return out
}

// tamePoints returns a copy of pts with every value tamed.
func tamePoints(pts []Point) []Point {
	out := make([]Point, len(pts))
	for i, p := range pts {
		x := tame(Interval{Center: p.X}).Center
		out[i] = Point{X: x, Y: tame(p.Y)}
	}
	return out
}

func (s *Scaling) legend() []legendEntry {
	var e []legendEntry
	for i, sr := range s.series() {
		clr := palette[i%len(palette)]
		e = append(e, legendEntry{shorten(sr.Name, 60), []plot.Thumbnailer{
			boxThumb(translucent(clr, 0x40)),
			lineThumb(solid(clr, 2)),
			glyphThumb(draw.GlyphStyle{Color: clr, Radius: px(4), Shape: draw.CircleGlyph{}}, false),
		}})
	}
	if len(s.Limit) > 0 {
		e = append(e, legendEntry{s.LimitLabel, []plot.Thumbnailer{lineThumb(dashed(colorLimit, 1.5))}})
	}
	if len(e) > 0 {
		e = append(e, legendEntry{"shaded: speedup interval, from both medians' 95% intervals", []plot.Thumbnailer{boxThumb(translucent(colorNeutral, 0x50))}})
	}
	return e
}

// WritePNG draws the chart and writes it to w as PNG.
func (s *Scaling) WritePNG(w io.Writer) error {
	width, height := s.Size()
	return render(w, width, height, func(dc draw.Canvas) error {
		dc = header(dc, s.Title, s.Subtitle)
		dc = footer(dc, s.legend())
		f, err := s.plot()
		if err != nil {
			return err
		}
		f.draw(draw.Crop(dc, px(8), -px(24), px(4), 0))
		return nil
	})
}

func (s *Scaling) plot() (*figure, error) {
	f := newFigure("", s.YLabel)
	p := f.Plot
	p.X.Label.Text = s.XLabel

	// Axis ranges from every drawable value.
	var xs []float64
	ylo, yhi := math.Inf(1), math.Inf(-1)
	add := func(pt Point, band bool) {
		if !(pt.X > 0) || !isFinite(pt.X) || !isFinite(pt.Y.Center) {
			return
		}
		if !slices.Contains(xs, pt.X) {
			xs = append(xs, pt.X)
		}
		vs := []float64{pt.Y.Center}
		if band && pt.Y.finite() {
			vs = append(vs, pt.Y.Lo, pt.Y.Hi)
		}
		for _, v := range vs {
			ylo, yhi = math.Min(ylo, v), math.Max(yhi, v)
		}
	}
	for _, sr := range s.series() {
		for _, pt := range sr.Points {
			add(pt, true)
		}
	}
	for _, pt := range tamePoints(s.Limit) {
		add(pt, false)
	}
	if len(xs) == 0 {
		p.HideAxes()
		return f, nil
	}
	slices.Sort(xs)
	p.X.Min, p.X.Max = xs[0]/1.15, xs[len(xs)-1]*1.15 // room for the end points
	if xs[0] == xs[len(xs)-1] {
		p.X.Min, p.X.Max = xs[0]/2, xs[0]*2
	}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = valueTicks(xs)
	if ylo > 0 && yhi/ylo > LogRange {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		p.Y.Min, p.Y.Max = ylo/1.3, yhi*1.5
		f.ylabel += ", log scale"
	} else {
		p.Y.Tick.Marker = linearTicks{}
		p.Y.Min, p.Y.Max = math.Min(0, ylo), yhi*1.1
		if p.Y.Max <= p.Y.Min {
			p.Y.Max = p.Y.Min + 1
		}
	}
	p.Add(plotter.NewGrid())

	for i, sr := range s.series() {
		clr := palette[i%len(palette)]
		var line, lo, hi plotter.XYs
		for _, pt := range sr.Points {
			if !(pt.X > 0) || !isFinite(pt.X) || !isFinite(pt.Y.Center) || (p.Y.Min > 0 && pt.Y.Center <= 0) {
				continue
			}
			line = append(line, plotter.XY{X: pt.X, Y: pt.Y.Center})
			if pt.Y.finite() && (p.Y.Min <= 0 || pt.Y.Lo > 0) {
				lo = append(lo, plotter.XY{X: pt.X, Y: pt.Y.Lo})
				hi = append(hi, plotter.XY{X: pt.X, Y: pt.Y.Hi})
			}
		}
		slices.SortFunc(line, func(a, b plotter.XY) int { return cmpFloat(a.X, b.X) })
		if len(lo) > 1 {
			slices.SortFunc(lo, func(a, b plotter.XY) int { return cmpFloat(a.X, b.X) })
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
		l, sc, err := plotter.NewLinePoints(line)
		if err != nil {
			return nil, err
		}
		l.LineStyle = solid(clr, 2)
		sc.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: px(4), Shape: draw.CircleGlyph{}}
		p.Add(l, sc)
	}
	var limit plotter.XYs
	for _, pt := range tamePoints(s.Limit) {
		if pt.X > 0 && isFinite(pt.X) && isFinite(pt.Y.Center) && (p.Y.Min <= 0 || pt.Y.Center > 0) {
			limit = append(limit, plotter.XY{X: pt.X, Y: pt.Y.Center})
		}
	}
	if len(limit) > 0 {
		slices.SortFunc(limit, func(a, b plotter.XY) int { return cmpFloat(a.X, b.X) })
		l, err := plotter.NewLine(limit)
		if err != nil {
			return nil, err
		}
		l.LineStyle = dashed(colorLimit, 1.5)
		p.Add(l)
	}
	return f, nil
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
