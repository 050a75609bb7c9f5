package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A legendEntry is a label with the thumbnails that draw its look.
type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

// legendCell is the placement of one legend entry: its column and line,
// and whether it spans the full width.
type legendCell struct {
	col, line int
	wide      bool
}

// legendLayout places the footer's entries: those that fit half the
// image in two columns, filled column by column, and the wider ones each
// on a full-width line below them. It returns the cells and the number of
// lines.
func legendLayout(entries []legendEntry) ([]legendCell, int) {
	sty := legendStyle()
	fits := func(e legendEntry) bool { return px(48)+sty.Width(e.label) <= px(Width/2-30) }
	var narrow int
	for _, e := range entries {
		if fits(e) {
			narrow++
		}
	}
	rows := (narrow + 1) / 2
	cells := make([]legendCell, len(entries))
	k, line := 0, rows
	for i, e := range entries {
		if fits(e) {
			cells[i] = legendCell{col: k / max(rows, 1), line: k % max(rows, 1)}
			k++
			continue
		}
		cells[i] = legendCell{line: line, wide: true}
		line++
	}
	return cells, line
}

// legendHeight is the height in pixels of the footer legend.
func legendHeight(entries []legendEntry) int {
	if len(entries) == 0 {
		return 0
	}
	_, lines := legendLayout(entries)
	return 16 + 20*lines
}

// footer draws the legend entries along the bottom of dc (see
// legendLayout) and returns the canvas above them.
func footer(dc draw.Canvas, entries []legendEntry) draw.Canvas {
	h := legendHeight(entries)
	if h == 0 {
		return dc
	}
	cells, _ := legendLayout(entries)
	full := dc.Max.X - dc.Min.X - px(40)
	for i, e := range entries {
		c := cells[i]
		colW := full / 2
		if c.wide {
			colW = full
		}
		l := plot.NewLegend()
		l.TextStyle = legendStyle()
		l.Top, l.Left = true, true
		l.ThumbnailWidth = px(28)
		l.Add(elide(e.label, l.TextStyle, colW-px(48)), e.thumbs...)
		x0 := dc.Min.X + px(20) + vg.Length(c.col)*full/2
		y1 := dc.Min.Y + px(float64(h)) - px(8) - px(float64(20*c.line))
		cell := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x0, Y: y1 - px(18)},
			Max: vg.Point{X: x0 + colW, Y: y1},
		}}
		l.Draw(cell)
	}
	dc.Min.Y += px(float64(h))
	return dc
}

func legendStyle() text.Style {
	return text.Style{Font: font.From(sans, 11), Handler: plot.DefaultTextHandler}
}

// thumb draws a legend thumbnail with a function.
type thumb func(c *draw.Canvas)

func (t thumb) Thumbnail(c *draw.Canvas) { t(c) }

// lineThumb is a horizontal line in the style.
func lineThumb(sty draw.LineStyle) thumb {
	return func(c *draw.Canvas) {
		y := c.Center().Y
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// boxThumb is a filled box.
func boxThumb(clr color.Color) thumb {
	return func(c *draw.Canvas) {
		r := vg.Rectangle{Min: vg.Point{X: c.Min.X + px(4), Y: c.Min.Y + px(2)}, Max: vg.Point{X: c.Max.X - px(4), Y: c.Max.Y - px(2)}}
		c.FillPolygon(clr, []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}})
	}
}

// glyphThumb is a glyph with a horizontal error bar through it.
func glyphThumb(g draw.GlyphStyle, bar bool) thumb {
	return func(c *draw.Canvas) {
		ctr := c.Center()
		if bar {
			sty := draw.LineStyle{Color: g.Color, Width: px(1.5)}
			c.StrokeLine2(sty, c.Min.X+px(2), ctr.Y, c.Max.X-px(2), ctr.Y)
		}
		c.DrawGlyph(g, ctr)
	}
}

func dashed(clr color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: clr, Width: px(width), Dashes: []vg.Length{px(6), px(4)}}
}

func solid(clr color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: clr, Width: px(width)}
}
