package changepoint

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// A Series is one benchmark in one unit across runs, oldest first.
type Series struct {
	Name string // the benchmark, for the caller
	Unit string
	// HigherIsBetter is true for units such as ops/s, where a drop is a
	// regression.
	HigherIsBetter bool
	// Runs holds the sample of each run; an empty one means the benchmark
	// is missing from that run.
	Runs [][]float64
}

// A Point is the summary of one run: the median and its confidence
// interval (benchmath.AssumeNothing, as benchstat's).
type Point struct {
	Median, Lo, Hi float64
	N              int // samples; 0 for a missing run
}

// Kind is the verdict on the newest run.
type Kind int

const (
	// Same: the newest run is not significantly different from the
	// level before it, or differs by less than the threshold.
	Same Kind = iota
	// Regression: significantly worse by more than the threshold.
	Regression
	// Improvement: significantly better by more than the threshold.
	Improvement
	// Undecided: the samples are too few for the test to ever reach the
	// significance level, or the benchmark is missing from the newest run.
	Undecided
)

func (k Kind) String() string {
	switch k {
	case Same:
		return "no change"
	case Regression:
		return "regression"
	case Improvement:
		return "improvement"
	case Undecided:
		return "undecided"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// A Verdict judges the newest run against the level before it: the runs
// since the last change point before it (all runs when there is none).
type Verdict struct {
	Kind Kind
	// Ratio is the median of the newest run over the median of the level
	// before it.
	Ratio float64
	// P is the Mann-Whitney U test's p-value, and PAdj that value after
	// Holm's correction over every series of one Analyze.
	P, PAdj float64
	// Baseline is the first run of the level the newest run is compared
	// with.
	Baseline int
	// Reason says why a verdict is Undecided.
	Reason string
}

// Gate sets the verdict on the newest run, with the rules of a two-run
// comparison: a significant change (Mann-Whitney U, Holm-corrected over
// the series at Alpha) by more than Threshold.
type Gate struct {
	Alpha     float64 // family-wise significance level (default 0.05)
	Threshold float64 // relative change that matters, 0.05 for 5% (default 0)
}

// A Trend is one series analysed.
type Trend struct {
	Series
	Points  []Point
	Changes []Change
	Newest  Verdict
}

// Analyze summarises every series, finds its change points and judges its
// newest run. The trends come back with the series that changed first (by
// the size of their largest step), then in the order given. Each series
// is detected with its own seed derived from cfg.Seed, so a trend does not
// depend on the other series.
func Analyze(series []Series, cfg Config, gate Gate) ([]Trend, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if gate.Alpha == 0 {
		gate.Alpha = 0.05
	}
	if !(gate.Alpha > 0 && gate.Alpha < 1) || !(gate.Threshold >= 0) {
		return nil, fmt.Errorf("changepoint: gate alpha %v, threshold %v out of range", gate.Alpha, gate.Threshold)
	}
	cfg = cfg.withDefaults()
	trends := make([]Trend, len(series))
	for i, s := range series {
		t := Trend{Series: s, Points: make([]Point, len(s.Runs))}
		for j, r := range s.Runs {
			t.Points[j] = summarize(r)
		}
		c := cfg
		c.Seed = cfg.Seed + uint64(i)*0x9e3779b97f4a7c15
		changes, err := Detect(s.Runs, c)
		if err != nil && err != ErrNoData {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		t.Changes = changes
		t.Newest = newest(s.Runs, changes)
		trends[i] = t
	}
	holm(trends, gate)
	order := make([]int, len(trends))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(largestStep(trends[b]), largestStep(trends[a]))
	})
	sorted := make([]Trend, len(trends))
	for i, o := range order {
		sorted[i] = trends[o]
	}
	return sorted, nil
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

// newest compares the newest run with the runs of the level before it;
// the Kind is settled by holm.
func newest(runs [][]float64, changes []Change) Verdict {
	last := len(runs) - 1
	if last < 1 || len(runs[last]) == 0 {
		return Verdict{Kind: Undecided, P: 1, Reason: "missing from the newest run"}
	}
	from := 0
	for _, c := range changes {
		if c.Index < last {
			from = c.Index
		}
	}
	base := pool(runs[from:last])
	if len(base) == 0 {
		return Verdict{Kind: Undecided, P: 1, Reason: "no earlier run to compare with"}
	}
	cur := slices.Clone(runs[last])
	th := benchmath.DefaultThresholds
	res := benchmath.AssumeNothing.Compare(benchmath.NewSample(base, &th), benchmath.NewSample(cur, &th))
	return Verdict{Ratio: median(cur) / median(base), P: res.P, Baseline: from}
}

// holm settles each verdict's Kind with Holm's step-down correction of the
// p-values over all the series.
func holm(trends []Trend, gate Gate) {
	var idx []int
	for i, t := range trends {
		if t.Newest.Kind != Undecided {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(trends[a].Newest.P, trends[b].Newest.P) })
	m := len(idx)
	running := 0.0
	for rank, i := range idx {
		v := &trends[i].Newest
		running = max(running, min(1, float64(m-rank)*v.P))
		v.PAdj = running
	}
	for _, i := range idx {
		t := &trends[i]
		v := &t.Newest
		n1 := 0
		for _, r := range t.Runs[v.Baseline : len(t.Runs)-1] {
			n1 += len(r)
		}
		n2 := len(t.Runs[len(t.Runs)-1])
		worse := v.Ratio > 1+gate.Threshold
		better := v.Ratio < 1/(1+gate.Threshold)
		if t.HigherIsBetter {
			worse, better = better, worse
		}
		switch {
		case v.PAdj <= gate.Alpha && worse:
			v.Kind = Regression
		case v.PAdj <= gate.Alpha && better:
			v.Kind = Improvement
		case v.PAdj > gate.Alpha && minUTestP(n1, n2)*float64(m) > gate.Alpha:
			v.Kind = Undecided
			v.Reason = fmt.Sprintf("%d and %d samples cannot reach significance at α = %v over %d series", n1, n2, gate.Alpha, m)
		default:
			v.Kind = Same
		}
	}
}

// minUTestP is the smallest two-sided p-value of a Mann-Whitney U test
// with samples of n1 and n2 values and no ties: 2 / C(n1+n2, n1).
func minUTestP(n1, n2 int) float64 {
	lc := 0.0
	for i := 1; i <= n1; i++ {
		lc += math.Log(float64(n2+i)) - math.Log(float64(i))
	}
	return min(1, 2*math.Exp(-lc))
}
