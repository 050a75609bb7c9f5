package chart

import (
	"fmt"
	"image/color"
	"io"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Tradeoff is a chart of two costs of each alternative against each
// other, such as each strategy's p99 piece latency against its time per
// run: in each panel (a group of alternatives measured together), a point
// per alternative at its two medians, with each median's interval as a
// whisker along its axis, and the glyph's size growing with a third
// figure (the goroutines it holds at its peak). Each point's label and
// numbers are written in a column right of the data, one line each, and
// a thin leader line joins the point to its label: labels never overlap,
// whatever the points do. An alternative keeps its color across panels.
//
// When both axes have a known Direction, the corner where both costs are
// better is shaded and marked "better", and the axes are padded so that
// no point or whisker lies in the mark. An axis is logarithmic when its
// values span more than TradeoffLogRange. Points that cannot be drawn (no
// value, or not positive on a log axis) are left out, and the legend says
// how many. Panels stack one above the other, at most MaxPanels.
type Tradeoff struct {
	Title, Subtitle string

	// XLabel and YLabel name the axes: "time per run (sec/op)".
	XLabel, YLabel string
	// XUnit and YUnit are the axes' units: "s" writes the ticks as times
	// (5 ms, 200 µs); anything else as plain numbers.
	XUnit, YUnit string
	// XBetter and YBetter are the axes' directions.
	XBetter, YBetter Direction

	// SizeLabel names what the glyph size shows: "peak goroutines"; ""
	// draws every glyph the same size.
	SizeLabel string

	// Diagonal, when not "", draws the line y = x, described in the
	// legend by it (the axes then share a unit).
	Diagonal string

	Panels []TradeoffPanel
}

// A TradeoffPanel is one group of alternatives.
type TradeoffPanel struct {
	Title  string
	Points []TradeoffPoint
}

// A TradeoffPoint is one alternative: its two medians with their
// intervals, and the size figure.
type TradeoffPoint struct {
	// Label names the alternative ("pool workers=8") and keeps its color
	// across panels.
	Label string
	// Text is written after the label: its numbers, such as "11.2 ms,
	// p99 9.10 ms, 8 goroutines".
	Text string

	X, Y Interval

	// Size is the figure the glyph's size shows, 0 or more; NaN when
	// unknown (the smallest glyph).
	Size float64
}

// TradeoffLogRange is the ratio of the largest to the smallest value of
// an axis of a Tradeoff above which it is logarithmic: a strategy 10×
// faster than another is then as far from it as one 10× slower.
const TradeoffLogRange = 3

const (
	tradeoffLineH   = 16  // pixels between two labels
	tradeoffMinH    = 280 // the least height of a panel
	tradeoffChromeH = 96  // a panel's title, x axis and padding
	tradeoffGutter  = 36  // between the data area and the labels
	tradeoffMargin  = 10  // right of the labels
	tradeoffGap     = 14  // above a panel
	tradeoffMinCol  = 220 // the label column's width, least and most
	tradeoffMaxCol  = 430
	cornerFrac      = 0.11 // of an axis kept free at its better end
)

// Size returns the image size in pixels.
func (t *Tradeoff) Size() (w, h int) {
	h = headerHeightOf(t.Title, t.Subtitle) + legendHeight(t.legend())
	for _, p := range t.shownPanels() {
		h += t.panelHeight(p)
	}
	return Width, h
}

// WritePNG draws the chart and writes it to w as PNG.
func (t *Tradeoff) WritePNG(w io.Writer) error {
	width, height := t.Size()
	return render(w, width, height, func(dc draw.Canvas) error {
		t.draw(dc)
		return nil
	})
}

func (t *Tradeoff) shownPanels() []TradeoffPanel {
	return t.Panels[:min(len(t.Panels), MaxPanels)]
}

// panelHeight returns the pixel height of a panel: room for its labels.
func (t *Tradeoff) panelHeight(p TradeoffPanel) int {
	return max(tradeoffMinH, len(p.Points)*tradeoffLineH+tradeoffChromeH)
}

// tradeoffLayout records where a Tradeoff put things, for tests.
type tradeoffLayout struct {
	canvas vg.Rectangle
	panels []panelLayout
}

type panelLayout struct {
	data   vg.Rectangle
	badge  vg.Rectangle   // the "better" mark; empty without one
	labels []vg.Rectangle // each drawn point's label, in the order of points
	owners []int          // the point of each label
	swatch []vg.Point     // the center of each label's color swatch
	points []vg.Rectangle // each drawn point's glyph and whiskers
	glyphs []vg.Length    // each drawn point's glyph radius
}

// names returns the distinct labels in order of appearance, which gives
// each its color.
func (t *Tradeoff) names() []string {
	var names []string
	for _, p := range t.shownPanels() {
		for _, pt := range p.Points {
			if !slices.Contains(names, pt.Label) {
				names = append(names, pt.Label)
			}
		}
	}
	return names
}

// colorOf returns the color of the alternative named label: a color of
// the palette darkened to a shade that reads as text, as its label is
// written in it. (A label of its color also keeps the color in the PNG:
// its palette of 256 colors keeps the most frequent, and the text's many
// anti-aliased grays would outnumber a small glyph's color.)
func (t *Tradeoff) colorOf(names []string, label string) color.RGBA {
	c := palette[max(slices.Index(names, label), 0)%len(palette)]
	const k = 0.75
	return color.RGBA{R: uint8(float64(c.R) * k), G: uint8(float64(c.G) * k), B: uint8(float64(c.B) * k), A: 0xff}
}

// labelText is what a point's label line says.
func labelText(pt TradeoffPoint) string {
	if pt.Text == "" {
		return pt.Label
	}
	return pt.Label + ": " + pt.Text
}

// columnWidth returns the pixel width of the label column.
func (t *Tradeoff) columnWidth() float64 {
	w := 0.0
	sty := valueStyle(color.Black)
	for _, p := range t.shownPanels() {
		for _, pt := range p.Points {
			w = max(w, float64(sty.Width(printable(labelText(pt))))*DPI/72)
		}
	}
	return min(max(w+24, tradeoffMinCol), tradeoffMaxCol)
}

func (t *Tradeoff) draw(dc draw.Canvas) *tradeoffLayout {
	lay := &tradeoffLayout{canvas: dc.Rectangle}
	dc = header(dc, t.Title, t.Subtitle)
	dc = footer(dc, t.legend())
	names := t.names()
	colW := px(t.columnWidth())
	panels := t.shownPanels()
	var titles []string
	for _, p := range panels {
		titles = append(titles, p.Title)
	}
	titles = elideAll(titles, newPlot("").Title.TextStyle, dc.Max.X-dc.Min.X-colW-px(tradeoffGutter+tradeoffMargin+16))
	top := dc.Max.Y
	for i, p := range panels {
		h := px(float64(t.panelHeight(p)))
		c := dc
		c.Max.Y, c.Min.Y = top, top-h
		top -= h
		p.Title = titles[i]
		lay.panels = append(lay.panels, t.drawPanel(c, p, names, colW))
	}
	return lay
}

func (t *Tradeoff) legend() []legendEntry {
	var e []legendEntry
	total, drawn := 0, 0
	for _, p := range t.shownPanels() {
		total += len(p.Points)
		drawn += drawablePoints(t, p)
	}
	if total == 0 {
		return []legendEntry{{"nothing to draw: no points", nil}}
	}
	if t.SizeLabel != "" {
		e = append(e, legendEntry{"glyph size: " + t.SizeLabel + " (grows with its log)", []plot.Thumbnailer{
			glyphThumb(draw.GlyphStyle{Color: colorRef, Radius: px(glyphRadius(1)), Shape: draw.CircleGlyph{}}, false),
			glyphThumb(draw.GlyphStyle{Color: colorRef, Radius: px(glyphRadius(1000)), Shape: draw.CircleGlyph{}}, false),
		}})
	}
	e = append(e, legendEntry{"whiskers: each median's interval, on both axes", []plot.Thumbnailer{glyphThumb(draw.GlyphStyle{Color: colorRef, Radius: px(4), Shape: draw.CircleGlyph{}}, true)}})
	if t.XBetter != Unknown && t.YBetter != Unknown {
		e = append(e, legendEntry{"shaded corner: better on both axes", []plot.Thumbnailer{boxThumb(colorBetter)}})
	}
	if t.Diagonal != "" {
		e = append(e, legendEntry{t.Diagonal, []plot.Thumbnailer{lineThumb(dashed(colorNeutral, 1.2))}})
	}
	e = append(e, legendEntry{"each point is named, with its numbers, at the right", nil})
	if n := total - drawn; n > 0 {
		e = append(e, legendEntry{fmt.Sprintf("%d %s not be drawn (no value, or not positive on a log axis)", n, plural(n, "point could", "points could")), nil})
	}
	if n := len(t.Panels) - MaxPanels; n > 0 {
		e = append(e, legendEntry{fmt.Sprintf("… and %d more %s not shown", n, plural(n, "panel")), nil})
	}
	return e
}

// drawablePoints counts the points of a panel that its axes can draw.
func drawablePoints(t *Tradeoff, p TradeoffPanel) int {
	xa, ya, ok := t.axes(p, false)
	if !ok {
		return 0
	}
	n := 0
	for _, pt := range p.Points {
		if xa.drawable(tame(pt.X).Center) && ya.drawable(tame(pt.Y).Center) {
			n++
		}
	}
	return n
}

// axes returns the axes of a panel (see newTradeoffAxis), and false when
// no point has both values.
func (t *Tradeoff) axes(pn TradeoffPanel, corner bool) (xa, ya tradeoffAxis, ok bool) {
	var xc, xe, yc, ye []float64
	for _, pt := range pn.Points {
		x, y := tame(pt.X), tame(pt.Y)
		if isFinite(x.Center) && isFinite(y.Center) {
			xc, yc = append(xc, x.Center), append(yc, y.Center)
			xe, ye = append(xe, x.Lo, x.Hi), append(ye, y.Lo, y.Hi)
		}
	}
	xa, okX := newTradeoffAxis(xc, xe, t.XBetter, corner)
	ya, okY := newTradeoffAxis(yc, ye, t.YBetter, corner)
	return xa, ya, okX && okY
}
