// Package trend follows benchmarks across three or more runs (the runs of
// a suite at successive commits, oldest first): each run's median and
// interval, the change points where a benchmark moved to a new level
// (report/changepoint), and the verdict on the newest run against the
// level it should be at, under the regression gate's rules and exit codes
// (report/gate), so that a trend is a CI gate as a two-run compare is.
//
// Analyze takes plain numbers, a sample per run for each benchmark; Files
// reads benchmark files (such as concbench bench writes, one per commit)
// and orders them by their commit-time: configuration lines.
//
// A stage of the report's pipeline (see package report) after package
// model: "concbench trend" writes TREND.md, and a report of three or more
// runs its Changes section (FromModel, on the model of the same pass).
package trend

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"

	"golang.org/x/perf/benchmath"
	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/report/changepoint"
	"github.com/concbench/concbench/report/gate"
)

// A Series is one benchmark in one unit across the runs, oldest first.
type Series struct {
	Name   string
	Unit   string
	Better gate.Better
	// Samples holds the sample of each run; an empty one means the
	// benchmark is missing from that run.
	Samples [][]float64
}

// A Point summarises one run of a series: the median and its confidence
// interval, as benchstat's (benchmath.AssumeNothing).
type Point struct {
	Median, Lo, Hi float64
	N              int // samples; 0 when the run lacks the benchmark
}

// A Trend is one series analysed.
type Trend struct {
	Series
	Points []Point
	// Changes are the change points, in run order.
	Changes []changepoint.Change
	// Level is the first run of the level the newest run is judged
	// against: the runs from the last change point before the newest
	// run (or the first run) that the run before the newest cannot be
	// told from and whose medians are within the gate's threshold of its
	// (see steadyFrom); with too few runs for a change point
	// (Result.TooFew), the run before the newest alone.
	Level int
	// Blind, when not nil, says that the level stops at Level because
	// the U test cannot tell the run before it from the level at these
	// sample sizes: pooling it would be blind.
	Blind *Blind
	// Verdict is the gate's verdict on the newest run against the runs
	// Level to newest−1, pooled; nil when the newest run lacks the
	// benchmark (then it is in Result.Gate.Missing).
	Verdict *gate.Verdict
}

// A Blind is a run left out of a level because the Mann–Whitney U test
// cannot tell it from the level at their sample sizes: with 3 samples a
// run, the smallest two-sided p-value of one run against another is 0.1,
// above LevelAlpha, so a step between them could never keep them apart.
type Blind struct {
	Run    int     // the run left out (from 0)
	N1, N2 int     // its samples and the level's
	MinP   float64 // the smallest two-sided p-value these sizes allow
}

// A Gone is a benchmark missing from the newest run and from the run
// before it: it has no level to be missing from (renamed or removed
// earlier), so it is not a failure of the newest run.
type Gone struct {
	Name, Unit string
	LastSeen   int // the last run that has it (from 0)
}

// Options configure Analyze. The zero value of each field means its
// default.
type Options struct {
	// Detect configures the change-point detection
	// (changepoint.DefaultConfig).
	Detect changepoint.Config
	// Method is the gate on the newest run (gate.Default).
	Method gate.Method
	// AllowMissing lets a benchmark be missing from the newest run;
	// otherwise the gate cannot decide.
	AllowMissing bool
}

// A Result is the analysis of a set of runs.
type Result struct {
	// Trends holds a Trend per series: those with change points first,
	// by the size of their largest step, then those whose newest run is
	// slower, then faster, then the others in the order given.
	Trends []Trend
	// Gate is the verdict on the newest run of every series, as a
	// compare of the newest run with its level: Gate.Decision is the
	// outcome, and Gate.Decision.ExitCode() the exit status.
	Gate *gate.Result
	// Detect is the change-point configuration used.
	Detect changepoint.Config
	// TooFew reports that there are fewer runs than a change point needs
	// (MinSegment on each side): no change point can be seen, and the
	// newest run is judged against the run before it, as compare would.
	TooFew bool
	// Gone are the benchmarks missing from the newest run and the run
	// before it, by the run they were last seen in, then in the order of
	// Trends: not in Gate.Missing, which holds only those of the run
	// before the newest.
	Gone []Gone
	// New are the benchmarks ("name (unit)") of the newest run that no
	// run of its level has: nothing to judge them against.
	New []string
}

// LevelAlpha is the level of the test that keeps a run out of the level
// the newest run is judged against: a run whose sample differs from the
// runs after it in the level (Mann–Whitney U, benchstat's two-sided test)
// at p ≤ LevelAlpha starts a level of its own.
const LevelAlpha = 0.05

// ErrTooFewRuns is returned for fewer than three runs: two are a compare.
var ErrTooFewRuns = errors.New("a trend needs three or more runs (two: use compare)")

// ErrStdin is returned for standard input ("-") among the runs: a trend's
// runs are files.
var ErrStdin = errors.New("-: a trend's runs are files, not standard input")

// Analyze finds the change points of every series, and judges the newest
// run of each against its level with the gate (one family over all the
// series, as compare's). Every series must have the same number of runs.
func Analyze(series []Series, opts Options) (*Result, error) {
	if opts.Method == (gate.Method{}) {
		opts.Method = gate.Default
	}
	if err := opts.Method.Validate(); err != nil {
		return nil, err
	}
	if err := opts.Detect.Validate(); err != nil {
		return nil, err
	}
	if len(series) == 0 {
		return nil, errors.New("no benchmarks to follow")
	}
	runs := len(series[0].Samples)
	if runs < 3 {
		return nil, ErrTooFewRuns
	}
	res := &Result{Trends: make([]Trend, len(series)), Detect: opts.Detect}
	res.TooFew = runs < 2*opts.Detect.WithDefaults().MinSegment
	// The change points of each series, found concurrently: a series'
	// permutation tests are seeded by its name, so the result does not
	// depend on the others or on the order.
	changes := make([][]changepoint.Change, len(series))
	var eg errgroup.Group
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for i, s := range series {
		if len(s.Samples) != runs {
			return nil, fmt.Errorf("%s (%s): %d runs, want %d like the others", s.Name, s.Unit, len(s.Samples), runs)
		}
		eg.Go(func() error {
			cfg := opts.Detect
			cfg.Seed = seedOf(opts.Detect.Seed, s.Name, s.Unit)
			c, err := changepoint.Detect(s.Samples, cfg)
			if err != nil && !errors.Is(err, changepoint.ErrNoData) {
				return fmt.Errorf("%s (%s): %w", s.Name, s.Unit, err)
			}
			changes[i] = c
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	var cs []gate.Comparison
	var at []int // the trend of each comparison
	var missing []string
	for i, s := range series {
		if len(s.Samples) != runs {
			return nil, fmt.Errorf("%s (%s): %d runs, want %d like the others", s.Name, s.Unit, len(s.Samples), runs)
		}
		t := Trend{Series: s, Points: make([]Point, runs)}
		for j, xs := range s.Samples {
			t.Points[j] = summarize(xs)
		}
		t.Changes = changes[i]
		newest := runs - 1
		for _, c := range t.Changes {
			if c.Index < newest {
				t.Level = c.Index
			}
		}
		if res.TooFew {
			t.Level = newest - 1
		}
		t.Level, t.Blind = steadyFrom(s.Samples, t.Level, newest, opts.Method.Threshold)
		old := pool(s.Samples[t.Level:newest])
		switch {
		case len(s.Samples[newest]) == 0 && len(s.Samples[newest-1]) > 0:
			missing = append(missing, s.Name+" ("+s.Unit+")")
		case len(s.Samples[newest]) == 0: // in res.Gone, below
		case len(old) == 0:
			res.New = append(res.New, s.Name+" ("+s.Unit+")")
		default:
			cs = append(cs, gate.Comparison{Name: s.Name, Unit: s.Unit, Better: s.Better, Old: old, New: slices.Clone(s.Samples[newest])})
			at = append(at, i)
		}
		res.Trends[i] = t
	}
	g := &gate.Result{Method: opts.Method}
	if len(cs) > 0 {
		var err error
		if g, err = gate.Evaluate(cs, opts.Method); err != nil {
			return nil, err
		}
		for k, i := range at {
			res.Trends[i].Verdict = &g.Verdicts[k]
		}
	}
	g.Missing, g.AllowMissing = missing, opts.AllowMissing
	g.Decide()
	res.Gate = g
	slices.SortStableFunc(res.Trends, func(a, b Trend) int {
		if c := cmp.Compare(largestStep(b), largestStep(a)); c != 0 {
			return c
		}
		return cmp.Compare(newestRank(a), newestRank(b))
	})
	for _, t := range res.Trends {
		if len(t.Samples[runs-1]) == 0 && len(t.Samples[runs-2]) == 0 {
			res.Gone = append(res.Gone, Gone{Name: t.Name, Unit: t.Unit, LastSeen: lastRun(t.Samples)})
		}
	}
	slices.SortStableFunc(res.Gone, func(a, b Gone) int { return cmp.Compare(a.LastSeen, b.LastSeen) })
	return res, nil
}

// seedOf derives a series' seed from the base seed and its name.
func seedOf(base uint64, name, unit string) uint64 {
	if base == 0 {
		base = changepoint.DefaultConfig.Seed
	}
	h := uint64(14695981039346656037) // FNV-1a
	for _, c := range []byte(name + "\x00" + unit) {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return base ^ h
}

// newestRank orders trends by the verdict on their newest run: slower
// first, then faster, then the others.
func newestRank(t Trend) int {
	switch {
	case t.Verdict == nil:
		return 2
	case t.Verdict.Kind == gate.Slower:
		return 0
	case t.Verdict.Kind == gate.Faster:
		return 1
	}
	return 2
}

// largestStep is the largest |log Ratio| of t's changes, 0 without any.
func largestStep(t Trend) float64 {
	m := 0.0
	for _, c := range t.Changes {
		m = max(m, math.Abs(math.Log(c.Ratio)))
	}
	return m
}

func summarize(xs []float64) Point {
	if len(xs) == 0 {
		return Point{Median: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds), 0.95)
	return Point{Median: s.Center, Lo: s.Lo, Hi: s.Hi, N: len(xs)}
}

// steadyFrom returns the first run of the level before newest, at or
// after from: runs are taken back from the one before newest while each
// cannot be told from those already taken, pooled (Mann–Whitney U at
// LevelAlpha), so that runs whose medians differ significantly are
// never pooled into one level, even where no change point was found
// (too few runs on a side of it). A run is not taken either when its
// median differs from the run before the newest by more than threshold
// (the gate's: a step the gate would name), or when the U test could not
// tell it apart at these sample sizes (its smallest p-value is above
// LevelAlpha): then the level stops there, and the Blind says so, rather
// than pool runs it cannot tell apart and blame the newest run for the
// step of the one before it. Runs without the benchmark are passed over.
func steadyFrom(samples [][]float64, from, newest int, threshold float64) (int, *Blind) {
	level := newest - 1
	for level > from && len(samples[level]) == 0 {
		level--
	}
	pooled := slices.Clone(samples[level])
	ref := summarize(pooled).Median
	for j := level - 1; j >= from; j-- {
		if len(samples[j]) == 0 {
			continue
		}
		if p := min(1, 2*gate.MinP(samples[j], pooled)); p > LevelAlpha {
			return level, &Blind{Run: j, N1: len(samples[j]), N2: len(pooled), MinP: p}
		}
		if differ(samples[j], pooled) || math.Abs(summarize(samples[j]).Median/ref-1) > threshold {
			break
		}
		pooled = append(pooled, samples[j]...)
		level = j
	}
	return level, nil
}

// lastRun returns the last run with a sample, -1 when none has one.
func lastRun(samples [][]float64) int {
	for j := len(samples) - 1; j >= 0; j-- {
		if len(samples[j]) > 0 {
			return j
		}
	}
	return -1
}

// differ reports whether two samples differ at LevelAlpha by benchstat's
// test.
func differ(a, b []float64) bool {
	th := benchmath.DefaultThresholds
	sa := benchmath.NewSample(slices.Clone(a), &th)
	sb := benchmath.NewSample(slices.Clone(b), &th)
	return !(benchmath.AssumeNothing.Compare(sa, sb).P > LevelAlpha)
}

func pool(runs [][]float64) []float64 {
	var all []float64
	for _, r := range runs {
		all = append(all, r...)
	}
	return all
}
