package chart

import (
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

func TestLookSuite(t *testing.T) {
	if *chartDir == "" {
		t.Skip("-chartdir not set")
	}
	f, err := os.Create(*chartDir + "/suite.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := sampleSuite().WritePNG(f); err != nil {
		t.Fatal(err)
	}
}
