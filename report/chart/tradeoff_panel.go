package chart

import (
	"cmp"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file draws a panel of a Tradeoff.

// drawPanel draws one panel on c, its labels in a column of width colW
// at the right, and returns its layout.
func (t *Tradeoff) drawPanel(c draw.Canvas, pn TradeoffPanel, names []string, colW vg.Length) panelLayout {
	var lay panelLayout
	corner := t.XBetter != Unknown && t.YBetter != Unknown
	xa, ya, ok := t.axes(pn, corner)
	plotC := c
	plotC.Max.X -= colW + px(tradeoffGutter+tradeoffMargin)
	plotC.Max.Y -= px(tradeoffGap)
	f := t.frame(plotC, pn.Title, pixels(c.Max.Y-c.Min.Y), xa, ya)
	p := f.Plot
	if !ok {
		p.HideAxes()
		f.draw(plotC)
		return lay
	}
	var under []plot.Plotter
	if corner {
		under = append(under, plotterFunc(func(dc draw.Canvas, _ *plot.Plot) { t.shadeCorner(dc) }))
	}
	under = append(under, plotter.NewGrid())
	if t.Diagonal != "" {
		under = append(under, plotterFunc(func(dc draw.Canvas, p *plot.Plot) { diagonal(dc, p, xa, ya) }))
	}
	p.Add(under...)
	f.draw(plotC)

	da := p.DataCanvas(plotC)
	lay.data = da.Rectangle
	if corner {
		lay.badge = t.drawBadge(da)
	}
	trX, trY := p.Transforms(&da)
	var ds []tradeoffDot
	for i, pt := range pn.Points {
		x, y := tame(pt.X), tame(pt.Y)
		if xa.drawable(x.Center) && ya.drawable(y.Center) {
			ds = append(ds, tradeoffDot{i: i, pt: pt, x: trX(x.Center), y: trY(y.Center), r: px(glyphRadius(pt.Size)), clr: t.colorOf(names, pt.Label)})
		}
	}
	placeLabels(ds, da.Max.Y-px(tradeoffLineH)/2, c.Min.Y+px(tradeoffLineH)/2)
	colX := c.Max.X - colW - px(tradeoffMargin)
	// Leader lines first, then whiskers, then glyphs, then labels.
	for _, d := range ds {
		da.StrokeLine2(solid(colorLeader, 0.8), d.x, d.y, colX-px(4), d.labelY)
	}
	for _, d := range ds {
		lay.points = append(lay.points, d.whiskers(da, xa, ya, trX, trY))
		lay.glyphs = append(lay.glyphs, d.r)
	}
	// The biggest glyphs first, so that smaller ones lie on top.
	for _, d := range slices.SortedStableFunc(slices.Values(ds), func(a, b tradeoffDot) int { return cmp.Compare(b.r, a.r) }) {
		da.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: d.r + px(1.2), Shape: draw.CircleGlyph{}}, vg.Point{X: d.x, Y: d.y})
		da.DrawGlyph(draw.GlyphStyle{Color: d.clr, Radius: d.r, Shape: draw.CircleGlyph{}}, vg.Point{X: d.x, Y: d.y})
	}
	for _, d := range ds {
		// On c, not da: a canvas draws no glyph outside itself.
		sw, r := d.label(c, colX, colW)
		lay.swatch = append(lay.swatch, sw)
		lay.labels = append(lay.labels, r)
		lay.owners = append(lay.owners, d.i)
	}
	return lay
}

// frame returns the figure of a panel drawn on c, its axes set; title
// is elided to fit already.
func (t *Tradeoff) frame(c draw.Canvas, title string, height float64, xa, ya tradeoffAxis) *figure {
	ylabel, xlabel := t.YLabel, t.XLabel
	if ya.log {
		ylabel += "; log scale"
	}
	if xa.log {
		xlabel += "; log scale"
	}
	f := newFigure("", ylabel)
	width := pixels(c.Max.X - c.Min.X)
	panelTitle(f, title, height)
	p := f.Plot
	f.setXLabel(elide(xlabel, p.X.Label.TextStyle, px(width-60)))
	xa.apply(&p.X, tickFormat(t.XUnit))
	ya.apply(&p.Y, tickFormat(t.YUnit))
	p.X.Tick.Marker = thinned{p.X.Tick.Marker, xa, width, p.X.Tick.Label}
	return f
}

// colorLeader is the color of the lines from points to their labels.
var colorLeader = color.RGBA{R: 0xb8, G: 0xbc, B: 0xc4, A: 0xff}

// A tradeoffDot is a point of a panel as drawn: where, how big, its
// color, and the height of its label.
type tradeoffDot struct {
	i      int // its index in the panel's points
	pt     TradeoffPoint
	x, y   vg.Length
	r      vg.Length
	clr    color.RGBA
	labelY vg.Length
}

// placeLabels sets the dots' label heights: in a column, in the order of
// the points' heights (left first at the same height), a line each,
// within [bottom, top] (see spread).
func placeLabels(ds []tradeoffDot, top, bottom vg.Length) {
	order := make([]int, len(ds))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(ds[b].y, ds[a].y); c != 0 {
			return c
		}
		return cmp.Compare(ds[a].x, ds[b].x)
	})
	want := make([]vg.Length, len(order))
	for k, j := range order {
		want[k] = ds[j].y
	}
	got := spread(want, px(tradeoffLineH), top, bottom)
	for k, j := range order {
		ds[j].labelY = got[k]
	}
}

// whiskers draws the dot's intervals on da and returns the rectangle
// they and the glyph cover.
func (d tradeoffDot) whiskers(da draw.Canvas, xa, ya tradeoffAxis, trX, trY func(float64) vg.Length) vg.Rectangle {
	x, y := tame(d.pt.X), tame(d.pt.Y)
	ws := solid(d.clr, 1.3)
	box := vg.Rectangle{Min: vg.Point{X: d.x - d.r, Y: d.y - d.r}, Max: vg.Point{X: d.x + d.r, Y: d.y + d.r}}
	capH := px(3)
	if xa.drawable(x.Lo) && xa.drawable(x.Hi) {
		x0, x1 := clampLen(trX(x.Lo), da.Min.X, da.Max.X), clampLen(trX(x.Hi), da.Min.X, da.Max.X)
		da.StrokeLine2(ws, x0, d.y, x1, d.y)
		da.StrokeLine2(ws, x0, d.y-capH, x0, d.y+capH)
		da.StrokeLine2(ws, x1, d.y-capH, x1, d.y+capH)
		box.Min.X, box.Max.X = min(box.Min.X, x0), max(box.Max.X, x1)
	}
	if ya.drawable(y.Lo) && ya.drawable(y.Hi) {
		y0, y1 := clampLen(trY(y.Lo), da.Min.Y, da.Max.Y), clampLen(trY(y.Hi), da.Min.Y, da.Max.Y)
		da.StrokeLine2(ws, d.x, y0, d.x, y1)
		da.StrokeLine2(ws, d.x-capH, y0, d.x+capH, y0)
		da.StrokeLine2(ws, d.x-capH, y1, d.x+capH, y1)
		box.Min.Y, box.Max.Y = min(box.Min.Y, y0), max(box.Max.Y, y1)
	}
	return box
}

// label writes the dot's label at colX on c, in its color after a swatch
// of it, elided to the column's width, and returns the swatch's center
// and the label's rectangle.
func (d tradeoffDot) label(c draw.Canvas, colX, colW vg.Length) (vg.Point, vg.Rectangle) {
	sty := valueStyle(d.clr)
	sw := vg.Point{X: colX + px(4), Y: d.labelY}
	c.DrawGlyph(draw.GlyphStyle{Color: d.clr, Radius: px(4), Shape: draw.CircleGlyph{}}, sw)
	txt := elide(labelText(d.pt), sty, colW-px(16))
	pt := vg.Point{X: colX + px(12), Y: d.labelY}
	c.FillText(sty, pt, txt)
	r := sty.Rectangle(txt).Add(pt)
	r.Min.X = colX
	return sw, r
}

// glyphRadius returns the glyph radius in pixels of a point whose size
// figure is s: growing with log(1+s), from 3.5 px at 0 (or unknown) to
// 14 px at 20,000 and more.
func glyphRadius(s float64) float64 {
	if !(s > 0) || !isFinite(s) {
		return 3.5
	}
	return math.Min(3.5+2.45*math.Log10(1+s), 14)
}

// spread returns positions for labels wanted at want, sorted from the
// top down (vg's y grows upward), each at least h below the one before,
// within [bottom, top] when they fit there, as near their wanted places
// as that allows.
func spread(want []vg.Length, h, top, bottom vg.Length) []vg.Length {
	got := make([]vg.Length, len(want))
	for k, w := range want {
		got[k] = min(w, top)
		if k > 0 {
			got[k] = min(got[k], got[k-1]-h)
		}
	}
	for k := len(got) - 1; k >= 0; k-- {
		lowest := bottom
		if k < len(got)-1 {
			lowest = got[k+1] + h
		}
		got[k] = max(got[k], lowest)
	}
	return got
}

func clampLen(v, lo, hi vg.Length) vg.Length { return max(lo, min(v, hi)) }

// plotterFunc draws on a plot's data canvas.
type plotterFunc func(c draw.Canvas, p *plot.Plot)

func (f plotterFunc) Plot(c draw.Canvas, p *plot.Plot) { f(c, p) }

// colorBetter shades the better corner of a Tradeoff.
var colorBetter = color.NRGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0x22}

// cornerAt returns the better corner of the data canvas and the
// directions into it from there: +1 right or up.
func (t *Tradeoff) cornerAt(c draw.Canvas) (vg.Point, vg.Length, vg.Length) {
	pt, dx, dy := c.Min, vg.Length(1), vg.Length(1)
	if t.XBetter == HigherBetter {
		pt.X, dx = c.Max.X, -1
	}
	if t.YBetter == HigherBetter {
		pt.Y, dy = c.Max.Y, -1
	}
	return pt, dx, dy
}

// shadeCorner shades the better corner of the data canvas: a triangle
// whose legs are a quarter of each side.
func (t *Tradeoff) shadeCorner(c draw.Canvas) {
	pt, dx, dy := t.cornerAt(c)
	w, h := (c.Max.X-c.Min.X)*0.28, (c.Max.Y-c.Min.Y)*0.32
	c.FillPolygon(colorBetter, []vg.Point{pt, {X: pt.X + dx*w, Y: pt.Y}, {X: pt.X, Y: pt.Y + dy*h}})
}

// drawBadge writes "better" in the better corner, with an arrow into it,
// and returns its rectangle.
func (t *Tradeoff) drawBadge(c draw.Canvas) vg.Rectangle {
	pt, dx, dy := t.cornerAt(c)
	sty := valueStyle(colorFaster)
	sty.Font.Size = px(11)
	sty.YAlign = draw.YCenter
	const word = "better"
	arrow := px(12)
	// The arrow from the word toward the corner, then the word.
	a0 := vg.Point{X: pt.X + dx*px(4), Y: pt.Y + dy*px(4)}
	a1 := vg.Point{X: a0.X + dx*arrow, Y: a0.Y + dy*arrow}
	ls := solid(colorFaster, 1.5)
	c.StrokeLine2(ls, a1.X, a1.Y, a0.X, a0.Y)
	c.StrokeLine2(ls, a0.X, a0.Y, a0.X+dx*px(6), a0.Y)
	c.StrokeLine2(ls, a0.X, a0.Y, a0.X, a0.Y+dy*px(6))
	tp := vg.Point{X: a1.X + dx*px(3), Y: a1.Y}
	sty.XAlign = draw.XLeft
	if dx < 0 {
		sty.XAlign = draw.XRight
	}
	c.FillText(sty, tp, word)
	r := sty.Rectangle(word).Add(tp)
	box := vg.Rectangle{Min: vg.Point{X: min(a0.X, r.Min.X), Y: min(a0.Y, a1.Y, r.Min.Y)}, Max: vg.Point{X: max(a0.X, r.Max.X), Y: max(a0.Y, a1.Y, r.Max.Y)}}
	return box
}

// diagonal draws the line y = x across the data canvas.
func diagonal(c draw.Canvas, p *plot.Plot, xa, ya tradeoffAxis) {
	lo, hi := math.Max(xa.min, ya.min), math.Min(xa.max, ya.max)
	if !(hi > lo) {
		return
	}
	trX, trY := p.Transforms(&c)
	var pts []vg.Point
	const n = 24 // a straight line on like axes; a curve on a log and a linear one
	for k := 0; k <= n; k++ {
		v := lo + (hi-lo)*float64(k)/n
		if xa.log && ya.log {
			v = lo * math.Pow(hi/lo, float64(k)/n)
		}
		pts = append(pts, vg.Point{X: trX(v), Y: trY(v)})
	}
	c.StrokeLines(dashed(colorNeutral, 1.2), pts)
}
