package chart

import (
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Trend is a chart of benchmarks across runs in order (commits, say):
// small multiples, a panel per benchmark, each the median of every run
// with its interval as a whisker, joined by a thin line; the x axis is
// labelled with the runs' labels (thinned when they would overlap); each
// change point, the first run at a new level, is marked by a vertical
// dashed line before it, green when the new level is better, red when
// worse, gray when the direction is unknown. Benchmarks with change
// points come first, then those Flagged, then the rest in the given
// order, up to MaxPanels in all and MaxSteady when none changed; the
// chart says how many are left out, so a benchmark that changed never
// gives way to one that did not.
type Trend struct {
	Title, Subtitle string
	Benchmarks      []TrendSeries
}

// A TrendSeries is one benchmark of a Trend chart.
type TrendSeries struct {
	Label  string
	Unit   string
	Better Direction
	Runs   []TrendRun

	// ChangePoints are indexes into Runs of the first run at a new level.
	ChangePoints []int

	// Flagged marks a benchmark whose newest run changed significantly
	// by a test of its own (the gate's), change point or not.
	Flagged bool
}

// A TrendRun is one run's median and interval; Lo and Hi may be infinite
// or NaN when there is no interval.
type TrendRun struct {
	Label          string
	Center, Lo, Hi float64
}

const (
	trendSingleHeight = 420
	trendPanelHeight  = 280
	runLabelW         = 110 // the widest run label on an x axis, pixels
)

// shown returns the panels to draw, changed benchmarks first, and how
// many are left out.
func (t *Trend) shown() ([]TrendSeries, int) {
	bs := slices.Clone(t.Benchmarks)
	tier := func(s TrendSeries) int {
		switch {
		case len(s.ChangePoints) > 0:
			return 0
		case s.Flagged:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(bs, func(a, b TrendSeries) int { return tier(a) - tier(b) })
	// Up to MaxPanels that changed; those that did not fill the chart up
	// to MaxSteady panels only, as a sample of the steady ones.
	n := 0
	for n < len(bs) && n < MaxPanels && (tier(bs[n]) < 2 || n < MaxSteady) {
		n++
	}
	return bs[:n], len(bs) - n
}

// MaxSteady bounds the panels of a Trend that hold benchmarks that did
// not change: a few show the noise; the table of medians holds them all.
const MaxSteady = 6

// Size returns the image size in pixels.
func (t *Trend) Size() (w, h int) {
	bs, _ := t.shown()
	return Width, headerHeightOf(t.Title, t.Subtitle) + panelGridHeight(max(len(bs), 1), trendSingleHeight, trendPanelHeight) + legendHeight(t.legend())
}

// WritePNG draws the chart and writes it to w as PNG.
func (t *Trend) WritePNG(w io.Writer) error {
	width, height := t.Size()
	return render(w, width, height, func(dc draw.Canvas) error {
		dc = header(dc, t.Title, t.Subtitle)
		dc = footer(dc, t.legend())
		bs, _ := t.shown()
		if len(bs) == 0 {
			return nil
		}
		titles := make([]string, len(bs))
		for i, b := range bs {
			titles[i] = b.Label
		}
		titles = panelTitles(titles)
		return drawEach(dc, len(bs), func(i int) (*figure, error) { return trendPanel(&bs[i], titles[i], len(bs)) })
	})
}

func (t *Trend) legend() []legendEntry {
	e := []legendEntry{
		{"median of each run; whiskers: its confidence interval", []plot.Thumbnailer{glyphThumb(draw.GlyphStyle{Color: colorBar, Radius: px(4), Shape: draw.CircleGlyph{}}, true)}},
	}
	bs, more := t.shown()
	seen := make(map[verdict]bool)
	for i := range bs {
		for k, cp := range bs[i].ChangePoints {
			if cp > 0 && cp < len(bs[i].Runs) {
				seen[levelVerdict(&bs[i], k)] = true
			}
		}
	}
	for _, v := range []verdict{better, worse, neutral} {
		if seen[v] {
			lbl := map[verdict]string{better: "change point: new level better", worse: "change point: new level worse", neutral: "change point: direction unknown"}[v]
			e = append(e, legendEntry{lbl, []plot.Thumbnailer{lineThumb(dashed(v.color(), 2))}})
		}
	}
	noInterval := 0
	for _, b := range bs {
		for _, r := range b.Runs {
			if isFinite(r.Center) && !(isFinite(r.Lo) && isFinite(r.Hi)) {
				noInterval++
			}
		}
	}
	if noInterval > 0 {
		e = append(e, legendEntry{fmt.Sprintf("%d %s no interval (too few samples)", noInterval, plural(noInterval, "run has", "runs have")), nil})
	}
	if more > 0 {
		e = append(e, legendEntry{fmt.Sprintf("… and %d more %s not shown", more, plural(more, "benchmark")), nil})
	}
	return e
}

// levelVerdict compares the mean level of runs[cp:next] with that of
// runs[prev:cp].
func levelVerdict(b *TrendSeries, k int) verdict {
	cp := b.ChangePoints[k]
	prev, next := 0, len(b.Runs)
	if k > 0 {
		prev = b.ChangePoints[k-1]
	}
	if k+1 < len(b.ChangePoints) {
		next = b.ChangePoints[k+1]
	}
	mean := func(rs []TrendRun) float64 {
		s, n := 0.0, 0
		for _, r := range rs {
			if v := tameRatio(r.Center); isFinite(v) {
				s += math.Log(v)
				n++
			}
		}
		return s / float64(n)
	}
	prev, next = max(prev, 0), min(next, len(b.Runs))
	if prev >= cp || cp >= next {
		return neutral
	}
	before, after := mean(b.Runs[prev:cp]), mean(b.Runs[cp:next])
	d, _, _ := orient(math.Exp(after-before), 1, 1, b.Better)
	return judge(d, true, b.Better)
}

// labelChanges labels the first run of each change point in thinned
// ticks, taking the labels off the neighbours that would crowd it: as
// many either side as thinning dropped between two labels.
func labelChanges(thin, all []plot.Tick, cps []int) {
	stride := 1
	if n := labelled(thin); n > 0 {
		stride = (len(all) + n - 1) / n
	}
	for _, cp := range cps {
		if cp < 0 || cp >= len(thin) || thin[cp].Label != "" {
			continue
		}
		for j := max(0, cp-stride+1); j < min(len(thin), cp+stride); j++ {
			thin[j].Label = ""
		}
		thin[cp].Label = all[cp].Label
	}
}

// labelled counts the labelled ticks.
func labelled(ts []plot.Tick) int {
	n := 0
	for _, t := range ts {
		if t.Label != "" {
			n++
		}
	}
	return n
}

// trendPanel builds the plot of one benchmark.
func trendPanel(b *TrendSeries, title string, n int) (*figure, error) {
	ylabel := b.Unit
	if b.Better != Unknown {
		ylabel += "; " + b.Better.String()
	}
	f := newFigure("", ylabel)
	width := panelWidth(n)
	if n > 1 {
		panelTitle(f, title, trendPanelHeight)
	} else {
		panelTitle(f, title, trendSingleHeight)
	}
	p := f.Plot
	f.setXLabel("run")
	if len(b.Runs) == 0 {
		p.HideAxes()
		return f, nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	var pts plotter.XYs
	var errs errorBars
	for i, r := range b.Runs {
		iv := tame(Interval{r.Center, r.Lo, r.Hi})
		if !isFinite(iv.Center) {
			continue
		}
		pts = append(pts, plotter.XY{X: float64(i), Y: iv.Center})
		lo, hi = math.Min(lo, iv.Center), math.Max(hi, iv.Center)
		if iv.finite() {
			errs = append(errs, errorBar{x: float64(i), y: iv.Center, lo: iv.Center - iv.Lo, hi: iv.Hi - iv.Center})
			lo, hi = math.Min(lo, iv.Lo), math.Max(hi, iv.Hi)
		}
	}
	labels := make([]string, len(b.Runs))
	for i, r := range b.Runs {
		labels[i] = r.Label
	}
	labels = elideAll(labels, p.X.Tick.Label, px(runLabelW))
	var ticks []plot.Tick
	for i := range b.Runs {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: labels[i]})
	}
	m := float64(len(b.Runs))
	p.X.Min, p.X.Max = -0.5, m-0.5
	pos := func(v float64) float64 { return (v + 0.5) / m * (width - 130) }
	thin := thinTicks(ticks, pos, p.X.Tick.Label)
	if labelled(thin) < len(ticks) {
		// Slanted labels take only their line height along the axis.
		sty := &p.X.Tick.Label
		sty.Rotation = math.Pi / 6
		sty.XAlign, sty.YAlign = draw.XRight, draw.YTop
		h := float64(sty.Height("0")) * DPI / 72
		thin = thinTicksBy(ticks, pos, func(string) float64 { return 1.6 * h })
	}
	labelChanges(thin, ticks, b.ChangePoints)
	p.X.Tick.Marker = plot.ConstantTicks(thin)
	if len(pts) == 0 {
		p.Y.Min, p.Y.Max = 0, 1
		return f, nil
	}
	pad := math.Max((hi-lo)*0.1, math.Abs(hi)*0.02)
	if pad == 0 {
		pad = 1
	}
	p.Y.Min, p.Y.Max = lo-pad, hi+pad
	if lo >= 0 && p.Y.Min < 0 {
		p.Y.Min = 0
	}
	p.Y.Tick.Marker = yTicks(false, b.Unit)
	p.Add(plotter.NewGrid())
	for k, cp := range b.ChangePoints {
		if cp <= 0 || cp >= len(b.Runs) {
			continue
		}
		ln, err := plotter.NewLine(plotter.XYs{{X: float64(cp) - 0.5, Y: p.Y.Min}, {X: float64(cp) - 0.5, Y: p.Y.Max}})
		if err != nil {
			return nil, err
		}
		ln.LineStyle = dashed(levelVerdict(b, k).color(), 2)
		p.Add(ln)
	}
	// The line joins runs next to each other only: a run without a value
	// (the benchmark absent, renamed) is a gap, not a straight line over it.
	var seg plotter.XYs
	flush := func() error {
		if len(seg) > 1 {
			ln, err := plotter.NewLine(seg)
			if err != nil {
				return err
			}
			ln.LineStyle = solid(colorBar, 1)
			p.Add(ln)
		}
		seg = nil
		return nil
	}
	for k, pt := range pts {
		if k > 0 && pt.X != pts[k-1].X+1 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		seg = append(seg, pt)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: colorBar, Radius: px(4), Shape: draw.CircleGlyph{}}
	if len(errs) > 0 {
		eb, err := plotter.NewYErrorBars(errs)
		if err != nil {
			return nil, err
		}
		eb.LineStyle = solid(colorBar, 1.5)
		eb.CapWidth = px(8)
		p.Add(eb)
	}
	p.Add(sc)
	return f, nil
}

// errorBar is one vertical error bar: lo and hi are distances from y.
type errorBar struct{ x, y, lo, hi float64 }

// errorBars implements plotter.XYer and plotter.YErrorer.
type errorBars []errorBar

func (e errorBars) Len() int                        { return len(e) }
func (e errorBars) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errorBars) YError(i int) (float64, float64) { return e[i].lo, e[i].hi }
func (e errorBars) XError(i int) (float64, float64) { return e[i].lo, e[i].hi }
