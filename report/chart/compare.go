package chart

import (
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A Change is the relative change of one benchmark between two runs.
type Change struct {
	Name string

	// Change is new/old − 1 with its interval: +0.30 is 30% more time.
	Change Interval

	// Significant reports a significant difference (Mann-Whitney U).
	Significant bool
}

// Compare is a chart of the change of every benchmark between two runs
// of a lower-is-better unit such as sec/op: a row per benchmark, the
// change as a point with its interval, filled and colored (red slower,
// green faster) where significant, a gray ring where not; the threshold
// as dashed lines either side of zero.
type Compare struct {
	Title, Subtitle string
	XLabel          string // default "change in time per op (%)"
	Threshold       float64
	Changes         []Change
}

// MaxRows bounds the rows of a Compare chart. Of more changes it shows the
// significant ones first, largest first, and says so in the subtitle.
const MaxRows = 40

const rowHeight = 26

// Size returns the image size in pixels.
func (c *Compare) Size() (w, h int) {
	n := min(len(c.Changes), MaxRows)
	return Width, headerHeight + 70 + max(n, 4)*rowHeight + legendHeight(c.legend())
}

func (c *Compare) legend() []legendEntry {
	g := func(clr colorRGBA, ring bool) plot.Thumbnailer {
		sty := draw.GlyphStyle{Color: clr, Radius: px(5), Shape: draw.CircleGlyph{}}
		if ring {
			sty.Shape = draw.RingGlyph{}
		}
		return glyphThumb(sty, true)
	}
	e := []legendEntry{
		{"slower, significant (p ≤ α)", []plot.Thumbnailer{g(colorSlower, false)}},
		{"faster, significant (p ≤ α)", []plot.Thumbnailer{g(colorFaster, false)}},
		{"no significant change (~)", []plot.Thumbnailer{g(colorNeutral, true)}},
	}
	if c.Threshold > 0 {
		e = append(e, legendEntry{fmt.Sprintf("threshold ±%s", pct(c.Threshold)), []plot.Thumbnailer{lineThumb(dashed(colorLimit, 1.2))}})
	}
	e = append(e, legendEntry{"whiskers: interval of new/old, from both medians' 95% intervals", nil})
	for _, ch := range c.Changes {
		if isFinite(ch.Change.Center) && !ch.Change.finite() {
			e = append(e, legendEntry{"† too few samples for an interval", nil})
			break
		}
	}
	return e
}

type colorRGBA = interface {
	RGBA() (r, g, b, a uint32)
}

// rows returns the changes to draw, in order, and a note when some are
// left out.
func (c *Compare) rows() ([]Change, string) {
	rows := slices.Clone(c.Changes)
	for i := range rows {
		rows[i].Change = tame(rows[i].Change)
	}
	if len(rows) <= MaxRows {
		return rows, ""
	}
	slices.SortStableFunc(rows, func(a, b Change) int {
		if a.Significant != b.Significant {
			if a.Significant {
				return -1
			}
			return 1
		}
		return cmpFloat(math.Abs(b.Change.Center), math.Abs(a.Change.Center))
	})
	return rows[:MaxRows], fmt.Sprintf("the %d largest of %d changes", MaxRows, len(c.Changes))
}

// WritePNG draws the chart and writes it to w as PNG.
func (c *Compare) WritePNG(w io.Writer) error {
	width, height := c.Size()
	return render(w, width, height, func(dc draw.Canvas) error {
		rows, note := c.rows()
		sub := c.Subtitle
		if note != "" {
			sub = join(sub, note)
		}
		dc = header(dc, c.Title, sub)
		dc = footer(dc, c.legend())
		f, err := c.plot(rows)
		if err != nil {
			return err
		}
		f.draw(draw.Crop(dc, px(8), -px(24), px(4), 0))
		return nil
	})
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func pct(f float64) string {
	return fmt.Sprintf("%.4g%%", f*100)
}

func (c *Compare) plot(rows []Change) (*figure, error) {
	f := newFigure("", "")
	p := f.Plot
	p.X.Label.Text = c.XLabel
	if p.X.Label.Text == "" {
		p.X.Label.Text = "change in time per op, new vs old (%)"
	}
	n := len(rows)
	if n == 0 {
		p.HideY()
		p.X.Min, p.X.Max = -10, 10
		return f, nil
	}
	// Row i is drawn at y = n-1-i so that the first row is at the top.
	names := make([]string, n)
	for i, r := range rows {
		name := shorten(r.Name, 70)
		if isFinite(r.Change.Center) && !r.Change.finite() {
			name += " †"
		}
		names[n-1-i] = name
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.7, float64(n)-0.3

	lo, hi := -c.Threshold*100, c.Threshold*100
	for _, r := range rows {
		for _, v := range []float64{r.Change.Center, r.Change.Lo, r.Change.Hi} {
			if isFinite(v) {
				lo, hi = math.Min(lo, v*100), math.Max(hi, v*100)
			}
		}
	}
	pad := math.Max((hi-lo)*0.08, 1)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.X.Tick.Marker = linearTicks{}
	clip := func(v float64) float64 { return math.Max(math.Min(v, p.X.Max), p.X.Min) }

	p.Add(plotter.NewGrid())
	ys := []float64{-0.7, float64(n) - 0.3}
	vline := func(x float64, sty draw.LineStyle) error {
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: ys[0]}, {X: x, Y: ys[1]}})
		if err != nil {
			return err
		}
		l.LineStyle = sty
		p.Add(l)
		return nil
	}
	if err := vline(0, solid(colorRef, 1.2)); err != nil {
		return nil, err
	}
	if c.Threshold > 0 {
		for _, x := range []float64{-c.Threshold * 100, c.Threshold * 100} {
			if err := vline(x, dashed(colorLimit, 1.2)); err != nil {
				return nil, err
			}
		}
	}

	for i, r := range rows {
		ctr := r.Change.Center
		if !isFinite(ctr) {
			continue
		}
		y := float64(n - 1 - i)
		clr := colorNeutral
		shape := draw.GlyphDrawer(draw.RingGlyph{})
		if r.Significant && ctr != 0 {
			shape = draw.CircleGlyph{}
			clr = colorFaster
			if ctr > 0 {
				clr = colorSlower
			}
		}
		right := ctr * 100
		if isFinite(r.Change.Lo) || isFinite(r.Change.Hi) {
			l, h := clip(orInf(r.Change.Lo, -1)*100), clip(orInf(r.Change.Hi, 1)*100)
			right = math.Max(right, h)
			eb, err := plotter.NewXErrorBars(errorBars{{x: ctr * 100, y: y, lo: ctr*100 - l, hi: h - ctr*100}})
			if err != nil {
				return nil, err
			}
			eb.LineStyle = solid(clr, 1.5)
			eb.CapWidth = px(10)
			p.Add(eb)
		}
		sc, err := plotter.NewScatter(plotter.XYs{{X: ctr * 100, Y: y}})
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: px(5), Shape: shape}
		p.Add(sc)
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: right, Y: y}}, Labels: []string{fmt.Sprintf("%+.1f%%", ctr*100)}})
		if err != nil {
			return nil, err
		}
		lbl.TextStyle[0] = textStyle(10, draw.XLeft, draw.YCenter)
		lbl.Offset = vg.Point{X: px(8)}
		p.Add(lbl)
	}
	return f, nil
}

// orInf returns v, or the infinity of sign when v is NaN.
func orInf(v float64, sign int) float64 {
	if math.IsNaN(v) {
		return math.Inf(sign)
	}
	return v
}
