package chart

import (
	"fmt"
	"math"
)

// The samples the goldens and the rule tests draw. Their numbers are made
// up but shaped like real benchmark tables.

// sampleSmall is a table of 3 rows × 4 columns in sec/op.
func sampleSmall() *Ratios {
	return &Ratios{
		Title:    "encoding/base64: time per op against go1.24.txt",
		Subtitle: "goos: linux, goarch: amd64, cpu: 2 CPUs",
		Unit:     "sec/op", Better: LowerBetter,
		Ref:  "go1.24.txt",
		Cols: []string{"go1.24.txt", "go1.25.txt", "go1.26.txt", "tip.txt"},
		Rows: []RatioRow{
			{Label: "EncodeToString-2", Points: []RatioPoint{
				{Col: 1, Ratio: 0.97, Lo: 0.93, Hi: 1.02},
				{Col: 2, Ratio: 0.81, Lo: 0.78, Hi: 0.84, Significant: true},
				{Col: 3, Ratio: 0.79, Lo: 0.75, Hi: 0.83, Significant: true},
			}},
			{Label: "DecodeString-2", Points: []RatioPoint{
				{Col: 1, Ratio: 1.02, Lo: 0.99, Hi: 1.05},
				{Col: 2, Ratio: 1.12, Lo: 1.08, Hi: 1.17, Significant: true},
				{Col: 3, Ratio: 0.95, Lo: math.Inf(-1), Hi: math.Inf(1)},
			}},
			{Label: "NewEncoding-2", Points: []RatioPoint{
				{Col: 1, Ratio: 1.0, Lo: 0.98, Hi: 1.03},
				{Col: 2, Ratio: 0.62, Lo: 0.58, Hi: 0.66, Significant: true},
				{Col: 3, Ratio: 0.6, Lo: 0.57, Hi: 0.64, Significant: true},
			}},
		},
	}
}

// sampleMany is a table of 200 rows, old against new.
func sampleMany() *Ratios {
	r := &Ratios{
		Title: "Time per op, new.txt against old.txt (200 benchmarks)",
		Unit:  "sec/op", Better: LowerBetter,
		Ref:  "old.txt",
		Cols: []string{"old.txt", "new.txt"},
	}
	for i := range 200 {
		// A deterministic spread: mostly within ±5%, a few larger.
		x := math.Sin(float64(i)*1.7) * 0.05
		if i%23 == 0 {
			x = 0.4 * math.Cos(float64(i))
		}
		c := math.Exp(x)
		r.Rows = append(r.Rows, RatioRow{
			Label:  fmt.Sprintf("Pkg%d/Func%d/size=%d-2", i/20, i%20, 1<<(i%12)),
			Points: []RatioPoint{{Col: 1, Ratio: c, Lo: c * 0.97, Hi: c * 1.03, Significant: math.Abs(x) > 0.03}},
		})
	}
	return r
}

// sampleRate is a B/s table: higher is better.
func sampleRate() *Ratios {
	return &Ratios{
		Title: "crypto/sha256: throughput against base.txt",
		Unit:  "B/s", Better: HigherBetter,
		Ref:  "base.txt",
		Cols: []string{"base.txt", "simd.txt", "asm.txt"},
		Rows: []RatioRow{
			{Label: "Hash8Bytes/New-2", Points: []RatioPoint{{Col: 1, Ratio: 1.35, Lo: 1.3, Hi: 1.41, Significant: true}, {Col: 2, Ratio: 0.91, Lo: 0.88, Hi: 0.95, Significant: true}}},
			{Label: "Hash1K/New-2", Points: []RatioPoint{{Col: 1, Ratio: 2.1, Lo: 2.0, Hi: 2.2, Significant: true}, {Col: 2, Ratio: 1.02, Lo: 0.97, Hi: 1.06}}},
			{Label: "Hash8K/New-2", Points: []RatioPoint{{Col: 1, Ratio: 2.4, Lo: 2.3, Hi: 2.5, Significant: true}, {Col: 2, Ratio: 0.7, Lo: 0.66, Hi: 0.74, Significant: true}}},
			{Label: "Hash256K/New-2", Points: []RatioPoint{{Col: 1, Ratio: 2.5, Lo: 2.4, Hi: 2.62, Significant: true}, {Col: 2, Ratio: 1.0, Lo: 0.98, Hi: 1.02}}},
		},
	}
}

// sampleHuge has one row 1000× faster, the others about 1.1×.
func sampleHuge() *Ratios {
	r := &Ratios{
		Title: "One huge change among small ones (sec/op)",
		Unit:  "sec/op", Better: LowerBetter,
		Ref: "before", Cols: []string{"before", "after"},
	}
	for i, c := range []float64{0.91, 0.001, 0.93, 1.08, 0.9, 1.1} {
		r.Rows = append(r.Rows, RatioRow{
			Label:  fmt.Sprintf("Bench%c-2", 'A'+i),
			Points: []RatioPoint{{Col: 1, Ratio: c, Lo: c * 0.97, Hi: c * 1.03, Significant: true}},
		})
	}
	return r
}

// sampleCPU is a line chart against the -cpu suffix, 1, 2 and 4.
func sampleCPU() *Lines {
	l := &Lines{
		Title:  "BenchmarkParallelSum: time per op against GOMAXPROCS",
		XLabel: "GOMAXPROCS (-cpu)", YLabel: "sec/op", Better: LowerBetter,
	}
	var p LinePanel
	for k, name := range []string{"mutex", "atomic", "sharded"} {
		var pts []Point
		for _, cpu := range []float64{1, 2, 4} {
			c := 1e-6 * (1 + float64(k)) / math.Pow(cpu, 0.3*float64(k+1))
			pts = append(pts, Point{X: cpu, Y: Interval{c, c * 0.95, c * 1.06}})
		}
		p.Series = append(p.Series, Series{Name: name, Points: pts})
	}
	l.Panels = []LinePanel{p}
	return l
}

// sampleSize is a line chart against size=1…1048576, two panels.
func sampleSize() *Lines {
	l := &Lines{
		Title:  "BenchmarkCopy: throughput against size",
		XLabel: "size (bytes)", YLabel: "B/s", Better: HigherBetter,
		LimitLabel: "limit: memory bandwidth, 20 GB/s",
	}
	for _, pkg := range []string{"bytes", "io"} {
		p := LinePanel{Title: "pkg: " + pkg}
		for k, name := range []string{"copy", "loop"} {
			var pts []Point
			for e := 0; e <= 20; e += 2 {
				x := float64(int(1) << e)
				c := 2e10 * x / (x + 64*float64(k+1)) * (0.9 - 0.3*float64(k))
				pts = append(pts, Point{X: x, Y: Interval{c, c * 0.9, c * 1.08}})
			}
			p.Series = append(p.Series, Series{Name: name, Points: pts})
		}
		p.Limit = []Point{{X: 1, Y: Interval{Center: 2e10}}, {X: 1 << 20, Y: Interval{Center: 2e10}}}
		l.Panels = append(l.Panels, p)
	}
	return l
}

// sampleCompare30 compares two runs of 30 benchmarks.
func sampleCompare30() *Compare {
	c := &Compare{
		Title:    "Change of time per op: new.txt vs old.txt",
		Subtitle: "median change with its interval; Mann-Whitney U test at α = 0.05",
		Unit:     "sec/op", Better: LowerBetter,
		Threshold: 0.05,
	}
	for i := range 30 {
		x := math.Sin(float64(i)*2.3) * 0.12
		c.Changes = append(c.Changes, Change{
			Name:        fmt.Sprintf("Codec/format=%s/size=%d-2", []string{"json", "gob", "xml"}[i%3], 1<<(i%10)),
			Change:      Interval{x, x - 0.04, x + 0.04},
			Significant: math.Abs(x) > 0.04,
		})
	}
	c.Changes[7].Change = Interval{0.02, math.Inf(-1), math.Inf(1)}
	c.Changes[7].Significant = false
	return c
}

// sampleTrend has 4 benchmarks over 8 runs, two with a change point.
func sampleTrend() *Trend {
	hashes := []string{"a1b2c3d", "e4f5a6b", "c7d8e9f", "0a1b2c3", "d4e5f6a", "b7c8d9e", "f0a1b2c", "3d4e5f6"}
	t := &Trend{Title: "Benchmarks across the last 8 commits", Subtitle: "median of 10 samples per commit"}
	add := func(label, unit string, dir Direction, level func(i int) float64, cps ...int) {
		s := TrendSeries{Label: label, Unit: unit, Better: dir, ChangePoints: cps}
		for i, h := range hashes {
			c := level(i) * (1 + 0.01*math.Sin(float64(i)*3))
			s.Runs = append(s.Runs, TrendRun{Label: h, Center: c, Lo: c * 0.98, Hi: c * 1.02})
		}
		t.Benchmarks = append(t.Benchmarks, s)
	}
	add("BenchmarkDecode-2", "sec/op", LowerBetter, func(int) float64 { return 2.1e-6 })
	add("BenchmarkEncode-2", "sec/op", LowerBetter, func(i int) float64 {
		if i >= 5 {
			return 1.4e-6
		}
		return 2e-6
	}, 5)
	add("BenchmarkAlloc-2", "B/op", LowerBetter, func(int) float64 { return 4096 })
	add("BenchmarkThroughput-2", "B/s", HigherBetter, func(i int) float64 {
		if i >= 3 {
			return 8e8
		}
		return 1e9
	}, 3)
	return t
}
