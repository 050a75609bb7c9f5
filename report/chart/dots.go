package chart

import (
	"image/color"
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

// A dot chart draws rows of ratios on a shared ratio axis: a band per row
// (benchmark), a line per column in the band, each a glyph with its
// interval as a whisker, and every value written in a column of its own
// right of the data area. Labels thus never lie over a whisker, the
// reference or a threshold line, nor over each other: each has its own
// line, at least lineH apart. Ratios and Compare are dot charts.
type dotChart struct {
	rows       []dotRow
	axis       ratioAxis
	xlabel     string
	tickLabel  func(float64) string
	thresholds []float64 // dashed lines across all bands, in drawn terms
	noRef      bool      // no reference line at 1: values, not ratios
}

// A dotRow is one band: a name and a line per column.
type dotRow struct {
	name  string
	lines []dotLine
	limit float64 // a dashed line across the band, in drawn terms; NaN or 0: none
}

// A dotLine is one drawn value.
type dotLine struct {
	v, lo, hi float64 // the value and its interval, in drawn terms; NaN: unknown
	verdict   verdict
	sig       bool
	shape     int    // the column's glyph
	text      string // written in the value column
	edge      int    // +1, -1: a ratio of a median of 0, ∞ or 0, drawn at the right or left edge
}

const (
	lineH = 18  // pixels per line of a band
	gapH  = 10  // pixels between bands
	nameW = 300 // widest band name, pixels; longer names are elided
	// maxNameW is the widest a band name gets when the value column is
	// narrow enough to leave the plot minPlotW.
	maxNameW = 420
	minPlotW = 380
	valueW   = 300 // widest value text, pixels
	xAxisH   = 58  // the x axis: ticks, tick labels, label
	dotPadH  = 8   // above the first band and below the last
)

// A framed dot chart is a dot chart with its title, subtitle and legend:
// Ratios, Compare and Values are drawn as one.
type framed struct {
	title, subtitle string
	dots            *dotChart
	legend          []legendEntry
}

// size returns the image size of f in pixels.
func (f framed) size() (w, h int) {
	return Width, headerHeightOf(f.title, f.subtitle) + dotHeight(f.dots.rows) + legendHeight(f.legend)
}

// writePNG draws f and writes it to w as PNG.
func (f framed) writePNG(w io.Writer) error {
	width, height := f.size()
	return render(w, width, height, func(dc draw.Canvas) error {
		f.draw(dc)
		return nil
	})
}

// draw draws f on dc: the header, the legend below, the dots between.
func (f framed) draw(dc draw.Canvas) *dotLayout {
	dc = header(dc, f.title, f.subtitle)
	dc = footer(dc, f.legend)
	return f.dots.draw(draw.Crop(dc, px(8), -px(8), 0, 0))
}

// contentHeight returns the pixel height of the bands of rows.
func contentHeight(rows []dotRow) int {
	h := 2 * dotPadH
	for i, r := range rows {
		h += max(len(r.lines), 1) * lineH
		if i > 0 {
			h += gapH
		}
	}
	return h
}

// dotHeight returns the pixel height a dot chart of rows needs.
func dotHeight(rows []dotRow) int { return contentHeight(rows) + xAxisH }

// lineY returns the y of every line of every band, in the chart's y data
// units (pixels from the bottom of the content), and the center of each
// band.
func lineY(rows []dotRow) (ys [][]float64, centers []float64) {
	y := float64(contentHeight(rows) - dotPadH)
	for i, r := range rows {
		if i > 0 {
			y -= gapH
		}
		top := y
		var band []float64
		for range max(len(r.lines), 1) {
			band = append(band, y-lineH/2)
			y -= lineH
		}
		ys = append(ys, band)
		centers = append(centers, (top+y)/2)
	}
	return ys, centers
}

// dotLayout records where a dot chart put things, for tests.
type dotLayout struct {
	data   vg.Rectangle   // the data area: glyphs, whiskers, lines
	values []vg.Rectangle // the value texts
	names  []vg.Rectangle // the band names
	canvas vg.Rectangle
	xlabel string // the x axis's label as drawn
}

func valueStyle(clr color.Color) text.Style {
	return text.Style{Color: clr, Font: font.From(sans, 10), XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
}

func nameStyle() text.Style {
	return text.Style{Color: color.Black, Font: font.From(sans, 10), XAlign: draw.XRight, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
}

// draw draws the chart on c and returns its layout.
func (d *dotChart) draw(c draw.Canvas) *dotLayout {
	lay := &dotLayout{canvas: c.Rectangle}
	vw := vg.Length(0)
	for _, r := range d.rows {
		for _, l := range r.lines {
			vw = max(vw, valueStyle(color.Black).Width(l.text))
		}
	}
	vw = min(vw, px(valueW)) + px(14)
	plotC := draw.Crop(c, 0, -vw, 0, 0)

	f := newFigure("", "")
	p := f.Plot
	d.axis.apply(&p.X, d.tickLabel)
	ys, centers := lineY(d.rows)
	p.Y.Min, p.Y.Max = 0, float64(contentHeight(d.rows))
	p.Y.Padding = 0
	p.X.Padding = 0
	names := make([]string, len(d.rows))
	for i, r := range d.rows {
		names[i] = r.name
	}
	// Names get nameW, or more when the value column leaves room: a plot
	// of at least minPlotW keeps its axis readable, and a long name cut in
	// the middle loses the part that tells rows apart.
	nw := max(px(nameW), min(px(maxNameW), c.Max.X-c.Min.X-vw-px(minPlotW)))
	names = elideAll(names, p.Y.Tick.Label, nw)
	var ticks []plot.Tick
	for i := range d.rows {
		ticks = append(ticks, plot.Tick{Value: centers[i], Label: names[i]})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	namesW := vg.Length(0)
	for _, t := range ticks {
		namesW = max(namesW, p.Y.Tick.Label.Width(t.Label))
	}
	// The label is centered under the data, and below the axis the names'
	// and values' columns are empty: it may reach into them, as far as
	// the nearer edge of the chart allows.
	center := (plotC.Min.X + namesW + plotC.Max.X) / 2
	f.setXLabel(elide(d.xlabel, f.X.Label.TextStyle, 2*min(center-c.Min.X, c.Max.X-center)-px(16)))
	lay.xlabel = f.xlabel
	p.Y.Tick.Length = px(4)
	grid := newVGrid()
	p.Add(grid, dotsPlotter{d, ys})
	f.draw(plotC)

	da := p.DataCanvas(plotC)
	lay.data = da.Rectangle
	_, trY := p.Transforms(&da)
	x := da.Max.X + px(10)
	for i, r := range d.rows {
		for j, l := range r.lines {
			if l.text == "" {
				continue
			}
			sty := valueStyle(l.verdict.textColor(l.sig))
			txt := elideValueText(l.text, sty, px(valueW))
			pt := vg.Point{X: x, Y: trY(ys[i][j])}
			da.FillText(sty, pt, txt)
			lay.values = append(lay.values, sty.Rectangle(txt).Add(pt))
		}
		ns := p.Y.Tick.Label
		ns.XAlign, ns.YAlign = draw.XRight, draw.YCenter
		name := ticks[i].Label
		pt := vg.Point{X: da.Min.X - p.Y.Tick.Length, Y: trY(centers[i])}
		lay.names = append(lay.names, ns.Rectangle(name).Add(pt))
	}
	return lay
}

// elideValueText fits a value's text, "column: value (interval)" or
// "value (interval)", to w: a column name that does not fit is cut in
// its middle, never the number after it, which is the point of the text
// (cut, "reduction=mixe….000000×" could be 1.000000× or 0.999999×). Only
// a value too wide by itself is elided.
func elideValueText(s string, sty text.Style, w vg.Length) string {
	s = printable(s)
	if sty.Width(s) <= w {
		return s
	}
	i := strings.LastIndex(s, ": ")
	if i < 0 {
		return elide(s, sty, w)
	}
	value := s[i:]
	room := w - sty.Width(value)
	if room < sty.Width("ab…yz") {
		return elide(s, sty, w)
	}
	return elide(s[:i], sty, room) + value
}

// textColor is the color of a value's text: its verdict's, or black when
// significant with no direction known.
func (v verdict) textColor(sig bool) color.Color {
	if v == neutral && sig {
		return color.Black
	}
	if v == neutral {
		return color.Gray{0x70}
	}
	return v.color()
}

// newVGrid returns vertical grid lines only.
func newVGrid() plot.Plotter {
	g := plotter.NewGrid()
	g.Horizontal.Color = nil
	return g
}

// dotsPlotter draws the bands of a dot chart.
type dotsPlotter struct {
	d  *dotChart
	ys [][]float64
}

// glyph pairs: filled when significant, hollow when not.
var (
	filledGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, polyGlyph{4, 0, true}, polyGlyph{3, math.Pi, true}, polyGlyph{5, 0, true}, polyGlyph{6, math.Pi / 6, true}, starGlyph{true}, crossGlyph{0, true}, bowtieGlyph{true}, crossGlyph{math.Pi / 4, true}, halfGlyph{true}}
	hollowGlyphs = []draw.GlyphDrawer{draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, polyGlyph{4, 0, false}, polyGlyph{3, math.Pi, false}, polyGlyph{5, 0, false}, polyGlyph{6, math.Pi / 6, false}, starGlyph{false}, crossGlyph{0, false}, bowtieGlyph{false}, crossGlyph{math.Pi / 4, false}, halfGlyph{false}}
)

// glyphOf returns the glyph of column shape, filled or hollow.
func glyphOf(shape int, filled bool) draw.GlyphDrawer {
	if filled {
		return filledGlyphs[shape%len(filledGlyphs)]
	}
	return hollowGlyphs[shape%len(hollowGlyphs)]
}

// dotColor is the color of a glyph and its whisker.
func dotColor(v verdict, sig bool) color.Color {
	if v == neutral && sig {
		return colorBar
	}
	return v.color()
}

func (dp dotsPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	d := dp.d
	trX, trY := p.Transforms(&c)
	top, bottom := c.Max.Y, c.Min.Y
	// Zebra bands, so that the lines of a row read as one.
	for i := range d.rows {
		if i%2 == 1 {
			continue
		}
		y0 := trY(dp.ys[i][0] + lineH/2 + gapH/2)
		y1 := trY(dp.ys[i][len(dp.ys[i])-1] - lineH/2 - gapH/2)
		y0, y1 = min(y0, top), max(y1, bottom)
		c.FillPolygon(colorZebra, []vg.Point{{X: c.Min.X, Y: y1}, {X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}})
	}
	vline := func(v float64, y0, y1 vg.Length, sty draw.LineStyle) {
		if v, off := d.axis.clamp(v); !off && isFinite(v) {
			c.StrokeLine2(sty, trX(v), y0, trX(v), y1)
		}
	}
	if !d.noRef {
		vline(1, bottom, top, solid(colorRef, 1.2))
	}
	for _, t := range d.thresholds {
		vline(t, bottom, top, dashed(colorLimit, 1.2))
	}
	for i, r := range d.rows {
		if isFinite(r.limit) && r.limit > 0 {
			y0 := trY(dp.ys[i][0] + lineH/2 + gapH/3)
			y1 := trY(dp.ys[i][len(dp.ys[i])-1] - lineH/2 - gapH/3)
			vline(r.limit, y1, y0, dashed(colorLimit, 1.5))
		}
		for j, l := range r.lines {
			if l.edge != 0 {
				x := d.axis.hi
				if l.edge < 0 {
					x = d.axis.lo
				}
				gs := draw.GlyphStyle{Color: dotColor(l.verdict, l.sig), Radius: px(7), Shape: arrowGlyph{right: l.edge > 0}}
				c.DrawGlyph(gs, vg.Point{X: trX(x), Y: trY(dp.ys[i][j])})
				continue
			}
			if !isFinite(l.v) || l.v <= 0 && d.axis.log {
				continue
			}
			y := trY(dp.ys[i][j])
			clr := dotColor(l.verdict, l.sig)
			ws := solid(clr, 1.5)
			if isFinite(l.lo) && isFinite(l.hi) && (l.lo > 0 || !d.axis.log) {
				lo, loOff := d.axis.clamp(l.lo)
				hi, hiOff := d.axis.clamp(l.hi)
				x0, x1 := trX(lo), trX(hi)
				c.StrokeLine2(ws, x0, y, x1, y)
				// Caps, where they stand clear of the glyph.
				capH, xv := px(4), trX(l.v)
				if !loOff && xv-x0 > px(8) {
					c.StrokeLine2(ws, x0, y-capH, x0, y+capH)
				}
				if !hiOff && x1-xv > px(8) {
					c.StrokeLine2(ws, x1, y-capH, x1, y+capH)
				}
			}
			v, off := d.axis.clamp(l.v)
			gs := draw.GlyphStyle{Color: clr, Radius: px(5), Shape: glyphOf(l.shape, l.sig)}
			if off {
				gs.Shape = arrowGlyph{right: l.v > 1}
				gs.Radius = px(7)
			}
			c.DrawGlyph(gs, vg.Point{X: trX(v), Y: y})
		}
	}
}

// colorZebra shades every other band of a dot chart.
var colorZebra = color.RGBA{R: 0xf3, G: 0xf4, B: 0xf6, A: 0xff}

// arrowGlyph is a triangle pointing left or right: a value beyond the
// axis, drawn at its edge.
type arrowGlyph struct{ right bool }

func (g arrowGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	dir := vg.Length(1)
	if !g.right {
		dir = -1
	}
	c.FillPolygon(sty.Color, []vg.Point{
		{X: pt.X + dir*r, Y: pt.Y},
		{X: pt.X - dir*r*0.6, Y: pt.Y + r*0.9},
		{X: pt.X - dir*r*0.6, Y: pt.Y - r*0.9},
	})
}

// polyGlyph is a regular polygon of n corners, the first at the top
// turned by rot radians, filled or hollow.
type polyGlyph struct {
	n    int
	rot  float64
	fill bool
}

func (g polyGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := float64(sty.Radius) * 1.2
	var pts []vg.Point
	for k := range g.n {
		a := math.Pi/2 + g.rot + 2*math.Pi*float64(k)/float64(g.n)
		pts = append(pts, vg.Point{X: pt.X + vg.Length(r*math.Cos(a)), Y: pt.Y + vg.Length(r*math.Sin(a))})
	}
	fillOrStroke(c, sty.Color, pts, g.fill)
}

// starGlyph is a five-pointed star, filled or hollow.
type starGlyph struct{ fill bool }

func (g starGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var pts []vg.Point
	for k := range 10 {
		r := float64(sty.Radius) * 1.35
		if k%2 == 1 {
			r *= 0.45
		}
		a := math.Pi/2 + math.Pi*float64(k)/5
		pts = append(pts, vg.Point{X: pt.X + vg.Length(r*math.Cos(a)), Y: pt.Y + vg.Length(r*math.Sin(a))})
	}
	fillOrStroke(c, sty.Color, pts, g.fill)
}

func fillOrStroke(c *draw.Canvas, clr color.Color, pts []vg.Point, fill bool) {
	if fill {
		c.FillPolygon(clr, pts)
		return
	}
	c.StrokeLines(draw.LineStyle{Color: clr, Width: px(1.2)}, append(pts, pts[0]))
}

// disjoint reports whether no two rectangles of rs overlap.
func disjoint(rs []vg.Rectangle) bool {
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if overlaps(rs[i], rs[j]) {
				return false
			}
		}
	}
	return true
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}
