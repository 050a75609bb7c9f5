package chart

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// A Change is the relative change of one benchmark between two runs.
type Change struct {
	Name string

	// Change is new/old − 1 with its interval: +0.30 is 30% more of the
	// unit (more time per op, or more bytes per second).
	Change Interval

	// Significant reports a significant difference (Mann-Whitney U).
	Significant bool
}

// Compare is the chart of the change of every benchmark between two runs:
// a row per benchmark, the change new/old as a point with its interval,
// filled and colored where significant (green when better, red when
// worse, by the unit's direction; blue when the direction is unknown), a
// gray ring where not; the threshold as dashed lines either side of no
// change. Every change is written right of the data area in one
// notation for the whole chart: in percent, or as ratios new/old (2.5×)
// when a change lies beyond −50% … +200% or the axis is logarithmic; the
// axis uses the same.
//
// The axis is in percent, or logarithmic in the ratio new/old (so that
// halving and doubling lie the same distance from no change) when the
// changes span more than LogRange; one change far larger than the rest
// is drawn as an arrow at the axis edge. Of more than MaxRows changes
// (DefaultMaxRows when 0) the significant ones are drawn first, largest
// first, then the largest of the others, in their given order, and the
// chart says how many are left out.
type Compare struct {
	Title, Subtitle string
	XLabel          string // default: "change, new vs old (%)" with the unit

	// Unit and Better give the direction of the change. When both are
	// zero the chart is of sec/op, lower is better (the report's time
	// per op).
	Unit   string
	Better Direction

	// Threshold draws dashed lines at ±Threshold (0.05 is ±5%); 0 none.
	Threshold float64

	// Interval says what the whiskers are, in the legend; "" is
	// "confidence interval of new/old".
	Interval string
	Changes  []Change
	MaxRows  int
}

// direction returns the unit and direction, with the sec/op default.
func (c *Compare) direction() (string, Direction) {
	if c.Unit == "" && c.Better == Unknown {
		return "sec/op", LowerBetter
	}
	return c.Unit, c.Better
}

// Size returns the image size in pixels.
func (c *Compare) Size() (w, h int) { return c.framed().size() }

// WritePNG draws the chart and writes it to w as PNG.
func (c *Compare) WritePNG(w io.Writer) error { return c.framed().writePNG(w) }

func (c *Compare) draw(dc draw.Canvas) *dotLayout { return c.framed().draw(dc) }

func (c *Compare) framed() framed {
	d := c.dots()
	return framed{c.Title, c.Subtitle, d, c.legend(d)}
}

// shown returns the changes to draw and how many are left out.
func (c *Compare) shown() ([]Change, int) {
	n := c.MaxRows
	if n <= 0 {
		n = DefaultMaxRows
	}
	if len(c.Changes) <= n {
		return c.Changes, 0
	}
	return topRows(c.Changes, n, func(ch Change) rank {
		return rank{sig: ch.Significant, size: logSize(1 + ch.Change.Center)}
	}), len(c.Changes) - n
}

// dots returns the chart's bands and axis.
func (c *Compare) dots() *dotChart {
	unit, dir := c.direction()
	shown, _ := c.shown()
	var centers, extents []float64
	var rows []dotRow
	for _, ch := range shown {
		r := tameRatio(1 + ch.Change.Center)
		lo, hi := tameRatio(1+ch.Change.Lo), tameRatio(1+ch.Change.Hi)
		if lo > hi {
			lo, hi = hi, lo
		}
		oriented, _, _ := orient(r, lo, hi, dir)
		l := dotLine{v: r, lo: lo, hi: hi, sig: ch.Significant, verdict: judge(oriented, ch.Significant, dir)}
		centers = append(centers, r)
		extents = append(extents, lo, hi)
		rows = append(rows, dotRow{name: strings.ReplaceAll(ch.Name, "\n", " "), lines: []dotLine{l}})
	}
	d := &dotChart{rows: rows}
	if t := c.Threshold; t > 0 && t < 1 && isFinite(t) {
		d.thresholds = []float64{1 - t, 1 + t}
		extents = append(extents, d.thresholds...)
	}
	d.axis = newRatioAxis(centers, extents)
	asRatio := d.axis.log || slices.ContainsFunc(centers, func(r float64) bool { return r < 0.5 || r > 3 })
	for _, row := range rows {
		l := &row.lines[0]
		l.text = changeText(l.v, l.lo, l.hi, asRatio)
	}
	d.xlabel = c.XLabel
	if asRatio {
		d.tickLabel = timesLabel
		if d.xlabel == "" {
			d.xlabel = "new ÷ old (×)"
			if d.axis.log {
				d.xlabel = "new ÷ old (×, log scale)"
			}
		}
	} else {
		d.tickLabel = percentLabel
		if d.xlabel == "" {
			d.xlabel = "change, new vs old (%)"
		}
	}
	if c.XLabel == "" {
		d.xlabel += "; " + unit + ", " + dir.String()
	}
	return d
}

// changeText writes a change and its interval: "+30.0% (+22.0 to
// +38.0)", or asRatio "1.30× (1.22–1.38×)".
func changeText(r, lo, hi float64, asRatio bool) string {
	if !isFinite(r) {
		return "no value"
	}
	if asRatio {
		return ratioText(r, lo, hi)
	}
	s := fmt.Sprintf("%+.1f%%", (r-1)*100)
	if !isFinite(lo) || !isFinite(hi) {
		return s + " (no interval)"
	}
	return fmt.Sprintf("%s (%+.1f to %+.1f)", s, (lo-1)*100, (hi-1)*100)
}

func (c *Compare) legend(d *dotChart) []legendEntry {
	if len(d.rows) == 0 {
		return []legendEntry{{"nothing to draw: no changes", nil}}
	}
	_, dir := c.direction()
	g := func(clr colorRGBA, filled bool) plot.Thumbnailer {
		return glyphThumb(draw.GlyphStyle{Color: clr, Radius: px(5), Shape: glyphOf(0, filled)}, true)
	}
	// With a threshold (the gate's chart), a point is filled when the
	// change is significant and beyond the threshold, so a significant
	// change within it is hollow: the legend says so.
	sig, none := "significant (p ≤ α)", "no significant change (~)"
	if t := c.Threshold; t > 0 && t < 1 && isFinite(t) {
		sig = fmt.Sprintf("significant and beyond ±%s", pct(t))
		none = fmt.Sprintf("no change: not significant, or within ±%s", pct(t))
	}
	var e []legendEntry
	if dir == Unknown {
		e = append(e, legendEntry{"significant change (p ≤ α; direction of the unit unknown)", []plot.Thumbnailer{g(colorBar, true)}})
	} else {
		e = append(e,
			legendEntry{"worse, " + sig, []plot.Thumbnailer{g(colorSlower, true)}},
			legendEntry{"better, " + sig, []plot.Thumbnailer{g(colorFaster, true)}})
	}
	e = append(e, legendEntry{none, []plot.Thumbnailer{g(colorNeutral, false)}})
	if len(d.thresholds) > 0 {
		e = append(e, legendEntry{fmt.Sprintf("threshold ±%s", pct(c.Threshold)), []plot.Thumbnailer{lineThumb(dashed(colorLimit, 1.2))}})
	}
	iv := c.Interval
	if iv == "" {
		iv = "confidence interval of new/old"
	}
	e = append(e, legendEntry{"whiskers: " + iv, []plot.Thumbnailer{lineThumb(solid(colorNeutral, 1.5))}})
	if d.axis.capped {
		e = append(e, legendEntry{"beyond the axis: drawn at its edge, value written at right", []plot.Thumbnailer{glyphThumb(draw.GlyphStyle{Color: colorLimit, Radius: px(6), Shape: arrowGlyph{right: true}}, false)}})
	}
	if note := undrawn(d.rows); note != "" {
		e = append(e, legendEntry{note, nil})
	}
	if shown, more := c.shown(); more > 0 {
		sig := func(ch Change) bool { return ch.Significant }
		e = append(e, legendEntry{leftOut(more, count(c.Changes, sig)-count(shown, sig), "benchmark"), nil})
	}
	return e
}

type colorRGBA = interface {
	RGBA() (r, g, b, a uint32)
}

func pct(f float64) string {
	return fmt.Sprintf("%.4g%%", f*100)
}
