package chart

import (
	"fmt"
	"math"
	"os"
	"testing"
)

// sampleSuite is shaped like the suite's IO speedup chart on Ratios: a
// row per group, a column per strategy, limits per row.
func sampleSuite() *Ratios {
	cols := []string{"sequential", "goroutines", "pool workers=32", "errgroup workers=32", "ratelimit", "pipeline", "singlethread", "processes"}
	sp := func(col int, s, lo, hi float64) RatioPoint {
		return RatioPoint{Col: col, Ratio: 1 / s, Lo: 1 / hi, Hi: 1 / lo, Significant: true}
	}
	return &Ratios{
		Title: "IO task: speedup of each strategy over sequential", Subtitle: "5 iterations × 30 requests, 20ms latency; linux/amd64, 2 CPUs",
		Unit: "sec/op", Better: LowerBetter, Ref: "sequential", Cols: cols, Ranked: true,
		LimitLabel: "each row's limit: one round trip for all requests, or the throttle's floor",
		Rows: []RatioRow{
			{Label: "BenchmarkIO api=mock", Limit: 1.0 / 150, Points: []RatioPoint{sp(1, 29.1, 27.9, 29.8), sp(2, 28.7, 27.5, 29.9), sp(3, 28.9, 28.1, 29.7), sp(4, 9.8, 9.5, 10.1), sp(5, 101, 95, 108), sp(6, 28.5, 27.1, 29.2), sp(7, 12.1, 10.2, 13.3)}},
			{Label: "BenchmarkIOThrottled api=mock", Limit: 1 / 1.11, Points: []RatioPoint{sp(4, 1.09, 1.07, 1.10), {Col: 2, Ratio: 1 / 0.93, Lo: 0, Hi: math.Inf(1)}}},
		},
	}
}

// writeLooks writes each chart to -chartdir as NAME.png.
func writeLooks(t *testing.T, charts map[string]pngChart) {
	t.Helper()
	for name, c := range charts {
		f, err := os.Create(*chartDir + "/" + name + ".png")
		if err != nil {
			t.Fatal(err)
		}
		err = c.WritePNG(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestLookSuite(t *testing.T) {
	if *chartDir == "" {
		t.Skip("-chartdir not set")
	}
	writeLooks(t, map[string]pngChart{"suite": sampleSuite()})
}

// TestLookMore writes charts that have no golden, to look at: a compare
// of huge changes in B/s, a table of unknown direction, the suite's
// scaling chart.
func TestLookMore(t *testing.T) {
	if *chartDir == "" {
		t.Skip("-chartdir not set")
	}
	huge := &Compare{Title: "Throughput: new vs old", Unit: "B/s", Better: HigherBetter, Threshold: 0.05}
	for i, c := range []float64{9, 0.1, -0.5, 0.03, -0.02, 1.5, 40} {
		huge.Changes = append(huge.Changes, Change{Name: "Bench" + string(rune('A'+i)), Change: Interval{c, c*0.9 - 0.01, c*1.1 + 0.01}, Significant: i != 4})
	}
	unknown := sampleRate()
	unknown.Title, unknown.Unit, unknown.Better = "Custom metric, direction unknown", "things/op", Unknown
	ws := []float64{1, 2, 4, 8, 16, 32, 64, 128}
	scaling := &Lines{Title: "IO task: speedup against the number of workers", XLabel: "workers", YLabel: "speedup over sequential (×)", Better: HigherBetter, LimitLabel: "limit: 150 requests / ⌈150 / workers⌉ round trips"}
	var p LinePanel
	for k, name := range []string{"pool (api=mock)", "errgroup (api=mock)"} {
		var pts []Point
		for _, w := range ws {
			c := math.Min(w, 150/math.Ceil(150/w)) * (0.95 - 0.05*float64(k))
			pts = append(pts, Point{X: w, Y: Interval{c, c * 0.93, c * 1.05}})
		}
		p.Series = append(p.Series, Series{Name: name, Points: pts})
	}
	for _, w := range ws {
		p.Limit = append(p.Limit, Point{X: w, Y: Interval{Center: 150 / math.Ceil(150/w)}})
	}
	scaling.Panels = []LinePanel{p}
	writeLooks(t, map[string]pngChart{"compare-huge": huge, "unknown": unknown, "scaling": scaling})
}

// TestLookEdges writes a one-row table, a trend of 40 runs and a single
// trend panel, to look at.
func TestLookEdges(t *testing.T) {
	if *chartDir == "" {
		t.Skip("-chartdir not set")
	}
	one := sampleSmall()
	one.Rows = one.Rows[:1]
	long := &Trend{Title: "40 runs"}
	s := TrendSeries{Label: "BenchmarkLong-2", Unit: "allocs/op", Better: LowerBetter, ChangePoints: []int{25}}
	for i := range 40 {
		c := 120.0
		if i >= 25 {
			c = 150
		}
		s.Runs = append(s.Runs, TrendRun{Label: fmt.Sprintf("%07x", i*977+0xabc123), Center: c, Lo: c - 3, Hi: c + 3})
	}
	long.Benchmarks = []TrendSeries{s}
	writeLooks(t, map[string]pngChart{"one-row": one, "trend-40": long, "empty": &Ratios{Title: "no rows"}})
}
