package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// canvas returns a blank canvas of w×h pixels, as render makes.
func canvas(w, h int) draw.Canvas {
	c := vgimg.NewWith(vgimg.UseWH(px(float64(w)), px(float64(h))), vgimg.UseDPI(DPI))
	return draw.New(c)
}

// Rule: better is green and worse red, by the unit's direction; not
// significant and unknown directions are neutral.
func TestColorsByDirection(t *testing.T) {
	cases := []struct {
		dir   Direction
		ratio float64 // col/ref
		sig   bool
		want  verdict
	}{
		{LowerBetter, 0.5, true, better}, // half the time: better
		{LowerBetter, 2, true, worse},
		{HigherBetter, 2, true, better}, // twice the rate: better
		{HigherBetter, 0.5, true, worse},
		{Unknown, 2, true, neutral},
		{Unknown, 0.5, true, neutral},
		{LowerBetter, 0.5, false, neutral},
		{HigherBetter, 2, false, neutral},
	}
	for _, c := range cases {
		r := &Ratios{Better: c.dir, Ref: "a", Cols: []string{"a", "b"}, Rows: []RatioRow{{Label: "x", Points: []RatioPoint{{Col: 1, Ratio: c.ratio, Lo: c.ratio * 0.9, Hi: c.ratio * 1.1, Significant: c.sig}}}}}
		rows, _ := r.dots()
		l := rows[0].lines[0]
		if l.verdict != c.want {
			t.Errorf("Ratios %v ratio %v sig %v: verdict %v, want %v", c.dir, c.ratio, c.sig, l.verdict, c.want)
		}
		// Drawn as better-by: above 1 is better for known directions.
		if c.dir == LowerBetter && math.Abs(l.v-1/c.ratio) > 1e-12 {
			t.Errorf("LowerBetter ratio %v drawn as %v, want %v", c.ratio, l.v, 1/c.ratio)
		}
		cm := &Compare{Unit: "u", Better: c.dir, Changes: []Change{{Name: "x", Change: Interval{c.ratio - 1, c.ratio*0.9 - 1, c.ratio*1.1 - 1}, Significant: c.sig}}}
		if v := cm.dots().rows[0].lines[0].verdict; v != c.want {
			t.Errorf("Compare %v ratio %v sig %v: verdict %v, want %v", c.dir, c.ratio, c.sig, v, c.want)
		}
	}
	if better.color() != colorFaster || worse.color() != colorSlower || neutral.color() != colorNeutral {
		t.Error("verdict colors: want green better, red worse, gray neutral")
	}
}

// Rule: readable at 1 to 200 rows: the top rows are drawn and the chart
// says how many more there are.
func TestTopRows(t *testing.T) {
	for _, n := range []int{1, 2, 30, 31, 200} {
		r := sampleMany()
		r.Rows = r.Rows[:n]
		shown, more := r.shown()
		if want := min(n, DefaultMaxRows); len(shown) != want || more != n-want {
			t.Fatalf("%d rows: %d shown, %d more; want %d, %d", n, len(shown), more, want, n-want)
		}
		legend := legendText(r.legend())
		note := fmt.Sprintf("and %d more %s", n-DefaultMaxRows, plural(n-DefaultMaxRows, "row"))
		if n > DefaultMaxRows && !strings.Contains(legend, note) {
			t.Errorf("%d rows: legend %q lacks %q", n, legend, note)
		}
		if n <= DefaultMaxRows && strings.Contains(legend, "more row") {
			t.Errorf("%d rows: legend %q speaks of more rows", n, legend)
		}
		// The rows shown are the largest significant changes.
		minShown := math.Inf(1)
		for _, row := range shown {
			minShown = math.Min(minShown, math.Abs(math.Log(row.Points[0].Ratio)))
		}
		for _, row := range r.Rows {
			if !contains(shown, row.Label) && row.Points[0].Significant && math.Abs(math.Log(row.Points[0].Ratio)) > minShown+1e-12 && n > DefaultMaxRows {
				// a significant row left out must not be larger than a shown one
				t.Errorf("%d rows: %s (%.3f) left out but smaller ones shown", n, row.Label, row.Points[0].Ratio)
			}
		}
		var buf bytes.Buffer
		if err := r.WritePNG(&buf); err != nil {
			t.Fatal(err)
		}
	}
	c := sampleCompare30()
	c.MaxRows = 10
	if !strings.Contains(legendText(c.legend(c.dots())), "and 20 more benchmarks") {
		t.Errorf("Compare of 30 with MaxRows 10: legend %q", legendText(c.legend(c.dots())))
	}
}

func contains(rows []RatioRow, label string) bool {
	for _, r := range rows {
		if r.Label == label {
			return true
		}
	}
	return false
}

func legendText(es []legendEntry) string {
	var s []string
	for _, e := range es {
		s = append(s, e.label)
	}
	return strings.Join(s, "\n")
}

// Rule: no label over a whisker, a threshold line or another label. The
// values are written right of the data area, where whiskers and lines are
// drawn, each on its own line; the band names left of it. Checked on the
// measured text boxes of every dot chart sample.
func TestLabelsDoNotOverlap(t *testing.T) {
	long := &Ratios{Title: "long names and many columns", Unit: "allocs/op", Better: LowerBetter, Ref: "a",
		Cols: []string{"a", strings.Repeat("very-long-file-name-", 8) + ".txt", "c", "d", "e", "f"}}
	for i := range 12 {
		var pts []RatioPoint
		for c := 1; c < 6; c++ {
			v := 1 + 0.1*float64(c-i%3)
			pts = append(pts, RatioPoint{Col: c, Ratio: v, Lo: v * 0.5, Hi: v * 2, Significant: c%2 == 0})
		}
		long.Rows = append(long.Rows, RatioRow{Label: strings.Repeat("Name/", 30) + fmt.Sprint(i), Points: pts, Limit: 0.9})
	}
	cases := []struct {
		name string
		size func() (int, int)
		draw func(draw.Canvas) *dotLayout
	}{
		{"small", sampleSmall().Size, sampleSmall().draw},
		{"200", sampleMany().Size, sampleMany().draw},
		{"rate", sampleRate().Size, sampleRate().draw},
		{"huge", sampleHuge().Size, sampleHuge().draw},
		{"long", long.Size, long.draw},
		{"compare", sampleCompare30().Size, sampleCompare30().draw},
		{"values", sampleValues().Size, sampleValues().draw},
		{"elided", sampleElided().Size, sampleElided().draw},
		{"compare-wide", sampleCompareWide().Size, sampleCompareWide().draw},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, h := tc.size()
			lay := tc.draw(canvas(w, h))
			if len(lay.values) == 0 {
				t.Fatal("no value labels")
			}
			if !disjoint(lay.values) {
				t.Error("value labels overlap")
			}
			if !disjoint(lay.names) {
				t.Error("row names overlap")
			}
			for _, b := range lay.values {
				if b.Min.X < lay.data.Max.X {
					t.Errorf("value label %v reaches into the data area %v (whiskers, lines)", b, lay.data)
				}
				if b.Max.X > lay.canvas.Max.X {
					t.Errorf("value label %v clipped by the image edge %v", b, lay.canvas.Max.X)
				}
			}
			for _, b := range lay.names {
				if b.Max.X > lay.data.Min.X {
					t.Errorf("row name %v reaches into the data area %v", b, lay.data)
				}
				if b.Min.X < lay.canvas.Min.X {
					t.Errorf("row name %v clipped by the image edge", b)
				}
			}
		})
	}
}

// Rule: long titles and file names are elided with "…", never clipped:
// the elided text, measured, fits its room.
func TestElide(t *testing.T) {
	sty := text.Style{Color: color.Black, Font: font.From(sansBold, 15), Handler: plot.DefaultTextHandler}
	room := px(Width - 2*headerMargin)
	short := "Change of time per op"
	if got := elide(short, sty, room); got != short {
		t.Errorf("short title elided: %q", got)
	}
	for _, n := range []int{10, 60, 200, 2000} {
		long := "BenchmarkStart/" + strings.Repeat("/path/to/file-", n) + "old.txt"
		got := elide(long, sty, room)
		if w := sty.Width(got); w > room {
			t.Errorf("elided title %.0f wide, room %.0f", w, room)
		}
		if sty.Width(long) > room {
			if !strings.Contains(got, "…") || !strings.HasPrefix(got, "Bench") || !strings.HasSuffix(got, "old.txt") {
				t.Errorf("elided %q: want both ends and …", got)
			}
			if sty.Width(got) < room*8/10 {
				t.Errorf("elided to %.0f of %.0f: too short", sty.Width(got), room)
			}
		}
	}
	// A chart with a title and file names that long still draws.
	r := sampleSmall()
	r.Title = strings.Repeat("a very long title ", 40)
	r.Ref = strings.Repeat("dir/", 50) + "go1.24.txt"
	r.Cols[0] = r.Ref
	var buf bytes.Buffer
	if err := r.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
}

// Rule: one huge change must not flatten every other row. With one row
// 1000× and the others about 1.1×, the small changes still lie well away
// from the 1× line, and the huge one is drawn at the edge and written.
func TestHugeChange(t *testing.T) {
	r := sampleHuge()
	rows, ax := r.dots()
	if !ax.capped {
		t.Fatalf("axis %+v not capped", ax)
	}
	w, h := r.Size()
	lay := r.draw(canvas(w, h))
	width := float64(lay.data.Max.X - lay.data.Min.X)
	pos := func(v float64) float64 {
		if ax.log {
			return math.Log(v/ax.min) / math.Log(ax.max/ax.min) * width
		}
		return (v - ax.min) / (ax.max - ax.min) * width
	}
	for _, row := range rows {
		v := row.lines[0].v
		if v > 100 {
			if !strings.HasPrefix(row.lines[0].text, "1000×") {
				t.Errorf("huge value written %q", row.lines[0].text)
			}
			continue
		}
		if d := math.Abs(pos(v) - pos(1)); d < 25 {
			t.Errorf("%s at %.2f× lies %.0f pt from 1×: flattened", row.name, v, d)
		}
	}
}

// Rule: a log axis where the range calls for it, symmetric in ratio.
func TestRatioAxis(t *testing.T) {
	ax := newRatioAxis([]float64{0.5, 1.1, 2}, nil)
	if ax.log {
		t.Errorf("0.5…2: log axis, want linear")
	}
	ax = newRatioAxis([]float64{0.05, 1.1, 30}, nil)
	if !ax.log || ax.capped {
		t.Fatalf("0.05…30: %+v, want a log axis, not capped", ax)
	}
	norm := func(v float64) float64 { return plot.LogScale{}.Normalize(ax.min, ax.max, v) }
	if a, b := norm(1)-norm(0.1), norm(10)-norm(1); math.Abs(a-b) > 1e-9 {
		t.Errorf("0.1× and 10× not equidistant from 1×: %v, %v", a, b)
	}
	// Values that cannot be drawn are ignored, not a panic.
	ax = newRatioAxis([]float64{math.NaN(), math.Inf(1), 0, -1}, []float64{math.Inf(-1)})
	if !(ax.min < 1 && ax.max > 1) {
		t.Errorf("no values: %+v", ax)
	}
}

// Rule: values that cannot be drawn are left out or shown as "no
// interval", and said so; never a panic.
func TestUndrawable(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	pts := []RatioPoint{{1, nan, nan, nan, true}, {1, inf, 1, inf, true}, {1, 0, 0, 0, false}, {1, -1, -2, 0, true}, {1, 2, -inf, inf, true}, {1, 1e-300, 1e-301, 1e300, false}, {1, 3, 2, 4, true}}
	r := &Ratios{Title: "odd", Ref: "a", Cols: []string{"a", "b"}, Better: LowerBetter}
	for i, p := range pts {
		r.Rows = append(r.Rows, RatioRow{Label: fmt.Sprint("odd", i), Points: []RatioPoint{p}, Limit: nan})
	}
	legend := legendText(r.legend())
	for _, want := range []string{"1 value has no interval", "3 values could not be drawn"} {
		if !strings.Contains(legend, want) {
			t.Errorf("legend %q lacks %q", legend, want)
		}
	}
	rows, _ := r.dots()
	// A median of 0 (ratio 0 or ∞) is drawn at the axis's edge and says
	// why: lower is better, so a value of 0 is better by ∞ and one against
	// a reference of 0 better by 0×; the test's verdict colours it.
	for i, want := range map[int]struct {
		text string
		edge int
		v    verdict
	}{1: {"0× (against a median of 0)", -1, worse}, 2: {"∞× (a median of 0)", 1, neutral}} {
		if l := rows[i].lines[0]; l.text != want.text || l.edge != want.edge || l.verdict != want.v {
			t.Errorf("row %d: text %q, edge %d, verdict %v; want %q, %d, %v", i, l.text, l.edge, l.verdict, want.text, want.edge, want.v)
		}
	}
	if got := rows[4].lines[0].text; got != "0.50× (no interval)" {
		t.Errorf("no-interval text %q", got)
	}
	odd := []Interval{{nan, nan, nan}, {inf, inf, inf}, {0, 0, 0}, {-1, -2, 0}, {2, -inf, inf}, {1e-9, 1e-10, 1e-8}}
	var series []Point
	var runs []TrendRun
	var changes []Change
	for i, iv := range odd {
		series = append(series, Point{X: float64(i), Y: iv})
		runs = append(runs, TrendRun{Label: fmt.Sprint(i), Center: iv.Center, Lo: iv.Lo, Hi: iv.Hi})
		changes = append(changes, Change{Name: fmt.Sprint(i), Change: iv, Significant: true})
	}
	charts := []pngChart{
		r,
		&Ratios{Title: "empty"},
		&Ratios{Title: "empty row", Rows: []RatioRow{{Label: "x"}}},
		&Lines{Title: "odd", Panels: []LinePanel{{Series: []Series{{Name: "s", Points: series}}, Limit: series}}},
		&Lines{Title: "empty"},
		&Lines{Title: "empty panel", Panels: []LinePanel{{Title: "p"}}},
		&Trend{Title: "odd", Benchmarks: []TrendSeries{{Label: "b", Runs: runs, ChangePoints: []int{-1, 2, 99}}}},
		&Trend{Title: "empty", Benchmarks: []TrendSeries{{Label: "b"}}},
		&Compare{Title: "odd", Changes: changes, Threshold: 2},
		&Compare{Title: "empty"},
	}
	for _, c := range charts {
		var buf bytes.Buffer
		if err := c.WritePNG(&buf); err != nil {
			t.Errorf("%T: %v", c, err)
		}
	}
}

// Rule: a line chart's x axis is logarithmic for keys spanning 8× or
// more (size=1…1Mi), linear for -cpu 1,2,4; its tick labels never
// overlap.
func TestLineAxes(t *testing.T) {
	cpu := lineAxes(&sampleCPU().Panels[0])
	if cpu.logX || len(cpu.xs) != 3 {
		t.Errorf("-cpu 1,2,4: %+v, want a linear x with 3 values", cpu)
	}
	size := lineAxes(&sampleSize().Panels[0])
	if !size.logX || !size.logY {
		t.Errorf("size 1…1Mi: %+v, want log x and y (y spans 240×)", size)
	}
	sty := text.Style{Font: font.From(sans, 10), Handler: plot.DefaultTextHandler}
	var xs []float64
	for e := 0; e <= 20; e++ {
		xs = append(xs, float64(int(1)<<e))
	}
	for _, width := range []float64{200, 400, 900} {
		ticks := xTicks(xs, nil, true, width, sty).Ticks(0.8, 1.3e6)
		var boxes []vg.Rectangle
		for _, tk := range ticks {
			if tk.Label == "" {
				continue
			}
			x := math.Log(tk.Value/0.8) / math.Log(1.3e6/0.8) * width
			w := float64(sty.Width(tk.Label)) * DPI / 72
			boxes = append(boxes, vg.Rectangle{Min: vg.Point{X: vg.Length(x - w/2)}, Max: vg.Point{X: vg.Length(x + w/2), Y: 1}})
		}
		if len(boxes) < 3 {
			t.Errorf("width %v: %d labels, want at least 3", width, len(boxes))
		}
		if !disjoint(boxes) {
			t.Errorf("width %v: tick labels overlap", width)
		}
	}
	for v, want := range map[float64]string{1024: "1Ki", 1 << 20: "1Mi", 3072: "3Ki", 1000: "1000", 20000: "20k", 0.5: "0.5", 2e-6: "2µ", 1.5e-9: "1.5n", 8: "8"} {
		if got := compactNumber(v); got != want {
			t.Errorf("compactNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

// Rule: a trend chart draws benchmarks that changed first, and colors a
// change point by whether the new level is better.
func TestTrend(t *testing.T) {
	tr := sampleTrend()
	bs, more := tr.shown()
	if more != 0 || len(bs[0].ChangePoints) == 0 || len(bs[1].ChangePoints) == 0 || len(bs[2].ChangePoints) != 0 {
		t.Errorf("order %v: want changed benchmarks first", []string{bs[0].Label, bs[1].Label, bs[2].Label, bs[3].Label})
	}
	for _, b := range bs[:2] {
		v := levelVerdict(&b, 0)
		want := map[string]verdict{"BenchmarkEncode-2": better, "BenchmarkThroughput-2": worse}[b.Label]
		if v != want {
			t.Errorf("%s: change point verdict %v, want %v", b.Label, v, want)
		}
	}
	many := &Trend{Title: "many"}
	for i := range 20 {
		many.Benchmarks = append(many.Benchmarks, TrendSeries{Label: fmt.Sprint(i), Runs: []TrendRun{{Label: "a", Center: 1, Lo: 0.9, Hi: 1.1}}})
	}
	if !strings.Contains(legendText(many.legend()), fmt.Sprintf("and %d more benchmarks", 20-MaxSteady)) {
		t.Errorf("legend %q", legendText(many.legend()))
	}
}

// Rule: of more panels than MaxPanels, the chart says how many are left
// out.
func TestManyPanels(t *testing.T) {
	l := &Lines{Title: "many panels", XLabel: "x", YLabel: "y"}
	for i := range 20 {
		l.Panels = append(l.Panels, LinePanel{Title: fmt.Sprint("panel ", i), Series: []Series{{Name: "s", Points: []Point{{X: 1, Y: Interval{1, 0.9, 1.1}}, {X: 2, Y: Interval{2, 1.8, 2.2}}}}}})
	}
	if !strings.Contains(legendText(l.legend()), "and 8 more panels") {
		t.Errorf("legend %q", legendText(l.legend()))
	}
	var buf bytes.Buffer
	if err := l.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
}

// Rule: text the font cannot draw is spelled out, not silently dropped,
// and names that differ only there still differ.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"150 / ⌈150 / workers⌉": "150 / ceil(150 / workers)",
		"1.5× ± 3% … µs −2":     "1.5× ± 3% … µs −2",
		"a\tb\nc":               "ab\nc",
		"\U0001F680 fast":       `\U0001f680 fast`,
		"名前=値":                  `\u540d\u524d=\u5024`,
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// Rule: a trend of many runs thins its run labels so that they do not
// overlap, but always labels the first run of a change point.
func TestTrendLabels(t *testing.T) {
	s := TrendSeries{Label: "b", Unit: "sec/op", Better: LowerBetter, ChangePoints: []int{25}}
	for i := range 40 {
		s.Runs = append(s.Runs, TrendRun{Label: fmt.Sprintf("%07x", i*977+0xabc123), Center: 1, Lo: 0.9, Hi: 1.1})
	}
	for _, n := range []int{1, 4} {
		f, err := trendPanel(&s, s.Label, n)
		if err != nil {
			t.Fatal(err)
		}
		ticks := f.X.Tick.Marker.Ticks(f.X.Min, f.X.Max)
		if ticks[25].Label != s.Runs[25].Label {
			t.Errorf("%d panels: change point run unlabelled", n)
		}
		if k := labelled(ticks); k < 5 || k == 40 {
			t.Errorf("%d panels: %d of 40 runs labelled", n, k)
		}
		for i := 1; i < len(ticks); i++ {
			if ticks[i].Label != "" && ticks[i-1].Label != "" {
				t.Errorf("%d panels: runs %d and %d both labelled", n, i-1, i)
			}
		}
	}
}

// Rule: a ratio's label has the digits to show which side of 1 each bound
// lies on, so that a significant change never reads 1.00× (1.00–1.00×);
// the usual labels keep two decimals.
func TestRatioTextSide(t *testing.T) {
	for _, c := range []struct {
		v, lo, hi float64
		want      string
	}{
		{1.23, 1.10, 1.40, "1.23× (1.10–1.40×)"},
		{0.9987, 0.9966, 0.99998, "0.99870× (0.99660–0.99998×)"},
		{1.019, 1.004, 1.038, "1.019× (1.004–1.038×)"},
		{1.02, 0.99, 1.03, "1.02× (0.99–1.03×)"},
		{1, 1, 1, "1.00× (1.00–1.00×)"},
		{150, 140, 160, "150× (140–160×)"},
	} {
		if got := ratioText(c.v, c.lo, c.hi); got != c.want {
			t.Errorf("ratioText(%v, %v, %v) = %q, want %q", c.v, c.lo, c.hi, got, c.want)
		}
	}
}

// Rule: a chart of many points tested one by one at α says in its legend
// how many chance alone would fill; a small chart does not.
func TestLegendChance(t *testing.T) {
	chartOf := func(rows int) *Ratios {
		r := &Ratios{Unit: "sec/op", Better: LowerBetter, Ref: "old", Cols: []string{"old", "new"}, Alpha: 0.05}
		for i := range rows {
			r.Rows = append(r.Rows, RatioRow{Label: fmt.Sprintf("B%d", i), Points: []RatioPoint{{Col: 1, Ratio: 1.01, Lo: 0.99, Hi: 1.03}}})
		}
		return r
	}
	if legend := legendText(chartOf(56).legend()); !strings.Contains(legend, "about 3 of these 56 would be filled by chance") {
		t.Errorf("56 points: legend %q", legend)
	}
	if legend := legendText(chartOf(5).legend()); strings.Contains(legend, "by chance") {
		t.Errorf("5 points: legend %q", legend)
	}
}

// Rule: the legend gives a glyph only to the columns with a point drawn,
// and names the others as having none.
func TestLegendAbsentColumn(t *testing.T) {
	r := &Ratios{Unit: "sec/op", Better: LowerBetter, Ref: "a", Cols: []string{"a", "b", "c"}}
	r.Rows = []RatioRow{{Label: "X", Points: []RatioPoint{{Col: 1, Ratio: 0.9, Lo: 0.85, Hi: 0.95, Significant: true}}}}
	legend := legendText(r.legend())
	if !strings.Contains(legend, "column b") || strings.Contains(legend, "column c") || !strings.Contains(legend, "no point drawn: c") {
		t.Errorf("legend %q", legend)
	}
}

// Rule: a value axis that needs an SI prefix below 0.01 writes every label
// below 1 with one: 10µ 100µ 1m 10m 100m, not 10µ 100µ 1m 0.01 0.1.
func TestCompactTicksOneNotation(t *testing.T) {
	var labels []string
	for _, tk := range (compactTicks{logTicks{}, false}).Ticks(1e-5, 0.2) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	got := strings.Join(labels, " ")
	for _, want := range []string{"10µ", "100µ", "1m", "10m", "100m"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("labels %q lack %q", got, want)
		}
	}
	if strings.Contains(got, "0.01") || strings.Contains(got, "0.1") {
		t.Errorf("labels %q mix notations", got)
	}
}

// Rule: a log axis short of a decade labels enough values to read its
// lowest points by: 280 ms to 2.2 s gets 300m as well as 500m, 1 and 2; a
// longer one keeps the 1-2-5 labels only.
func TestLogTicksShortAxis(t *testing.T) {
	labels := func(lo, hi float64) string {
		var ls []string
		for _, tk := range (logTicks{}).Ticks(lo, hi) {
			if tk.Label != "" {
				ls = append(ls, tk.Label)
			}
		}
		return strings.Join(ls, " ")
	}
	if got, want := labels(0.28, 2.2), "0.3 0.5 1 2"; got != want {
		t.Errorf("0.28–2.2: labels %q, want %q", got, want)
	}
	if got, want := labels(0.01, 2.2), "0.01 0.02 0.05 0.1 0.2 0.5 1 2"; got != want {
		t.Errorf("0.01–2.2: labels %q, want %q", got, want)
	}
}

// Rule: a significant point that is neither better nor worse says why:
// the unit's direction is unknown, or (a known direction, a ratio of
// exactly 1) the unit is assumed exact, for which benchstat prints no ~.
func TestSignificantNeutralLegend(t *testing.T) {
	for _, c := range []struct {
		dir  Direction
		want string
	}{
		{Unknown, "significant difference (direction of the unit unknown)"},
		{LowerBetter, "no change, yet not ~ (the unit is assumed exact)"},
	} {
		r := &Ratios{Title: "t", Unit: "x", Better: c.dir, Ref: "old", Cols: []string{"old", "new"}, Alpha: 0.05,
			Rows: []RatioRow{{Label: "A", Points: []RatioPoint{{Col: 1, Ratio: 1, Lo: 1, Hi: 1, Significant: true}}}}}
		if legend := legendText(r.legend()); !strings.Contains(legend, c.want) {
			t.Errorf("direction %v: legend %q, want %q", c.dir, legend, c.want)
		}
	}
}
