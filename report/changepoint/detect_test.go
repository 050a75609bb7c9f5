package changepoint

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// noise reads the A/A recordings of the suite (testdata/aa, the same
// binary measured as two sides, interleaved) and returns, per benchmark,
// its sec/op samples divided by their median: real multiplicative noise.
func noise(t testing.TB) [][]float64 {
	t.Helper()
	by := make(map[string][]float64)
	for _, name := range []string{"A.txt", "B.txt"} {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "aa", name))
		if err != nil {
			t.Fatal(err)
		}
		r := benchfmt.NewReader(f, name)
		for r.Scan() {
			res, ok := r.Result().(*benchfmt.Result)
			if !ok {
				continue
			}
			if v, ok := res.Value("sec/op"); ok {
				key := res.Name.String()
				by[key] = append(by[key], v)
			}
		}
		f.Close()
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out [][]float64
	for _, k := range keys {
		xs := slices.Clone(by[k])
		if len(xs) < 12 {
			continue
		}
		m := median(slices.Clone(xs))
		for i := range xs {
			xs[i] /= m
		}
		out = append(out, xs)
	}
	if len(out) < 10 {
		t.Fatalf("testdata/aa holds %d benchmarks with 12 or more samples", len(out))
	}
	return out
}

// synth draws a series of runs×n samples of one benchmark's noise,
// multiplied by level(run).
func synth(rng *rand.Rand, noise []float64, runs, n int, level func(int) float64) [][]float64 {
	series := make([][]float64, runs)
	for i := range series {
		series[i] = make([]float64, n)
		for j := range series[i] {
			series[i][j] = noise[rng.IntN(len(noise))] * level(i)
		}
	}
	return series
}

// Synthetic series shape: the Makefile's COUNT (6 samples a run) over 8
// runs (commits).
const (
	synthRuns    = 8
	synthSamples = 6
)

func trials(t *testing.T) int {
	if testing.Short() {
		return 300
	}
	return 1000
}

// TestStepFound: a 20% step, at a random run, in series whose noise is
// drawn from real A/A runs of the suite, is found at the right run in at
// least 90% of trials.
func TestStepFound(t *testing.T) {
	ns := noise(t)
	n := trials(t)
	rng := rand.New(rand.NewPCG(1, 2))
	found, extra, covered := 0, 0, 0
	for trial := range n {
		b := ns[rng.IntN(len(ns))]
		at := 2 + rng.IntN(synthRuns-3) // 2..6: every place MinSegment 2 allows
		series := synth(rng, b, synthRuns, synthSamples, func(i int) float64 {
			if i >= at {
				return 1.2
			}
			return 1
		})
		changes, err := Detect(series, Config{Seed: uint64(trial) + 1})
		if err != nil {
			t.Fatal(err)
		}
		hit := false
		for _, c := range changes {
			if c.Index == at {
				hit = true
				if c.Lo <= 1.2 && 1.2 <= c.Hi {
					covered++
				}
			}
		}
		if hit {
			found++
		}
		if len(changes) > 1 || (!hit && len(changes) > 0) {
			extra++
		}
	}
	rate := float64(found) / float64(n)
	t.Logf("20%% step found at the right run in %d of %d trials (%.1f%%); %d trials with a change elsewhere too; the interval holds 1.2 in %.1f%% of the steps found",
		found, n, 100*rate, extra, 100*float64(covered)/float64(max(found, 1)))
	if rate < 0.90 {
		t.Errorf("20%% step found in %.1f%% of trials, want ≥ 90%%", 100*rate)
	}
}

// TestFlatSeries: a series without a step gets a false change point in at
// most 5% of trials; so does one with a single odd run (50% slower),
// which MinSegment keeps from being a change of its own.
func TestFlatSeries(t *testing.T) {
	ns := noise(t)
	n := trials(t)
	for _, tc := range []struct {
		name string
		odd  float64
	}{{"flat", 1}, {"one odd run", 1.5}} {
		rng := rand.New(rand.NewPCG(3, 4))
		falses := 0
		for trial := range n {
			b := ns[rng.IntN(len(ns))]
			odd := rng.IntN(synthRuns)
			series := synth(rng, b, synthRuns, synthSamples, func(i int) float64 {
				if i == odd {
					return tc.odd
				}
				return 1
			})
			changes, err := Detect(series, Config{Seed: uint64(trial) + 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) > 0 {
				falses++
			}
		}
		rate := float64(falses) / float64(n)
		t.Logf("%s: a false change point in %d of %d trials (%.1f%%)", tc.name, falses, n, 100*rate)
		if rate > 0.05 {
			t.Errorf("%s: false change points in %.1f%% of trials, want ≤ 5%%", tc.name, 100*rate)
		}
	}
}

// TestTwoSteps: a step up and, later, a step down are both found, each
// with its ratio.
func TestTwoSteps(t *testing.T) {
	level := []float64{1, 1, 1, 2, 2, 2, 2, 1, 1, 1}
	var series [][]float64
	for i, l := range level {
		series = append(series, []float64{l * 1.00, l * 1.01, l * 0.99, l * 1.02, l*0.98 + float64(i)*1e-4})
	}
	changes, err := Detect(series, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].Index != 3 || changes[1].Index != 7 {
		t.Fatalf("changes %+v, want at runs 3 and 7", changes)
	}
	if r := changes[0].Ratio; math.Abs(r-2) > 0.05 || changes[0].Lo > r || changes[0].Hi < r {
		t.Errorf("first step %+v, want a ratio of 2 inside its interval", changes[0])
	}
	if r := changes[1].Ratio; math.Abs(r-0.5) > 0.02 || changes[1].P > 0.01 || changes[1].Z >= 0 {
		t.Errorf("second step %+v, want a ratio of 0.5, p ≤ 0.01, z < 0", changes[1])
	}
}

// TestDetectEdges: missing runs keep their indexes; deterministic for a
// seed; bad input is an error, not a panic.
func TestDetectEdges(t *testing.T) {
	series := [][]float64{{1, 1.1, 0.9, 1}, nil, {1, 1.05, 0.95, 1}, {2, 2.1, 1.9, 2}, {}, {2, 2.2, 1.8, 2}}
	a, err := Detect(series, Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 1 || a[0].Index != 3 {
		t.Fatalf("changes %+v, want one at run 3", a)
	}
	b, _ := Detect(series, Config{Seed: 7})
	if !slices.Equal(a, b) {
		t.Errorf("two detections with seed 7 differ: %+v, %+v", a, b)
	}
	if _, err := Detect([][]float64{{1}}, Config{}); err != ErrNoData {
		t.Errorf("one run: %v, want ErrNoData", err)
	}
	if _, err := Detect([][]float64{{1}, {math.NaN()}}, Config{}); err == nil {
		t.Error("NaN accepted")
	}
	if _, err := Detect([][]float64{{1}, {2}}, Config{Alpha: 2}); err == nil {
		t.Error("Alpha 2 accepted")
	}
	if c, err := Detect([][]float64{{1, 1}, {1, 1}, {1, 1}, {1, 1}}, Config{}); err != nil || len(c) != 0 {
		t.Errorf("constant series: %v, %v", c, err)
	}
}
