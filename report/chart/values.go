package chart

import (
	"fmt"
	"io"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// Values is a chart of each row's value with its interval, for a table
// with nothing to compare its values with (one column): a band per row
// (a workload), a line per column (an alternative, with its own glyph
// shape), the value as a glyph with its interval as a whisker on one
// value axis, and written right of the data area. The axis is
// logarithmic when the values are positive and span more than LogRange.
// The unit's direction is said under the axis. Of more than MaxRows
// bands (DefaultMaxRows when 0) the first are drawn, as given, and the
// chart says how many more there are.
type Values struct {
	Title, Subtitle string
	Unit            string    // such as "sec/op"
	Better          Direction // said on the axis when known
	Cols            []string  // the columns' names; with one column, none is written
	ColNoun         string    // what a column is, for the legend: "sub-benchmark"; "column" when empty
	Rows            []ValueRow

	// Format writes a value (as the table does: "1.25µ"); nil writes it
	// compactly.
	Format func(float64) string

	// Interval says what the whiskers are, in the legend: "the 95%
	// interval of the median" when "".
	Interval string

	// MaxRows bounds the bands drawn; 0 means DefaultMaxRows.
	MaxRows int
}

// maxValueLines bounds the lines (rows × columns) of a Values chart: the
// table below it holds every value, the chart shows their spread.
const maxValueLines = 24

// A ValueRow is one band of a Values chart.
type ValueRow struct {
	Label  string
	Points []ValuePoint
}

// A ValuePoint is one column's value in a band; Col indexes Values.Cols.
type ValuePoint struct {
	Col   int
	Value Interval
}

// Size returns the image size in pixels.
func (v *Values) Size() (w, h int) { return v.framed().size() }

// WritePNG draws the chart and writes it to w as PNG.
func (v *Values) WritePNG(w io.Writer) error { return v.framed().writePNG(w) }

func (v *Values) draw(dc draw.Canvas) *dotLayout { return v.framed().draw(dc) }

func (v *Values) framed() framed {
	d := v.dots()
	return framed{v.Title, v.Subtitle, d, v.legend(d)}
}

// shown returns the rows to draw and how many are left out.
func (v *Values) shown() ([]ValueRow, int) {
	n := v.MaxRows
	if n <= 0 {
		n = DefaultMaxRows
	}
	n = max(1, min(n, maxValueLines/max(1, len(v.Cols))))
	if len(v.Rows) <= n {
		return v.Rows, 0
	}
	return v.Rows[:n], len(v.Rows) - n
}

func (v *Values) format(x float64) string {
	if v.Format != nil {
		return v.Format(x)
	}
	return compactNumber(x)
}

// dots returns the chart's bands and axis.
func (v *Values) dots() *dotChart {
	shown, _ := v.shown()
	var centers, extents []float64
	var rows []dotRow
	cols := elideAll(v.Cols, valueStyle(colorRef), px(colNameW))
	for _, r := range shown {
		dr := dotRow{name: strings.ReplaceAll(r.Label, "\n", " ")}
		for _, p := range r.Points {
			iv := tame(p.Value)
			l := dotLine{v: iv.Center, lo: iv.Lo, hi: iv.Hi, sig: true, shape: max(p.Col, 0), text: v.valueText(iv)}
			if len(v.Cols) > 1 && p.Col >= 0 && p.Col < len(cols) {
				l.text = cols[p.Col] + ": " + l.text
			}
			centers = append(centers, iv.Center)
			if iv.finite() {
				extents = append(extents, iv.Lo, iv.Hi)
			}
			dr.lines = append(dr.lines, l)
		}
		rows = append(rows, dr)
	}
	d := &dotChart{rows: rows, noRef: true}
	d.axis = newValueAxis(centers, extents)
	d.axis.values, d.axis.unit = true, v.Unit
	d.tickLabel = compactNumber
	d.xlabel = v.Unit
	if v.Better != Unknown {
		d.xlabel += "; " + v.Better.String()
	}
	if d.axis.log {
		d.xlabel += "; log scale"
	}
	return d
}

// valueText writes a value and its interval: "1.25µ (1.20µ–1.31µ)", or
// "1.25µ (no interval)".
func (v *Values) valueText(iv Interval) string {
	switch {
	case !isFinite(iv.Center):
		return "no value"
	case !iv.finite():
		return v.format(iv.Center) + " (no interval)"
	}
	return fmt.Sprintf("%s (%s–%s)", v.format(iv.Center), v.format(iv.Lo), v.format(iv.Hi))
}

func (v *Values) legend(d *dotChart) []legendEntry {
	if len(d.rows) == 0 {
		return []legendEntry{{"nothing to draw: no rows", nil}}
	}
	g := func(shape int) plot.Thumbnailer {
		return glyphThumb(draw.GlyphStyle{Color: colorBar, Radius: px(5), Shape: glyphOf(shape, true)}, true)
	}
	iv := v.Interval
	if iv == "" {
		iv = "the 95% interval of the median"
	}
	e := []legendEntry{{"median; whiskers: " + iv, []plot.Thumbnailer{g(0)}}}
	if n := len(v.Cols); n > 1 && n <= 4 {
		cols := elideAll(v.Cols, legendStyle(), px(Width/2-140))
		for i := range v.Cols {
			e = append(e, legendEntry{cols[i], []plot.Thumbnailer{g(i)}})
		}
	} else if n > 4 {
		noun := v.ColNoun
		if noun == "" {
			noun = "column"
		}
		e = append(e, legendEntry{shapesNote(n, noun), nil})
	}
	if note := undrawn(d.rows); note != "" {
		e = append(e, legendEntry{note, nil})
	}
	if _, more := v.shown(); more > 0 {
		e = append(e, legendEntry{fmt.Sprintf("… and %d more %s, in the table", more, plural(more, "row")), nil})
	}
	return e
}
