package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
)

// Rule: elided names keep the part that tells them apart. lkumarjain's
// row labels, cut in the middle, gave Sleep=0…s_Co…=10 for both the 1 ms
// and the 10 ms sleep.
func TestElideAllKeepsTheDifference(t *testing.T) {
	sty := text.Style{Color: color.Black, Font: font.From(sans, 10), Handler: plot.DefaultTextHandler}
	names := []string{
		"BenchmarkWorkerPoolWithALongName/Sleep=001ms_Concurrency=10-2",
		"BenchmarkWorkerPoolWithALongName/Sleep=010ms_Concurrency=10-2",
		"BenchmarkWorkerPoolWithALongName/Sleep=001ms_Concurrency=100-2",
		"BenchmarkWorkerPoolWithALongName/SHA256=1kB_Concurrency=10-2",
		"short",
	}
	for _, w := range []float64{140, 200, 260} {
		got := elideAll(names, sty, px(w))
		for i, g := range got {
			if sty.Width(g) > px(w) && i < 4 {
				t.Errorf("width %v: %q is %v wide", w, g, sty.Width(g))
			}
		}
		if got[4] != "short" {
			t.Errorf("width %v: a name that fits became %q", w, got[4])
		}
		for i := range 4 {
			for j := range i {
				if got[i] == got[j] {
					t.Errorf("width %v: %q and %q both elided to %q", w, names[i], names[j], got[i])
				}
			}
		}
		for i, word := range []string{"001ms", "010ms", "100", "SHA256"} {
			if !strings.Contains(got[i], word) {
				t.Errorf("width %v: %q elided to %q, without %q", w, names[i], got[i], word)
			}
		}
	}
}

// Rule: a title is not cut in the middle of a file name: its paths lose
// their directories first.
func TestTitlePaths(t *testing.T) {
	sty := text.Style{Color: color.Black, Font: font.From(sansBold, 15), Handler: plot.DefaultTextHandler}
	title := "sec/op: /work/shared/realworld/gopapageno_adder_copp-parallel.txt against /work/shared/realworld/gopapageno_adder_opp-parallel.txt"
	got := fitLines(title, sty, px(Width-2*headerMargin), 1)[0]
	if want := "sec/op: gopapageno_adder_copp-parallel.txt against gopapageno_adder_opp-parallel.txt"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	for _, w := range []string{"sec/op", "MB/s", "allocs/op", "things/op:"} {
		if looksLikePath(w) {
			t.Errorf("%q taken for a path", w)
		}
	}
	for _, w := range []string{"/a/b", "runs/a.txt", "../x/y", "./old"} {
		if !looksLikePath(w) {
			t.Errorf("%q not taken for a path", w)
		}
	}
}

// Rule: one chart, one notation. A compare chart of changes up to
// +148.7% and one of 3.86× writes every change as a ratio; one whose
// changes all lie within −50% … +200%, in percent.
func TestCompareOneNotation(t *testing.T) {
	mk := func(changes ...float64) *Compare {
		c := &Compare{Unit: "sec/op", Better: LowerBetter}
		for i, ch := range changes {
			c.Changes = append(c.Changes, Change{Name: fmt.Sprint("B", i), Change: Interval{ch, ch - 0.05, ch + 0.05}, Significant: true})
		}
		return c
	}
	for _, tc := range []struct {
		c       *Compare
		percent bool
	}{
		{mk(1.487, 2.86, 0.1), false},
		{mk(1.487, 0.1, -0.3), true},
		{mk(-0.6, 0.1), false},
	} {
		d := tc.c.dots()
		for _, r := range d.rows {
			txt := r.lines[0].text
			if isPct := strings.Contains(txt, "%"); isPct != tc.percent || strings.Contains(txt, "×") == tc.percent {
				t.Errorf("changes %v: %q, want percent %v for every value", tc.c.Changes, txt, tc.percent)
			}
		}
		if tick := d.tickLabel(1.5); strings.Contains(tick, "%") != tc.percent {
			t.Errorf("axis tick %q, want percent %v", tick, tc.percent)
		}
	}
}

// Rule: a chart never hides the reference row or a significant change to
// make room for a row that did not change, and says what it left out.
func TestRowsByImportance(t *testing.T) {
	r := &Ratios{Unit: "sec/op", Better: LowerBetter, Ref: "old", Cols: []string{"old", "new"}, MaxRows: 5}
	for i := range 20 {
		// Large changes that are not significant, …
		r.Rows = append(r.Rows, RatioRow{Label: fmt.Sprint("noise", i), Points: []RatioPoint{{Col: 1, Ratio: 3, Lo: 0.1, Hi: 10}}})
	}
	// … a small significant one late in the list, and the reference.
	r.Rows = append(r.Rows, RatioRow{Label: "sequential", Points: []RatioPoint{{Col: 1, Ratio: 1.02, Lo: 1.01, Hi: 1.03, Significant: true}}})
	r.Rows = append(r.Rows, RatioRow{Label: "ref", Reference: true, Points: []RatioPoint{{Col: 1, Ratio: 1, Lo: 1, Hi: 1}}})
	for _, ranked := range []bool{false, true} {
		r.Ranked = ranked
		shown, more := r.shown()
		var labels []string
		for _, row := range shown {
			labels = append(labels, row.Label)
		}
		if !slices.Contains(labels, "sequential") || !slices.Contains(labels, "ref") || more != 17 {
			t.Errorf("ranked %v: shown %q, %d more; want sequential and ref among them, 17 more", ranked, labels, more)
		}
		if legend := legendText(r.legend()); !strings.Contains(legend, "17 more rows, none with a significant change") {
			t.Errorf("ranked %v: legend %q", ranked, legend)
		}
	}
	// A trend draws its changed and flagged benchmarks first.
	tr := &Trend{}
	for i := range MaxPanels + 3 {
		tr.Benchmarks = append(tr.Benchmarks, TrendSeries{Label: fmt.Sprint("b", i)})
	}
	tr.Benchmarks[MaxPanels+1].Flagged = true
	tr.Benchmarks[MaxPanels+2].ChangePoints = []int{1}
	shown, more := tr.shown()
	if shown[0].Label != fmt.Sprint("b", MaxPanels+2) || shown[1].Label != fmt.Sprint("b", MaxPanels+1) || more != MaxPanels+3-MaxSteady {
		t.Errorf("trend panels %v…, %d more; want the changed, then the flagged first", shown[:2], more)
	}
}

// Rule: a long table title is read whole. A title that names a package
// path, a CPU and what the chart shows, too wide for one line, is broken
// at its separators, with nothing cut out, and the chart grows by the
// lines after the first; a title that fits keeps one line.
func TestTitleTwoLines(t *testing.T) {
	sty := titleStyle()
	w := px(Width - 2*headerMargin)
	title := "pkg: github.com/joeycumines/go-eventloop/internal/promisetournament, tournament: lane=promise, goos: windows, goarch: amd64, cpu: Intel(R) Core(TM) i9-9900K CPU @ 3.60GHz · sec/op: each sub-benchmark against ChainedPromise"
	got := fitLines(title, sty, w, maxTitleLines)
	if len(got) < 2 || len(got) > maxTitleLines {
		t.Fatalf("title in %d lines, want 2 to %d: %q", len(got), maxTitleLines, got)
	}
	if joined := strings.Join(got, " "); joined != title {
		t.Errorf("lines %q do not read as the title", got)
	}
	for _, line := range got {
		if sty.Width(line) > w {
			t.Errorf("line %q is %v wide, more than %v", line, sty.Width(line), w)
		}
	}
	if !(headerHeightOf(title, "") > headerHeight) {
		t.Errorf("header of a title of %d lines is %d px high, no more than one line's %d", len(got), headerHeightOf(title, ""), headerHeight)
	}
	short := "sec/op: each sub-benchmark against ChainedPromise"
	if got := fitLines(short, sty, w, maxTitleLines); len(got) != 1 || got[0] != short {
		t.Errorf("short title became %q", got)
	}
	if headerHeightOf(short, "") != headerHeight {
		t.Errorf("header of a one-line title is %d px high, want %d", headerHeightOf(short, ""), headerHeight)
	}
	// Too long for maxTitleLines: each line is elided, none overflows.
	long := strings.Repeat("key: a-long-configuration-value, ", 12) + "sec/op"
	if got := fitLines(long, sty, w, maxTitleLines); len(got) != maxTitleLines {
		t.Errorf("a title too long for %d lines came in %d: %q", maxTitleLines, len(got), got)
	}
	for _, line := range fitLines(long, sty, w, maxTitleLines) {
		if sty.Width(line) > w {
			t.Errorf("line %q is %v wide, more than %v", line, sty.Width(line), w)
		}
	}
}

// Rule: a value's text keeps its number. A column name too long for the
// value column is cut in its middle, not the value after it, so that
// 1.000000× and 0.999999× still read apart.
func TestValueTextKeepsNumber(t *testing.T) {
	sty := valueStyle(color.Black)
	w := px(valueW)
	for _, value := range []string{"1.000000× (1.000000–1.000000×)", "0.999999× (0.999998–1.000000×)"} {
		s := "reduction=mixed/strategy=AOPP/file=citylots.json/goroutines=1: " + value
		got := elideValueText(s, sty, w)
		if !strings.HasSuffix(got, ": "+value) {
			t.Errorf("%q became %q, without its value", s, got)
		}
		if !strings.Contains(got, "…") {
			t.Errorf("%q became %q, not elided", s, got)
		}
		if sty.Width(got) > w {
			t.Errorf("%q is %v wide, more than %v", got, sty.Width(got), w)
		}
	}
	if got := elideValueText("short: 1.00×", sty, w); got != "short: 1.00×" {
		t.Errorf("a text that fits became %q", got)
	}
}

// Rule: a line chart does not claim bands it lacks. Medians without an
// interval (too few samples) draw no band, and the legend says so instead
// of explaining the shading; a chart with some of each counts those
// without.
func TestLinesWithoutBands(t *testing.T) {
	inf := math.Inf(1)
	pts := func(band bool) []Point {
		var out []Point
		for i, v := range []float64{10, 8, 7} {
			lo, hi := -inf, inf
			if band {
				lo, hi = v*0.95, v*1.05
			}
			out = append(out, Point{X: float64(int(1) << i), Y: NewInterval(v, lo, hi)})
		}
		return out
	}
	none := &Lines{Title: "t", YUnit: "sec/op", Panels: []LinePanel{{Series: []Series{{Name: "a", Points: pts(false)}, {Name: "b", Points: pts(false)}}}}}
	legend := legendText(none.legend())
	if strings.Contains(legend, "shaded") || !strings.Contains(legend, "no band: no median has an interval (too few samples)") || none.Banded() {
		t.Errorf("legend of a chart without intervals: %q; banded %v", legend, none.Banded())
	}
	some := &Lines{Title: "t", YUnit: "sec/op", Panels: []LinePanel{{Series: []Series{{Name: "a", Points: pts(true)}, {Name: "b", Points: pts(false)}}}}}
	legend = legendText(some.legend())
	if !strings.Contains(legend, "shaded") || !strings.Contains(legend, "3 of 6 medians have no interval (too few samples): no band there") || !some.Banded() {
		t.Errorf("legend of a chart with half its intervals: %q", legend)
	}
	all := &Lines{Title: "t", YUnit: "sec/op", Panels: []LinePanel{{Series: []Series{{Name: "a", Points: pts(true)}}}}}
	legend = legendText(all.legend())
	if !strings.Contains(legend, "shaded") || strings.Contains(legend, "no interval") || strings.Contains(legend, "no band") {
		t.Errorf("legend of a chart with every interval: %q", legend)
	}
}

// Rule: a value drawn outside its own whisker is said to be. A row that
// pools several benchmarks (benchstat's "benchmarks vary in") can have a
// ratio of medians outside the U test's interval; the legend says so,
// and a value inside its interval, its ends included, is not counted.
func TestValueOutsideInterval(t *testing.T) {
	r := &Ratios{Title: "pooled", Ref: "a", Cols: []string{"a", "b"}, Better: LowerBetter, Rows: []RatioRow{
		{Label: "Parse", Points: []RatioPoint{{1, 1 / 1.59, 1 / 1.51, 1 / 1.13, true}}, Limit: math.NaN()},
		{Label: "Edge", Points: []RatioPoint{{1, 0.8, 0.8, 0.9, true}}, Limit: math.NaN()},
		{Label: "Inside", Points: []RatioPoint{{1, 1, 0.9, 1.1, false}}, Limit: math.NaN()},
	}}
	legend := legendText(r.legend())
	if !strings.Contains(legend, "1 value lies outside its interval") {
		t.Errorf("legend %q does not name the value outside its interval", legend)
	}
}

// Rule: a glyph names one column in a ratio chart and the values chart
// beside it. With ShapeByIndex, each compared column keeps the glyph of
// its index, as Values gives it, the reference's unused; without, the
// compared columns take the glyphs in order.
func TestShapeByIndex(t *testing.T) {
	r := &Ratios{Ref: "Pond-Eager", Cols: []string{"Pond-Eager", "Pond-Balanced", "Goroutines"}}
	if got := []int{r.shape(1), r.shape(2)}; !slices.Equal(got, []int{0, 1}) {
		t.Errorf("glyphs in order: %v, want [0 1]", got)
	}
	r.ShapeByIndex = true
	if got := []int{r.shape(1), r.shape(2)}; !slices.Equal(got, []int{1, 2}) {
		t.Errorf("glyphs by index: %v, want [1 2], the values chart's", got)
	}
}

// Rule: the count of points chance alone would fill counts only points
// that could be filled: one without an interval (samples too few for the
// test to reach α) could not, so a chart of single samples makes no such
// claim.
func TestChanceCountsTestable(t *testing.T) {
	inf := math.Inf(1)
	r := &Ratios{Title: "n=1", Ref: "a", Cols: []string{"a", "b"}, Better: LowerBetter, Alpha: 0.05}
	for i := range 40 {
		r.Rows = append(r.Rows, RatioRow{Label: fmt.Sprint("row", i), Points: []RatioPoint{{1, 1.1, -inf, inf, false}}, Limit: math.NaN()})
	}
	if legend := legendText(r.legend()); strings.Contains(legend, "by chance") {
		t.Errorf("points without intervals counted as tested: %q", legend)
	}
	for i := range r.Rows {
		r.Rows[i].Points[0].Lo, r.Rows[i].Points[0].Hi = 1.0, 1.2
	}
	if legend := legendText(r.legend()); !strings.Contains(legend, "about 2 of these 40 would be filled by chance") {
		t.Errorf("points with intervals not counted: %q", legend)
	}
}

// Rule: a long subtitle, such as the suite's task parameters beside an
// input named by a commit, is broken at its "; " rather than cut in a
// word, in up to maxSubtitleLines lines, and the header grows by them.
func TestSubtitleLines(t *testing.T) {
	sty := subtitleStyle()
	w := px(Width - 2*headerMargin)
	sub := "2 iterations × 10 requests (20 in all) against an API with 2ms latency ± 200µs jitter, the throttled API allowing 300 req/s with a burst of 10; from 0b1337fec31e.txt and 5da231f2b4c1.txt, each strategy paired with sequential by round; linux/amd64, Oxide Virtual Turin-like Processor"
	got := fitLines(sub, sty, w, maxSubtitleLines)
	if len(got) != 2 || strings.Join(got, " ") != sub {
		t.Errorf("subtitle in lines %q, want 2 that read as it", got)
	}
	for _, line := range got {
		if sty.Width(line) > w {
			t.Errorf("line %q is %v wide, more than %v", line, sty.Width(line), w)
		}
	}
	if headerHeightOf("t", sub) <= headerHeightOf("t", "short") {
		t.Errorf("header of a two-line subtitle is %d px high, no more than a one-line one's %d", headerHeightOf("t", sub), headerHeightOf("t", "short"))
	}
}

// Rule: a median of 0 is no missing value. Its ratio (∞ or 0) is drawn as
// an arrow at the axis's edge, beyond the values drawn, with its text
// saying why, and the axis leaves room for it: at 1× in a table of
// otherwise equal values it would read as no change.
func TestZeroMedianAtEdge(t *testing.T) {
	r := &Ratios{Title: "allocs/op", Ref: "a", Cols: []string{"a", "b"}, Better: LowerBetter, Rows: []RatioRow{
		{Label: "Same", Points: []RatioPoint{{1, 1, 1, 1, false}}, Limit: math.NaN()},
		{Label: "Zero", Points: []RatioPoint{{1, 0, 0, 0, true}}, Limit: math.NaN()},
	}}
	rows, ax := r.dots()
	l := rows[1].lines[0]
	if l.edge != 1 || l.text != "∞× (a median of 0)" || l.verdict != better {
		t.Errorf("a value of 0 against 1: edge %d, text %q, verdict %v", l.edge, l.text, l.verdict)
	}
	if !ax.capped || !(ax.hi > 1.2) {
		t.Errorf("axis %+v: not marked as having values beyond it, or no room beyond 1×", ax)
	}
	if legend := legendText(r.legend()); strings.Contains(legend, "could not be drawn") || !strings.Contains(legend, "beyond the axis") {
		t.Errorf("legend %q", legend)
	}
}

// Rule: the x axis's label is read whole when the chart has room for it.
// Under the axis, the names' and values' columns are empty, so a label
// wider than the data area (a long reference, long names, long values)
// reaches into them rather than being cut.
func TestXLabelWhole(t *testing.T) {
	r := &Ratios{Title: "B/op", Ref: "reduction=sweep", Cols: []string{"reduction=sweep", "reduction=parallel", "reduction=mixed"}, Unit: "B/op", Better: LowerBetter}
	for i := range 3 {
		r.Rows = append(r.Rows, RatioRow{Label: fmt.Sprintf("Parse/strategy=AOPP/file=citylots.json/goroutines=%d-128", i+2), Limit: math.NaN(),
			Points: []RatioPoint{{1, 1 / (1.2 + float64(i)/100), 1 / 1.3, 1 / 1.1, true}, {2, 1.000001, 1.0000005, 1.000002, true}}})
	}
	w, h := r.Size()
	lay := r.draw(canvas(w, h))
	if want := "better by (×): reduction=sweep ÷ value; lower is better (B/op)"; lay.xlabel != want {
		t.Errorf("x label %q, want %q", lay.xlabel, want)
	}
	sty := text.Style{Font: font.From(sans, 11), Handler: plot.DefaultTextHandler}
	if data := lay.data.Max.X - lay.data.Min.X; !(sty.Width(lay.xlabel) > data) {
		t.Errorf("the label (%v) fits the data area (%v) by itself: the case does not test the rule", sty.Width(lay.xlabel), data)
	}
}

// Rule (review of 3636268): an arrow at the edge does not stretch the
// axis. A median of 0 with a few samples above it has an interval end
// far beyond the other rows ("better by" 100×); the axis stays theirs,
// with room for the arrow. A column whose only points are such arrows is
// in the legend as drawn, not "no point drawn". And a line chart whose
// series each have one interval draws no band, and says so.
func TestEdgeStretchesNothing(t *testing.T) {
	nan := math.NaN()
	r := &Ratios{Title: "allocs/op", Ref: "a", Cols: []string{"a", "b", "c"}, Better: LowerBetter, Rows: []RatioRow{
		{Label: "One", Points: []RatioPoint{{1, 1 / 1.1, 1 / 1.15, 1 / 1.05, true}, {2, 0, 0, 0.01, true}}, Limit: nan},
		{Label: "Two", Points: []RatioPoint{{1, 1 / 0.9, 1 / 0.85, 1 / 0.95, true}, {2, 0, 0, 0, true}}, Limit: nan},
		{Label: "Three", Points: []RatioPoint{{1, 1, 0.95, 1.05, false}}, Limit: nan},
	}}
	_, ax := r.dots()
	if ax.log || !(ax.hi < 2) {
		t.Errorf("axis %+v: stretched by an arrow's interval end", ax)
	}
	if legend := legendText(r.legend()); strings.Contains(legend, "no point drawn") || !strings.Contains(legend, "column c") {
		t.Errorf("a column of arrows only is not in the legend as drawn: %q", legend)
	}
	inf := math.Inf(1)
	one := func(v float64) []Point { // one interval, on the first point
		return []Point{{X: 1, Y: NewInterval(v, v*0.9, v*1.1)}, {X: 2, Y: NewInterval(v, -inf, inf)}, {X: 4, Y: NewInterval(v, -inf, inf)}}
	}
	l := &Lines{Title: "t", YUnit: "sec/op", Panels: []LinePanel{{Series: []Series{{Name: "a", Points: one(10)}, {Name: "b", Points: one(7)}}}}}
	if legend := legendText(l.legend()); strings.Contains(legend, "shaded") || !strings.Contains(legend, "no band") || l.Banded() {
		t.Errorf("series of one interval each: %q", legend)
	}
}
