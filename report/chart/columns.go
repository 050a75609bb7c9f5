package chart

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file tells the columns of a Ratios chart apart and counts the
// lines its rows take.

// linesPerRow returns the lines a row of the chart takes on average,
// rounded up: its points, one line each. A row has a point only for the
// columns that have its benchmark (the suite's IO tail group has 2 of 9
// strategies), so the chart's room (maxLines) goes by the points the rows
// have rather than by the columns.
func (r *Ratios) linesPerRow() int {
	if len(r.Rows) == 0 {
		return max(1, len(r.Cols)-1)
	}
	n := 0
	for _, row := range r.Rows {
		n += max(len(row.Points), 1)
	}
	return (n + len(r.Rows) - 1) / len(r.Rows)
}

// shapesNote says in the legend how the columns' glyphs tell them apart,
// the columns being noun: "column", "strategy", "sub-benchmark".
func shapesNote(cols int, noun string) string {
	if cols > len(filledGlyphs) {
		nouns := noun + "s"
		if strings.HasSuffix(noun, "y") {
			nouns = strings.TrimSuffix(noun, "y") + "ies" // strategies
		}
		return fmt.Sprintf("glyph shapes repeat after %d %s: each value is named at right", len(filledGlyphs), nouns)
	}
	return "a glyph shape per " + noun + ", named with each value at right"
}

// More glyph shapes for the columns of a dot chart: with the circle,
// square, triangles, diamond, pentagon, hexagon and star, twelve shapes,
// so that the suite's IO strategies (nine besides sequential) each have
// their own.

// crossGlyph is a plus sign with arms a third of its width wide, turned
// by rot radians (π/4: a saltire), filled or hollow.
type crossGlyph struct {
	rot  float64
	fill bool
}

func (g crossGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r, a := float64(sty.Radius)*1.25, float64(sty.Radius)*0.42
	// The outline of a plus, corner by corner, counterclockwise.
	outline := [][2]float64{{a, a}, {a, r}, {-a, r}, {-a, a}, {-r, a}, {-r, -a}, {-a, -a}, {-a, -r}, {a, -r}, {a, -a}, {r, -a}, {r, a}}
	sin, cos := math.Sincos(g.rot)
	var pts []vg.Point
	for _, p := range outline {
		pts = append(pts, vg.Point{X: pt.X + vg.Length(p[0]*cos-p[1]*sin), Y: pt.Y + vg.Length(p[0]*sin+p[1]*cos)})
	}
	fillOrStroke(c, sty.Color, pts, g.fill)
}

// bowtieGlyph is an hourglass: two triangles tip to tip, filled or
// hollow.
type bowtieGlyph struct{ fill bool }

func (g bowtieGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.1
	pts := []vg.Point{{X: pt.X - r, Y: pt.Y + r}, {X: pt.X + r, Y: pt.Y + r}, pt, {X: pt.X + r, Y: pt.Y - r}, {X: pt.X - r, Y: pt.Y - r}, pt}
	fillOrStroke(c, sty.Color, pts, g.fill)
}

// halfGlyph is a half disc, its flat side down, filled or hollow.
type halfGlyph struct{ fill bool }

func (g halfGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := float64(sty.Radius) * 1.25
	y0 := pt.Y - vg.Length(r*0.4)
	var pts []vg.Point
	for k := 0; k <= 12; k++ {
		a := math.Pi * float64(k) / 12
		pts = append(pts, vg.Point{X: pt.X + vg.Length(r*math.Cos(a)), Y: y0 + vg.Length(r*math.Sin(a))})
	}
	fillOrStroke(c, sty.Color, pts, g.fill)
}
