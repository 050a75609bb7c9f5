package chart

import (
	"fmt"
	"image/color"
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
	got := elideTitle(title, sty, px(Width-2*headerMargin))
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
	got := titleLines(title, sty, w)
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
	if !(headerHeightOf(title) > headerHeight) {
		t.Errorf("header of a title of %d lines is %d px high, no more than one line's %d", len(got), headerHeightOf(title), headerHeight)
	}
	short := "sec/op: each sub-benchmark against ChainedPromise"
	if got := titleLines(short, sty, w); len(got) != 1 || got[0] != short {
		t.Errorf("short title became %q", got)
	}
	if headerHeightOf(short) != headerHeight {
		t.Errorf("header of a one-line title is %d px high, want %d", headerHeightOf(short), headerHeight)
	}
	// Too long for maxTitleLines: each line is elided, none overflows.
	long := strings.Repeat("key: a-long-configuration-value, ", 12) + "sec/op"
	if got := titleLines(long, sty, w); len(got) != maxTitleLines {
		t.Errorf("a title too long for %d lines came in %d: %q", maxTitleLines, len(got), got)
	}
	for _, line := range titleLines(long, sty, w) {
		if sty.Width(line) > w {
			t.Errorf("line %q is %v wide, more than %v", line, sty.Width(line), w)
		}
	}
}
