package chart

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"

	"github.com/concbench/concbench/report/internal/pngcheck"
)

var chartDir = flag.String("chartdir", "", "also write the test charts to this directory, to look at them")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// sampleSpeedups is shaped like the IO suite's chart.
func sampleSpeedups() *Speedups {
	return &Speedups{
		Title:    "IO task: speedup over sequential",
		Subtitle: "5 iterations × 30 requests, 20ms latency; linux/amd64, 2 CPUs",
		YLabel:   "speedup over sequential (×)",
		Panels: []Panel{
			{
				Title: "BenchmarkIO api=mock (sequential: 3.12 s)",
				Bars: []Bar{
					{Label: "goroutines", Speedup: Interval{29.1, 27.9, 29.8}},
					{Label: "pool\nworkers=32", Speedup: Interval{28.7, 27.5, 29.9}},
					{Label: "errgroup\nworkers=32", Speedup: Interval{28.9, 28.1, 29.7}},
					{Label: "ratelimit", Speedup: Interval{9.8, 9.5, 10.1}},
					{Label: "pipeline", Speedup: Interval{101, 95, 108}, Winner: true},
					{Label: "singlethread", Speedup: Interval{28.5, 27.1, 29.2}},
					{Label: "processes", Speedup: Interval{12.1, 10.2, 13.3}},
				},
				Limit: 150, LimitLabel: "limit: all 150 requests in one round trip",
			},
			{
				Title: "BenchmarkIOThrottled api=mock (sequential: 3.12 s, borrowed from BenchmarkIO)",
				Bars: []Bar{
					{Label: "ratelimit", Speedup: Interval{1.09, 1.07, 1.10}, Winner: true},
					{Label: "pool\nworkers=32", Speedup: Interval{0.93, 0.8, math.Inf(1)}},
				},
				Limit: 1.11, LimitLabel: "limit: throttle floor (150 − 10 burst) / 50 req/s = 2.8 s",
			},
		},
	}
}

func sampleLinear() *Speedups {
	return &Speedups{
		Title:  "CPU task: speedup over sequential",
		YLabel: "speedup over sequential (×)",
		Panels: []Panel{{
			Title: "BenchmarkCPU workload=ll (sequential: 1.92 s)",
			Bars: []Bar{
				{Label: "goroutines", Speedup: Interval{1.82, 1.75, 1.9}},
				{Label: "pool\nworkers=2", Speedup: Interval{1.91, 1.88, 1.95}, Winner: true},
				{Label: "pool\nworkers=2\norder=desc", Speedup: Interval{1.90, 1.85, 1.94}},
				{Label: "static\nworkers=2", Speedup: Interval{1.41, 1.38, 1.44}},
				{Label: "processes", Speedup: Interval{1.62, 1.5, 1.7}},
			},
			Limit: 2, LimitLabel: "limit: NumCPU = 2",
		}},
	}
}

func sampleScaling() *Scaling {
	ws := []float64{1, 2, 4, 8, 16, 32, 64, 128}
	s := &Scaling{
		Title:  "IO task: speedup against workers",
		XLabel: "workers (log scale)",
		YLabel: "speedup over sequential (×)",
	}
	for k, name := range []string{"pool (api=mock)", "errgroup (api=mock)"} {
		var pts []Point
		for _, w := range ws {
			c := math.Min(w, 150/math.Ceil(150/w)) * (0.95 - 0.05*float64(k))
			pts = append(pts, Point{X: w, Y: Interval{c, c * 0.93, c * 1.05}})
		}
		s.Series = append(s.Series, Series{Name: name, Points: pts})
	}
	for _, w := range ws {
		s.Limit = append(s.Limit, Point{X: w, Y: Interval{Center: 150 / math.Ceil(150/w)}})
	}
	s.LimitLabel = "limit: 150 requests / ceil(150 / workers) round trips"
	return s
}

func sampleCompare() *Compare {
	return &Compare{
		Title:     "Change from old.txt to new.txt (sec/op)",
		Threshold: 0.05,
		Changes: []Change{
			{Name: "IO/api=mock/strategy=sequential-2", Change: Interval{0.002, -0.01, 0.015}},
			{Name: "IO/api=mock/strategy=pool/workers=32-2", Change: Interval{0.30, 0.22, 0.38}, Significant: true},
			{Name: "IO/api=local/transport=tuned/strategy=errgroup/workers=32-2", Change: Interval{-0.12, -0.18, -0.05}, Significant: true},
			{Name: "CPU/workload=ll/strategy=pool/workers=2-2", Change: Interval{0.04, -0.02, 0.09}},
			{Name: "CPU/workload=trial61/strategy=splitrange/workers=2-2", Change: Interval{0.01, math.Inf(-1), math.Inf(1)}},
		},
	}
}

func TestCharts(t *testing.T) {
	cases := []struct {
		name string
		size func() (int, int)
		draw func(*bytes.Buffer) error
	}{
		{"speedup-log", sampleSpeedups().Size, func(b *bytes.Buffer) error { return sampleSpeedups().WritePNG(b) }},
		{"speedup-linear", sampleLinear().Size, func(b *bytes.Buffer) error { return sampleLinear().WritePNG(b) }},
		{"scaling", sampleScaling().Size, func(b *bytes.Buffer) error { return sampleScaling().WritePNG(b) }},
		{"compare", sampleCompare().Size, func(b *bytes.Buffer) error { return sampleCompare().WritePNG(b) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := tc.draw(&buf); err != nil {
				t.Fatal(err)
			}
			if *chartDir != "" {
				os.WriteFile(filepath.Join(*chartDir, tc.name+".png"), buf.Bytes(), 0o644)
			}
			w, h := tc.size()
			pngcheck.Check(t, buf.Bytes(), w, h)
		})
	}
}
