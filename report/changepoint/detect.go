// Package changepoint finds where a benchmark's level changed in a series
// of runs (the runs of a benchmark at successive commits, each a sample of
// measurements), and judges the newest run against the level before it.
//
// It takes plain numbers: a series is a []float64 sample per run, in order.
// Nothing in it knows a benchmark suite.
//
// # Method
//
// Detect uses binary segmentation (Vostrikova 1981) with a rank test: in a
// segment of runs, every boundary between runs that leaves at least
// MinSegment runs on each side is scored with the Mann-Whitney statistic of
// the samples before it against those after it, standardised (the
// statistic of Pettitt's change-point test, Pettitt 1979, on pooled
// samples); the boundary with the largest score is the candidate. Its
// significance comes from a permutation test, as E-divisive (Matteson &
// James 2014, on which Apache Otava builds) tests its splits: the samples of
// the segment are shuffled Permutations times and the best boundary scored
// again each time, so the p-value accounts for having picked the best of
// many boundaries. A split with p ≤ Alpha is a change point, and both
// halves are searched again; the search stops at segments without one.
//
// A change must also persist, so that one odd run is never a change by
// itself: the MinSegment runs (2 by default) either side of the boundary
// must differ by themselves (Mann-Whitney, p ≤ 0.05), each must have its
// median on its own side of the midpoint between the two levels, and the
// split must stay significant at 0.05, the same way, with any one run of
// the segment left out (a jackknife against the same permutation
// distribution). The size of each step is the ratio of the medians of the
// segments after and before it, with a bootstrap percentile interval.
// Results are deterministic given Config.Seed.
//
// Package trend uses it, after package model, to follow a report's runs.
package changepoint

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"golang.org/x/perf/benchmath"
)

// Method names the change-point method in reports.
const Method = "binary segmentation with a permuted Mann-Whitney (Pettitt) statistic"

// Config sets the detection; its zero value means DefaultConfig's values.
type Config struct {
	// Alpha is the significance level of each split (permutation p-value).
	Alpha float64
	// MinSegment is the fewest runs a segment may have: a change needs
	// this many runs on each side of it.
	MinSegment int
	// Permutations is the number of shuffles of each permutation test;
	// the smallest p-value is 1/(Permutations+1).
	Permutations int
	// Confidence is the level of the interval of each step's size.
	Confidence float64
	// Resamples is the number of bootstrap resamples for that interval.
	Resamples int
	// Seed seeds the permutations and resamples.
	Seed uint64
}

// DefaultConfig is the configuration the zero Config means.
var DefaultConfig = Config{Alpha: 0.01, MinSegment: 2, Permutations: 999, Confidence: 0.95, Resamples: 1000, Seed: 1}

// WithDefaults returns c with DefaultConfig's value for every zero field.
func (c Config) WithDefaults() Config {
	d := DefaultConfig
	if c.Alpha == 0 {
		c.Alpha = d.Alpha
	}
	if c.MinSegment == 0 {
		c.MinSegment = d.MinSegment
	}
	if c.Permutations == 0 {
		c.Permutations = d.Permutations
	}
	if c.Confidence == 0 {
		c.Confidence = d.Confidence
	}
	if c.Resamples == 0 {
		c.Resamples = d.Resamples
	}
	if c.Seed == 0 {
		c.Seed = d.Seed
	}
	return c
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	c = c.WithDefaults()
	switch {
	case !(c.Alpha > 0 && c.Alpha < 1):
		return fmt.Errorf("changepoint: Alpha %v is not in (0, 1)", c.Alpha)
	case c.MinSegment < 1:
		return fmt.Errorf("changepoint: MinSegment %d is below 1", c.MinSegment)
	case c.Permutations < 1:
		return fmt.Errorf("changepoint: Permutations %d is below 1", c.Permutations)
	case !(c.Confidence > 0 && c.Confidence < 1):
		return fmt.Errorf("changepoint: Confidence %v is not in (0, 1)", c.Confidence)
	case c.Resamples < 1:
		return fmt.Errorf("changepoint: Resamples %d is below 1", c.Resamples)
	}
	return nil
}

// A Change is a change point: the runs from Index on are at a new level.
type Change struct {
	// Index is the first run at the new level.
	Index int
	// Ratio is the median of the samples of the segment from Index (to
	// the next change point) over that of the segment before (from the
	// previous change point): 1.2 is 20% higher.
	Ratio float64
	// Lo and Hi bound Ratio with the Config's confidence (bootstrap
	// percentile interval).
	Lo, Hi float64
	// P is the permutation p-value of the split that found the change.
	P float64
	// Z is the standardised Mann-Whitney statistic of that split
	// (positive: higher after).
	Z float64
}

// ErrNoData is returned for a series without two runs that have samples.
var ErrNoData = errors.New("changepoint: fewer than two runs with samples")

// Detect returns the change points of runs, in order of Index. Runs
// without samples (a benchmark missing from a run) are skipped: no change
// is placed at them, and the indexes are those of runs.
func Detect(runs [][]float64, cfg Config) ([]Change, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	var idx []int // the runs that have samples
	var kept [][]float64
	for i, r := range runs {
		if len(r) > 0 {
			for _, v := range r {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("changepoint: run %d holds %v", i, v)
				}
			}
			idx = append(idx, i)
			kept = append(kept, r)
		}
	}
	if len(kept) < 2 {
		return nil, ErrNoData
	}
	d := &detector{cfg: cfg, runs: kept, rng: rand.New(rand.NewPCG(cfg.Seed, 0x636f6e6362656e63))}
	d.segment(0, len(kept))
	slices.SortFunc(d.changes, func(a, b Change) int { return a.Index - b.Index })
	for i := range d.changes {
		from, to := 0, len(kept)
		if i > 0 {
			from = d.changes[i-1].Index
		}
		if i+1 < len(d.changes) {
			to = d.changes[i+1].Index
		}
		c := &d.changes[i]
		before, after := pool(kept[from:c.Index]), pool(kept[c.Index:to])
		c.Ratio = median(after) / median(before)
		c.Lo, c.Hi = d.ratioInterval(before, after)
	}
	for i := range d.changes {
		d.changes[i].Index = idx[d.changes[i].Index]
	}
	return d.changes, nil
}

type detector struct {
	cfg     Config
	runs    [][]float64
	rng     *rand.Rand
	changes []Change
}

// segment searches runs [from, to) for a change point, and its halves
// when it finds one.
func (d *detector) segment(from, to int) {
	m := d.cfg.MinSegment
	if to-from < 2*m {
		return
	}
	var sizes []int
	for _, r := range d.runs[from:to] {
		sizes = append(sizes, len(r))
	}
	ranks, tieSum := midranks(pool(d.runs[from:to]))
	s := newScorer(sizes, m, tieSum)
	if s == nil {
		return // all values equal
	}
	k, z := s.best(ranks, d.persistent(from, to, s))
	if k == 0 {
		return // no boundary where the new level persists
	}
	limit := d.cfg.Alpha * float64(d.cfg.Permutations+1) // more exceedances than this: not significant
	perm := slices.Clone(ranks)
	null := make([]float64, 0, d.cfg.Permutations) // max |z| of each permutation
	exceed := 0
	for range d.cfg.Permutations {
		d.rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		_, zp := s.best(perm, nil)
		null = append(null, math.Abs(zp))
		if math.Abs(zp) >= math.Abs(z)*(1-1e-12) {
			exceed++
			if float64(exceed+1) > limit {
				return
			}
		}
	}
	pValue := func(z float64) float64 {
		n := 1
		for _, v := range null {
			if v >= math.Abs(z)*(1-1e-12) {
				n++
			}
		}
		return float64(n) / float64(len(null)+1)
	}
	p := pValue(z)
	if p > d.cfg.Alpha {
		return
	}
	// Jackknife: the split must stay significant at localAlpha, the same
	// way, with any one run of the segment left out.
	for j := from; j < to; j++ {
		rest := slices.Concat(d.runs[from:j], d.runs[j+1:to])
		kj := k
		if j < from+k {
			kj--
		}
		if zj := zAt(rest, kj); zj*z <= 0 || pValue(zj) > localAlpha {
			return
		}
	}
	d.changes = append(d.changes, Change{Index: from + k, P: p, Z: z})
	d.segment(from, from+k)
	d.segment(from+k, to)
}

// zAt is the standardised rank-sum statistic of the split of runs before
// run k (positive when the values after rank higher); 0 when a side is
// empty or all values are equal.
func zAt(runs [][]float64, k int) float64 {
	all := pool(runs)
	n1 := len(pool(runs[:k]))
	if n1 == 0 || n1 == len(all) {
		return 0
	}
	ranks, tieSum := midranks(all)
	N := float64(len(all))
	v := float64(n1) * (N - float64(n1)) / 12 * ((N + 1) - tieSum/(N*(N-1)))
	if !(v > 0) {
		return 0
	}
	sum := 0.0
	for _, r := range ranks[:n1] {
		sum += r
	}
	return (float64(n1)*(N+1)/2 - sum) / math.Sqrt(v)
}

// A scorer scores the boundaries of one segment.
type scorer struct {
	cuts []int     // sample counts before each boundary that may be split
	runs []int     // the run index (within the segment) of each boundary
	sd   []float64 // standard deviation of the rank sum before each boundary
	n    int
}

func newScorer(sizes []int, minSeg int, tieSum float64) *scorer {
	n := 0
	for _, s := range sizes {
		n += s
	}
	N := float64(n)
	if tieSum >= N*N*N-N {
		return nil
	}
	s := &scorer{n: n}
	before := 0
	for k := 1; k < len(sizes); k++ {
		before += sizes[k-1]
		if k < minSeg || len(sizes)-k < minSeg {
			continue
		}
		n1, n2 := float64(before), N-float64(before)
		v := n1 * n2 / 12 * ((N + 1) - tieSum/(N*(N-1)))
		s.cuts = append(s.cuts, before)
		s.runs = append(s.runs, k)
		s.sd = append(s.sd, math.Sqrt(v))
	}
	return s
}

// best returns the boundary (a run index) with the largest standardised
// rank-sum statistic for ranks in this order, and its signed z: positive
// when the values after the boundary rank higher. Only the boundaries
// marked in eligible count, or all when it is nil; it returns 0 when none
// does.
func (s *scorer) best(ranks []float64, eligible []bool) (int, float64) {
	N := float64(s.n)
	bestK, bestZ := 0, 0.0
	sum, at := 0.0, 0
	for i, cut := range s.cuts {
		for ; at < cut; at++ {
			sum += ranks[at]
		}
		if eligible != nil && !eligible[i] {
			continue
		}
		n1 := float64(cut)
		z := (n1*(N+1)/2 - sum) / s.sd[i] // rank sum of the values after, centred
		if math.Abs(z) > math.Abs(bestZ) || bestK == 0 {
			bestK, bestZ = s.runs[i], z
		}
	}
	return bestK, bestZ
}

// localAlpha is the level at which the MinSegment runs either side of a
// boundary must differ by themselves, and a split must stay significant
// with any one run left out.
const localAlpha = 0.05

// persistent marks the boundaries of segment [from, to) where the new
// level persists: the MinSegment runs either side of the boundary differ
// by themselves (Mann-Whitney, p ≤ localAlpha), and each of them has its
// median on its own side of the midpoint (geometric mean) of the two
// segments' medians. So one odd run cannot make a change, next to a
// boundary or by pulling a whole segment's rank sum. The permutations
// score every boundary, which only makes the test more conservative.
func (d *detector) persistent(from, to int, s *scorer) []bool {
	m := d.cfg.MinSegment
	meds := make([]float64, to-from)
	for i := range meds {
		meds[i] = median(slices.Clone(d.runs[from+i]))
	}
	ok := make([]bool, len(s.runs))
	for i, k := range s.runs {
		before, after := median(pool(d.runs[from:from+k])), median(pool(d.runs[from+k:to]))
		mid := math.Sqrt(before * after)
		if !(mid > 0) || before == after {
			mid = (before + after) / 2
		}
		up := after > before
		lo, hi := max(0, k-m), min(len(meds), k+m)
		near := benchmath.AssumeNothing.Compare(
			benchmath.NewSample(pool(d.runs[from+lo:from+k]), &benchmath.DefaultThresholds),
			benchmath.NewSample(pool(d.runs[from+k:from+hi]), &benchmath.DefaultThresholds))
		ok[i] = near.P <= localAlpha
		for j := lo; ok[i] && j < hi; j++ {
			newLevel := (meds[j] > mid) == up
			if meds[j] == mid || newLevel != (j >= k) {
				ok[i] = false
			}
		}
	}
	return ok
}

// midranks returns the rank of each value (ties get the mean of their
// ranks), and Σ(t³−t) over groups of t tied values.
func midranks(xs []float64) ([]float64, float64) {
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return xs[order[a]] < xs[order[b]] })
	ranks := make([]float64, len(xs))
	tieSum := 0.0
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && xs[order[j]] == xs[order[i]] {
			j++
		}
		r := float64(i+j+1) / 2 // ranks i+1..j
		for _, o := range order[i:j] {
			ranks[o] = r
		}
		t := float64(j - i)
		tieSum += t*t*t - t
		i = j
	}
	return ranks, tieSum
}

// ratioInterval is the bootstrap percentile interval of
// median(after)/median(before).
func (d *detector) ratioInterval(before, after []float64) (float64, float64) {
	ratios := make([]float64, 0, d.cfg.Resamples)
	b, a := make([]float64, len(before)), make([]float64, len(after))
	for range d.cfg.Resamples {
		for i := range b {
			b[i] = before[d.rng.IntN(len(before))]
		}
		for i := range a {
			a[i] = after[d.rng.IntN(len(after))]
		}
		ratios = append(ratios, median(a)/median(b))
	}
	slices.Sort(ratios)
	tail := (1 - d.cfg.Confidence) / 2
	return quantile(ratios, tail), quantile(ratios, 1-tail)
}

// pool concatenates samples.
func pool(runs [][]float64) []float64 {
	var all []float64
	for _, r := range runs {
		all = append(all, r...)
	}
	return all
}

// median returns the median of xs (which it sorts); NaN when empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	return quantile(xs, 0.5)
}

// quantile interpolates the q quantile of sorted xs.
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(i)
	return sorted[i]*(1-f) + sorted[i+1]*f
}
