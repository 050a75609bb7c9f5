package chart

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/concbench/concbench/internal/text"
)

// Ratios is the chart of one benchmark table against a reference
// column: for each row (benchmark), each other column's value relative to
// the reference, as "better by" (a speedup for a time), with its
// interval as a whisker, and the reference as a line at 1×.
//
// Ratios are given as measured, col/ref, and drawn oriented by Better:
// ref/col for LowerBetter units (a speedup), col/ref for HigherBetter
// ones, so that right of 1× is better either way; with Unknown direction
// they are drawn as col/ref in neutral colors. Significant changes are
// filled, green when better and red when worse; others are hollow and
// gray. Each column has its own glyph shape. Every value is written
// right of the data area, on its own line, with its interval or "no
// interval".
//
// The axis is logarithmic when its range spans more than LogRange; one
// change far larger than the rest is drawn as an arrow at the axis edge
// rather than let it flatten every other row. Of more than MaxRows rows
// (DefaultMaxRows when 0) the chart draws, in their given order, the
// Reference rows, then the rows with a significant change, largest
// first, then the largest of the others, and says how many it left out:
// a row that did not change never takes the place of one that did.
type Ratios struct {
	Title, Subtitle string
	Unit            string    // the unit of the values, such as "sec/op" or "B/s"
	Better          Direction // the unit's
	Ref             string    // the reference column's label, one of Cols
	Cols            []string  // every column's label, the reference's too
	Rows            []RatioRow

	// LimitLabel describes the rows' limits in the legend, such as
	// "limit: all requests in one round trip".
	LimitLabel string

	// MaxRows bounds the rows drawn; 0 means DefaultMaxRows.
	MaxRows int
	// Ranked prefers rows in their given order, rather than by the size
	// of their change, among rows alike in significance.
	Ranked bool

	// ColNoun is what a column is, for the legend: "strategy"; "column"
	// when empty.
	ColNoun string

	// ShapeByIndex gives each column the glyph of its index in Cols, the
	// reference's left unused, as a Values chart of the same columns
	// does, for a chart drawn beside one; else the columns other than
	// the reference take the glyphs in order, from the first.
	ShapeByIndex bool

	// Notes are lines the legend ends with: what the chart left out and
	// why ("1 of 2 workloads without sequential not compared").
	Notes []string

	// Alpha, when set, is the level each point was tested at, alone: the
	// legend says how many points of a large chart chance alone would
	// fill if nothing had changed.
	Alpha float64
}

// chanceMin is the number of tested points from which a chart's legend
// says how many chance alone would fill.
const chanceMin = 20

// A RatioRow is one benchmark of a Ratios chart.
type RatioRow struct {
	Label  string
	Points []RatioPoint

	// Limit is a bound on the ratio col/ref, in the same terms as Ratio
	// (for a time, 1/150 is a speedup of at most 150×), drawn as a dashed
	// line across the row; 0 draws none.
	Limit float64

	// Reference marks a row the chart always draws, such as the
	// baseline's own row.
	Reference bool
}

// A RatioPoint is one column's value relative to the reference: col/ref
// with its interval [Lo, Hi]; Col indexes Ratios.Cols. Lo and Hi may be infinite or NaN when there
// is no interval (too few samples).
type RatioPoint struct {
	Col           int
	Ratio, Lo, Hi float64
	Significant   bool
}

// colNameW is the widest column name before a value, in pixels.
const colNameW = 170

// DefaultMaxRows is the number of rows a Ratios or Compare chart draws
// when its MaxRows is 0.
const DefaultMaxRows = 30

// maxLines bounds the lines (a line per point of a row) of a Ratios
// chart, so that a table of many columns draws fewer rows.
const maxLines = 40

// Size returns the image size in pixels.
func (r *Ratios) Size() (w, h int) { return r.framed().size() }

// WritePNG draws the chart and writes it to w as PNG.
func (r *Ratios) WritePNG(w io.Writer) error { return r.framed().writePNG(w) }

func (r *Ratios) draw(dc draw.Canvas) *dotLayout { return r.framed().draw(dc) }

func (r *Ratios) framed() framed {
	rows, ax := r.dots()
	d := &dotChart{rows: rows, axis: ax, tickLabel: timesLabel}
	d.xlabel = ratioAxisLabel(r.Better, shorten(r.Ref, 40))
	if r.Unit != "" {
		d.xlabel += " (" + r.Unit + ")"
	}
	if ax.log {
		d.xlabel += "; log scale"
	}
	return framed{r.Title, r.Subtitle, d, r.legend()}
}

// maxRows returns how many rows the chart draws.
func (r *Ratios) maxRows() int {
	n := r.MaxRows
	if n <= 0 {
		n = DefaultMaxRows
	}
	return max(1, min(n, maxLines/r.linesPerRow()))
}

// shown returns the rows to draw and how many are left out.
func (r *Ratios) shown() ([]RatioRow, int) {
	n := r.maxRows()
	if len(r.Rows) <= n {
		return r.Rows, 0
	}
	return topRows(r.Rows, n, r.rank), len(r.Rows) - n
}

// Drawn returns the indexes of the rows the chart draws, in order: a
// caller may leave out the intervals of the others, which are not drawn.
func (r *Ratios) Drawn() []int {
	return topIndexes(r.Rows, r.maxRows(), r.rank)
}

// rank is how much a row matters (see shown).
func (r *Ratios) rank(row RatioRow) rank {
	k := rank{keep: row.Reference, size: -1}
	for _, p := range row.Points {
		if !p.Significant && k.sig {
			continue
		}
		if p.Significant && !k.sig {
			k.sig, k.size = true, -1 // the size of its significant changes
		}
		size := logSize(p.Ratio)
		if edge, _ := zeroEdge(p.Ratio, r.Better); edge != 0 {
			size = math.Inf(1) // a median of 0, drawn as an arrow: the largest change
		}
		k.size = math.Max(k.size, size)
	}
	if r.Ranked {
		k.size = 0
	}
	return k
}

// A rank is how much a row matters when a chart has room for only some:
// rows to keep first, then the significant ones, each group by the size
// of its change.
type rank struct {
	keep, sig bool
	size      float64 // |log ratio| of the largest change; -1 for none
}

func (a rank) cmp(b rank) int {
	switch {
	case a.keep != b.keep:
		return boolCmp(a.keep, b.keep)
	case a.sig != b.sig:
		return boolCmp(a.sig, b.sig)
	}
	return cmpFloat(a.size, b.size)
}

func boolCmp(a, b bool) int {
	if a {
		return 1
	}
	return -1
}

// logSize is |log r|, the size of a change as a ratio; -1 when r cannot
// be drawn.
func logSize(r float64) float64 {
	if r = tameRatio(r); !isFinite(r) {
		return -1
	}
	return math.Abs(math.Log(r))
}

// topRows returns the n rows of highest rank, in their given order; rows
// of equal rank are taken in their given order.
func topRows[T any](rows []T, n int, score func(T) rank) []T {
	idx := topIndexes(rows, n, score)
	out := make([]T, len(idx))
	for i, k := range idx {
		out[i] = rows[k]
	}
	return out
}

// topIndexes returns the indexes of topRows, in order.
func topIndexes[T any](rows []T, n int, score func(T) rank) []int {
	idx := make([]int, len(rows))
	ranks := make([]rank, len(rows))
	for i := range rows {
		idx[i], ranks[i] = i, score(rows[i])
	}
	slices.SortStableFunc(idx, func(a, b int) int { return ranks[b].cmp(ranks[a]) })
	idx = idx[:min(n, len(idx))]
	slices.Sort(idx)
	return idx
}

// dots returns the bands to draw and their axis.
func (r *Ratios) dots() ([]dotRow, ratioAxis) {
	shown, _ := r.shown()
	var centers, extents []float64
	rows := make([]dotRow, 0, len(shown))
	many := len(r.Cols) > 2 // several columns besides the reference: name them
	anyEdge := false
	cols := elideAll(r.Cols, valueStyle(colorRef), px(colNameW))
	for _, row := range shown {
		dr := dotRow{name: strings.ReplaceAll(row.Label, "\n", " ")}
		if row.Limit > 0 && isFinite(row.Limit) {
			dr.limit, _, _ = orient(row.Limit, row.Limit, row.Limit, r.Better)
			extents = append(extents, dr.limit)
		}
		for _, p := range row.Points {
			v, lo, hi := orient(tameRatio(p.Ratio), tameRatio(p.Lo), tameRatio(p.Hi), r.Better)
			l := dotLine{v: v, lo: lo, hi: hi, sig: p.Significant, shape: r.shape(p.Col)}
			l.verdict = judge(v, p.Significant, r.Better)
			l.text = ratioText(v, lo, hi)
			if edge, why := zeroEdge(p.Ratio, r.Better); edge != 0 {
				l.edge, l.v, l.lo, l.hi = edge, math.NaN(), math.NaN(), math.NaN()
				l.verdict = neutral
				if p.Significant && r.Better != Unknown {
					l.verdict = better
					if edge < 0 {
						l.verdict = worse
					}
				}
				l.text = "∞× (" + why + ")"
				if edge < 0 {
					l.text = "0× (" + why + ")"
				}
				anyEdge = true
			}
			if many && p.Col >= 0 && p.Col < len(r.Cols) {
				l.text = cols[p.Col] + ": " + l.text
			}
			if l.edge == 0 { // an arrow's bounds would stretch the axis it stands outside of
				centers = append(centers, v)
				extents = append(extents, lo, hi)
			}
			dr.lines = append(dr.lines, l)
		}
		rows = append(rows, dr)
	}
	if anyEdge {
		// Room beyond the drawn values, so that an arrow at the edge is
		// not read as a value of the axis (the 1× of a table of zeros).
		lo, hi := 1.0, 1.0
		for _, v := range slices.Concat(centers, extents) {
			if isFinite(v) && v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		extents = append(extents, lo/1.25, hi*1.25)
	}
	ax := newRatioAxis(centers, extents)
	ax.capped = ax.capped || anyEdge
	return rows, ax
}

// zeroEdge tells a ratio that a median of 0 makes 0 or infinite (0 B/op
// against 18 KiB, 1 alloc/op against 0), which no axis holds: the edge
// of the axis it is drawn at, +1 right (better by ∞ when lower is
// better), -1 left, and why; 0 for any other ratio.
func zeroEdge(ratio float64, dir Direction) (edge int, why string) {
	switch {
	case ratio == 0:
		edge, why = 1, "a median of 0"
	case math.IsInf(ratio, 1):
		edge, why = -1, "against a median of 0"
	default:
		return 0, ""
	}
	if dir != LowerBetter {
		edge = -edge
	}
	return edge, why
}

// shape returns the glyph of column col: the columns other than the
// reference, in order (or by index: see ShapeByIndex).
func (r *Ratios) shape(col int) int {
	if ref := slices.Index(r.Cols, r.Ref); !r.ShapeByIndex && ref >= 0 && ref < col {
		return col - 1
	}
	return max(col, 0)
}

// tameRatio returns v, or NaN when it is out of the bounds a chart draws.
func tameRatio(v float64) float64 {
	if !isFinite(v) || v <= 0 || v > maxMagnitude || v < 1/maxMagnitude {
		return math.NaN()
	}
	return v
}

// ratioText writes a drawn ratio and its interval: "1.23× (1.10–1.40)",
// "1.23× (no interval)", "no value".
func ratioText(v, lo, hi float64) string {
	if !isFinite(v) {
		return "no value"
	}
	if !isFinite(lo) || !isFinite(hi) {
		return times(v) + " (no interval)"
	}
	// Enough digits that a bound near 1 shows its side of 1: a significant
	// 0.998× (0.996–0.999×) is not printed 1.00× (1.00–1.00×).
	d := 2
	for ; d < 6; d++ {
		if !looksOne(lo, d) && !looksOne(hi, d) {
			break
		}
	}
	return fmt.Sprintf("%s (%s–%s)", timesDigits(v, d), strings.TrimSuffix(timesDigits(lo, d), "×"), timesDigits(hi, d))
}

// looksOne reports whether x, not 1, prints as 1 with d decimals.
func looksOne(x float64, d int) bool {
	return x != 1 && fmt.Sprintf("%.*f", d, x) == fmt.Sprintf("%.*f", d, 1.0)
}

// timesDigits is times with d decimals for a ratio between 0.01 and 10.
func timesDigits(v float64, d int) string {
	if d == 2 || v >= 10 || v < 0.01 {
		return times(v)
	}
	return fmt.Sprintf("%.*f×", d, v)
}

func (r *Ratios) legend() []legendEntry {
	var e []legendEntry
	g := func(shape int, clr colorRGBA, filled bool) plot.Thumbnailer {
		return glyphThumb(draw.GlyphStyle{Color: clr, Radius: px(5), Shape: glyphOf(shape, filled)}, true)
	}
	rows, ax := r.dots()
	if len(rows) == 0 {
		return []legendEntry{{"nothing to draw: no rows", nil}}
	}
	shown, more := r.shown()
	seen := make(map[verdict]bool)
	sigNeutral := false
	for _, row := range rows {
		for _, l := range row.lines {
			if !isFinite(l.v) {
				continue // "no value": drawn as nothing, so in no legend entry
			}
			seen[l.verdict] = true
			sigNeutral = sigNeutral || (l.verdict == neutral && l.sig)
		}
	}
	if seen[better] {
		e = append(e, legendEntry{"better, significant", []plot.Thumbnailer{g(0, colorFaster, true)}})
	}
	if seen[worse] {
		e = append(e, legendEntry{"worse, significant", []plot.Thumbnailer{g(0, colorSlower, true)}})
	}
	switch {
	case sigNeutral && r.Better == Unknown:
		e = append(e, legendEntry{"significant difference (direction of the unit unknown)", []plot.Thumbnailer{g(0, colorBar, true)}})
	case sigNeutral:
		// A known direction: only a ratio of exactly 1 is neither better
		// nor worse, and only a unit assumed exact calls it a difference.
		e = append(e, legendEntry{"no change, yet not ~ (the unit is assumed exact)", []plot.Thumbnailer{g(0, colorBar, true)}})
	}
	e = append(e, legendEntry{"no significant difference (~)", []plot.Thumbnailer{g(0, colorNeutral, false)}})
	switch n := len(r.Cols) - 1; {
	case n > 4:
		noun := r.ColNoun
		if noun == "" {
			noun = "column"
		}
		e = append(e, legendEntry{shapesNote(n, noun), nil})
	case n > 1:
		cols := elideAll(r.Cols, legendStyle(), px(Width/2-140))
		var absent []string
		for i, c := range r.Cols {
			if c == r.Ref {
				continue
			}
			// a column with no point in the rows drawn is named as such,
			// not given a glyph nothing in the chart has
			if !slices.ContainsFunc(shown, func(row RatioRow) bool {
				return slices.ContainsFunc(row.Points, func(p RatioPoint) bool {
					edge, _ := zeroEdge(p.Ratio, r.Better)
					return p.Col == i && (isFinite(p.Ratio) || edge != 0)
				})
			}) {
				absent = append(absent, cols[i])
				continue
			}
			e = append(e, legendEntry{"column " + cols[i], []plot.Thumbnailer{g(r.shape(i), colorLimit, true)}})
		}
		if len(absent) > 0 {
			e = append(e, legendEntry{"no point drawn: " + strings.Join(absent, ", "), nil})
		}
	}
	e = append(e, legendEntry{"reference " + shorten(r.Ref, 40) + " = 1×; whiskers: interval of the ratio", []plot.Thumbnailer{lineThumb(solid(colorRef, 1.2))}})
	for _, row := range r.Rows {
		if row.Limit > 0 && isFinite(row.Limit) {
			lbl := r.LimitLabel
			if lbl == "" {
				lbl = "limit"
			}
			e = append(e, legendEntry{lbl, []plot.Thumbnailer{lineThumb(dashed(colorLimit, 1.5))}})
			break
		}
	}
	if ax.capped {
		e = append(e, legendEntry{"beyond the axis: drawn at its edge, value written at right", []plot.Thumbnailer{glyphThumb(draw.GlyphStyle{Color: colorLimit, Radius: px(6), Shape: arrowGlyph{right: true}}, false)}})
	}
	if note := undrawn(rows); note != "" {
		e = append(e, legendEntry{note, nil})
	}
	for _, n := range r.Notes {
		e = append(e, legendEntry{n, nil})
	}
	if n := r.tested(); r.Alpha > 0 && n >= chanceMin {
		e = append(e, legendEntry{fmt.Sprintf("each point tested alone at α = %.2g: were nothing changed, about %.0f of these %d would be filled by chance", r.Alpha, r.Alpha*float64(n), n), nil})
	}
	if more > 0 {
		sig := func(row RatioRow) bool {
			return slices.ContainsFunc(row.Points, func(p RatioPoint) bool { return p.Significant })
		}
		e = append(e, legendEntry{leftOut(more, count(r.Rows, sig)-count(shown, sig), "row"), nil})
	}
	return e
}

// tested counts the points of every row, drawn or not, that have a
// value: each one a test.
func (r *Ratios) tested() int {
	n, ref := 0, slices.Index(r.Cols, r.Ref)
	for _, row := range r.Rows {
		for _, p := range row.Points {
			// A point without an interval could not be filled: its samples
			// are too few for the test to reach α.
			if isFinite(p.Ratio) && isFinite(p.Lo) && isFinite(p.Hi) && p.Col != ref {
				n++
			}
		}
	}
	return n
}

// leftOut says how many rows a chart left out, and how many of them
// changed significantly: those are smaller than every one drawn.
func leftOut(more, sig int, what string) string {
	switch sig {
	case 0:
		return fmt.Sprintf("… and %d more %s, none with a significant change, not shown", more, plural(more, what))
	case more:
		return fmt.Sprintf("… and %d more %s with smaller significant changes, not shown", more, plural(more, what))
	}
	return fmt.Sprintf("… and %d more %s, %d with smaller significant changes, not shown", more, plural(more, what), sig)
}

// count counts the xs for which f is true.
func count[T any](xs []T, f func(T) bool) int {
	n := 0
	for _, x := range xs {
		if f(x) {
			n++
		}
	}
	return n
}

// undrawn says how many values have no interval or cannot be drawn, and
// how many lie outside their interval.
func undrawn(rows []dotRow) string {
	var noValue, noInterval, outside int
	for _, r := range rows {
		for _, l := range r.lines {
			switch {
			case l.edge != 0: // drawn at the edge, its text says why
			case !isFinite(l.v):
				noValue++
			case !isFinite(l.lo) || !isFinite(l.hi):
				noInterval++
			case outsideOf(l.v, l.lo, l.hi):
				outside++
			}
		}
	}
	var parts []string
	if noInterval > 0 {
		parts = append(parts, fmt.Sprintf("%d %s no interval (too few samples, or samples all alike)", noInterval, plural(noInterval, "value has", "values have")))
	}
	if outside > 0 {
		// A ratio (or change) of medians and the interval of the U test,
		// which is the ratio of a typical pair, part where the samples are
		// not one shift of the other: several modes, or rows that pool
		// several benchmarks (benchstat's "benchmarks vary in" note).
		parts = append(parts, fmt.Sprintf("%d %s outside %s interval (medians and U test part ways: samples of several benchmarks or modes)", outside, plural(outside, "value lies", "values lie"), plural(outside, "its", "their")))
	}
	if noValue > 0 {
		parts = append(parts, fmt.Sprintf("%d %s not be drawn (zero, negative or unknown)", noValue, plural(noValue, "value could", "values could")))
	}
	return strings.Join(parts, "; ")
}

// outsideOf reports whether v lies outside [lo, hi], beyond the rounding
// of the arithmetic that drew them.
func outsideOf(v, lo, hi float64) bool {
	tol := 1e-9 * max(math.Abs(v), math.Abs(lo), math.Abs(hi))
	return v < lo-tol || v > hi+tol
}

// plural is the report's one plural (package text).
var plural = text.Plural

// times formats a speedup: "27.3×", "1.04×", "150×".
func times(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f×", v)
	case v >= 10:
		return fmt.Sprintf("%.1f×", v)
	case v < 0.1:
		return fmt.Sprintf("%.2g×", v) // two significant digits: 0.033×, not 0.03×
	default:
		return fmt.Sprintf("%.2f×", v)
	}
}
