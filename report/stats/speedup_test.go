package stats

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"golang.org/x/perf/benchmath"
)

// lines writes n samples of a benchmark around ns nanoseconds per op.
func lines(name string, ns float64, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Benchmark%s-2 1 %.0f ns/op\n", name, ns*(1+0.01*float64(i%3)))
	}
	return b.String()
}

func timeTable(t *testing.T, text string) *Table {
	t.Helper()
	ts, err := FromText("bench.txt", text)
	if err != nil {
		t.Fatal(err)
	}
	return ts.Unit("sec/op")
}

func TestSpeedups(t *testing.T) {
	text := lines("IO/api=mock/strategy=sequential", 3e9, 6) +
		lines("IO/api=mock/strategy=pool/workers=32", 1e8, 6) +
		lines("IO/api=local/transport=tuned/strategy=sequential", 3.3e9, 6) +
		lines("IO/api=local/transport=tuned/strategy=errgroup/workers=32", 1.1e8, 6) +
		lines("IOScaling/api=mock/strategy=pool/workers=16", 2e8, 6) +
		lines("IOScaling/api=mock/strategy=pool/workers=2", 1.5e9, 6) +
		lines("CPU/workload=ll/strategy=sequential", 2e9, 6) +
		lines("CPU/workload=ll/strategy=pool/workers=2/order=desc", 1e9, 6) +
		lines("CPU/workload=ll/strategy=pool/workers=2", 1.01e9, 6) +
		lines("CPUScaling/workload=ll/strategy=pool/workers=4", 1.02e9, 6) +
		lines("Request/api=mock", 1e4, 6)
	groups, err := Speedups(timeTable(t, text), 0, &Strategy)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range groups {
		s := g.Title() + ":"
		if g.Borrowed {
			s += " (borrowed " + g.Base.Name + ")"
		}
		for _, m := range g.Members {
			s += fmt.Sprintf(" %s=%.1f", m.Label(), m.Ratio.Center)
		}
		got = append(got, s)
	}
	want := []string{
		"BenchmarkIO api=mock: pool workers=32=30.0",
		"BenchmarkIO api=local/transport=tuned: errgroup workers=32=30.0",
		"BenchmarkIOScaling api=mock: (borrowed IO/api=mock/strategy=sequential-2) pool workers=16=15.0 pool workers=2=2.0",
		"BenchmarkCPU workload=ll: pool workers=2 order=desc=2.0 pool workers=2=2.0",
		"BenchmarkCPUScaling workload=ll: (borrowed CPU/workload=ll/strategy=sequential-2) pool workers=4=2.0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	s := groups[0].Members[0]
	if !s.Significant() || s.Comparison.P > 0.01 {
		t.Errorf("pool vs sequential: p=%v, want significant", s.Comparison.P)
	}
	if !(s.Ratio.Lo < s.Ratio.Center && s.Ratio.Center < s.Ratio.Hi) || !s.Ratio.Finite() {
		t.Errorf("interval %+v does not surround its center", s.Ratio)
	}
	if w := groups[0].Winner(); w != s {
		t.Errorf("winner %v, want pool", w)
	}
}

func TestMissingBaseline(t *testing.T) {
	text := lines("CPU/workload=ll/strategy=pool/workers=2", 1e9, 6) +
		lines("CPU/workload=trial61/strategy=sequential", 2e9, 6)
	_, err := Speedups(timeTable(t, text), 0, &Strategy)
	want := "group BenchmarkCPU workload=ll: no strategy=sequential benchmark to compare CPU/workload=ll/strategy=pool/workers=2-2 with (in bench.txt)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestCheckerAxes compares checkers with trial at the same n and the shift
// reduction with mod, without errors where no reference exists.
func TestCheckerAxes(t *testing.T) {
	text := lines("Checker/check=trial/n=31", 9e4, 6) +
		lines("Checker/check=trialkp/n=31", 2.4e3, 6) +
		lines("Checker/check=lucaslehmer/n=31", 3.7e3, 6) +
		lines("Checker/check=lucaslehmer/n=127/reduce=shift", 1.9e4, 6) +
		lines("Checker/check=lucaslehmer/n=127/reduce=mod", 3.5e4, 6)
	tab := timeTable(t, text)
	var got []string
	for i := range DefaultAxes {
		groups, err := Speedups(tab, 0, &DefaultAxes[i])
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			s := fmt.Sprintf("%s by %s (base %v):", g.Title(), g.Axis.Key, g.Base != nil)
			for _, m := range g.Members {
				s += fmt.Sprintf(" %s=%.2f", m.Label(), m.Ratio.Center)
			}
			got = append(got, s)
		}
	}
	want := []string{
		"BenchmarkChecker n=31 by check (base true): trialkp=37.50 lucaslehmer=24.32",
		"BenchmarkChecker n=127 by check (base false): lucaslehmer reduce=shift=NaN lucaslehmer reduce=mod=NaN",
		"BenchmarkChecker check=lucaslehmer/n=127 by reduce (base true): shift=1.84",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRatio(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		num, den benchmath.Summary
		want     Interval
	}{
		{benchmath.Summary{Center: 10, Lo: 9, Hi: 12, Confidence: 0.97}, benchmath.Summary{Center: 2, Lo: 1.5, Hi: 2.5, Confidence: 0.97},
			Interval{Center: 5, Lo: 3.6, Hi: 8, Confidence: 0.97 * 0.97}},
		{benchmath.Summary{Center: 10, Lo: -inf, Hi: inf, Confidence: 0.5}, benchmath.Summary{Center: 2, Lo: 1.5, Hi: 2.5, Confidence: 0.97},
			Interval{Center: 5, Lo: -inf, Hi: inf}},
		{benchmath.Summary{Center: 10, Lo: 9, Hi: 12}, benchmath.Summary{Center: 2, Lo: 0, Hi: 2.5},
			Interval{Center: 5, Lo: 3.6, Hi: inf}},
	}
	for _, tc := range cases {
		got := Ratio(tc.num, tc.den)
		if math.Abs(got.Center-tc.want.Center) > 1e-12 || math.Abs(got.Lo-tc.want.Lo) > 1e-12 && got.Lo != tc.want.Lo ||
			got.Hi != tc.want.Hi && math.Abs(got.Hi-tc.want.Hi) > 1e-12 || math.Abs(got.Confidence-tc.want.Confidence) > 1e-12 {
			t.Errorf("Ratio(%+v, %+v) = %+v, want %+v", tc.num, tc.den, got, tc.want)
		}
	}
	if got := Ratio(benchmath.Summary{Center: 0}, benchmath.Summary{Center: 1}); !math.IsNaN(got.Center) {
		t.Errorf("ratio of a zero median = %v, want NaN", got.Center)
	}
}

// TestRatioCoverage checks by simulation that the interval holds the true
// ratio of medians at least as often as the documented bound: with 6
// samples from each of two lognormal distributions, in at least 94% of
// trials.
func TestRatioCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const trials = 2000
	rng := newRand(1)
	covered := 0
	for i := 0; i < trials; i++ {
		a, b := make([]float64, 6), make([]float64, 6)
		for j := range a {
			a[j] = 3 * math.Exp(0.1*rng.NormFloat64()) // median 3
			b[j] = 1 * math.Exp(0.3*rng.NormFloat64()) // median 1
		}
		th := DefaultOptions.Thresholds
		sa := benchmath.AssumeNothing.Summary(benchmath.NewSample(a, &th), 0.95)
		sb := benchmath.AssumeNothing.Summary(benchmath.NewSample(b, &th), 0.95)
		iv := Ratio(sa, sb)
		if iv.Lo <= 3 && 3 <= iv.Hi {
			covered++
		}
	}
	if rate := float64(covered) / trials; rate < 0.94 {
		t.Errorf("coverage %.3f, want ≥ 0.94", rate)
	} else {
		t.Logf("coverage %.3f", rate)
	}
}

// TestGOMAXPROCS keeps runs with -cpu 1,2 apart: a group per GOMAXPROCS,
// told apart in their titles.
func TestGOMAXPROCS(t *testing.T) {
	text := strings.ReplaceAll(lines("CPU/workload=ll/strategy=sequential", 2e9, 6)+lines("CPU/workload=ll/strategy=pool/workers=2", 1e9, 6), "-2 ", " ") +
		lines("CPU/workload=ll/strategy=sequential", 2e9, 6) + lines("CPU/workload=ll/strategy=pool/workers=2", 1.1e9, 6)
	groups, err := Speedups(timeTable(t, text), 0, &Strategy)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, g := range groups {
		titles = append(titles, fmt.Sprintf("%s: %.2f", g.Title(), g.Members[0].Ratio.Center))
	}
	want := "BenchmarkCPU workload=ll gomaxprocs=1: 2.00, BenchmarkCPU workload=ll gomaxprocs=2: 1.82"
	if got := strings.Join(titles, ", "); got != want {
		t.Errorf("groups %s, want %s", got, want)
	}
}
