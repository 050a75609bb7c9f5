package gate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// An AA is an A/A recording: the same code measured as two sides in
// interleaved runs of a whole suite. It is what Calibrate, Power and the
// gate's own tests resample.
type AA struct {
	Series []Series
}

// A Series is one benchmark's values in an A/A recording, one per run of
// the suite (side A's runs, then side B's). Series of the same length are
// taken to share their runs: value i of each came from run i.
type Series struct {
	Name, Unit string
	Better     Better
	Runs       []float64
}

// runs returns the largest run count of the series.
func (a *AA) runs() int {
	n := 0
	for _, s := range a.Series {
		n = max(n, len(s.Runs))
	}
	return n
}

// check reports whether every series has at least 2n runs.
func (a *AA) check(n int) error {
	if len(a.Series) == 0 {
		return ErrNothing
	}
	if n < 1 {
		return fmt.Errorf("%d samples per side: want at least 1", n)
	}
	for _, s := range a.Series {
		if len(s.Runs) < 2*n {
			return fmt.Errorf("%s (%s): %d runs, too few for two disjoint sides of %d", s.Name, s.Unit, len(s.Runs), n)
		}
	}
	return nil
}

// Split draws one A/A trial of n samples per side: the runs in a random
// order, the first n as OLD, the next n as NEW. Series of the longest
// length share one order, so a slow run slows each of its benchmarks on
// the same side, as in a real comparison; a shorter series gets its own.
func (a *AA) Split(rng *rand.Rand, n int) []Comparison {
	perm := rng.Perm(a.runs())
	cs := make([]Comparison, len(a.Series))
	for i, s := range a.Series {
		p := perm
		if len(s.Runs) != len(perm) {
			p = rng.Perm(len(s.Runs))
		}
		c := Comparison{Name: s.Name, Unit: s.Unit, Better: s.Better, Old: make([]float64, n), New: make([]float64, n)}
		for j := range n {
			c.Old[j], c.New[j] = s.Runs[p[j]], s.Runs[p[n+j]]
		}
		cs[i] = c
	}
	return cs
}

// worsen returns c with NEW made worse by factor: multiplied for a
// lower-is-better unit, divided for a higher-is-better one.
func worsen(c Comparison, factor float64) Comparison {
	w := c
	w.New = make([]float64, len(c.New))
	for i, x := range c.New {
		if c.Better == HigherIsBetter {
			w.New[i] = x / factor
		} else {
			w.New[i] = x * factor
		}
	}
	return w
}

// A PowerResult is how often the gate catches and names one benchmark
// made worse by Factor while the rest are A/A noise.
type PowerResult struct {
	Factor float64
	N      int // samples per side
	Trials int

	// Per holds, per series, the fraction of trials in which that series,
	// alone made worse, was named slower.
	Per []float64

	// Overall is the mean of Per: the rate for a benchmark chosen at
	// random.
	Overall float64
}

// Power resamples a: in each of trials A/A trials of n samples per side,
// each series in turn has its NEW samples made worse by factor (×1.2 is a
// 20% slowdown) and the gate, under m, must name it slower. The other
// series keep their A/A values, so a false alarm elsewhere does not count
// as a catch.
func (a *AA) Power(n int, m Method, factor float64, trials int, seed uint64) (*PowerResult, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := a.check(n); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x9a7e))
	res := &PowerResult{Factor: factor, N: n, Trials: trials, Per: make([]float64, len(a.Series))}
	for range trials {
		cs := a.Split(rng, n)
		base := make([]Verdict, len(cs))
		for i, c := range cs {
			base[i] = test(c)
		}
		vs := make([]Verdict, len(cs))
		for k, c := range cs {
			copy(vs, base)
			vs[k] = test(worsen(c, factor))
			classify(vs, m)
			if vs[k].Kind == Slower {
				res.Per[k]++
			}
		}
	}
	for k := range res.Per {
		res.Per[k] /= float64(trials)
		res.Overall += res.Per[k] / float64(len(res.Per))
	}
	return res, nil
}

// A Calibration is what resampling an A/A recording says about the gate.
type Calibration struct {
	Method Method
	N      int // samples per side
	Trials int

	// FalseAlarm is the fraction of trials in which the gate under Method
	// reported a regression; Undecided the fraction it could not decide;
	// NoThreshold the false-alarm rate with a threshold of 0.
	FalseAlarm, Undecided, NoThreshold float64

	// MinThreshold is the smallest threshold at which the false-alarm rate
	// stays at or below Method.Alpha: 0 when Holm's procedure alone holds
	// it.
	MinThreshold float64

	// Noise holds one entry per series.
	Noise []Noise
}

// Noise is one benchmark's spread in an A/A recording.
type Noise struct {
	Name, Unit string

	// Lo and Hi are the 2.5% and 97.5% quantiles of the A/A change of
	// medians, NEW/OLD − 1, over the trials: 95% of comparisons of
	// identical code fall within [Lo, Hi].
	Lo, Hi float64

	// Detectable is the median over the trials of Verdict.Detectable:
	// the smallest worsening the gate could flag in this benchmark.
	Detectable float64

	// Alarms is the number of trials in which this benchmark was flagged
	// (at Method's threshold).
	Alarms int
}

// detectTrials bounds the trials whose detectable changes Calibrate
// computes: a search per benchmark per trial is the costly part.
const detectTrials = 100

// Calibrate resamples a in trials A/A trials of n samples per side and
// returns the gate's false-alarm rate under m, each benchmark's noise, and
// the smallest threshold that keeps the false-alarm rate at m.Alpha.
func Calibrate(a *AA, n int, m Method, trials int, seed uint64) (*Calibration, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := a.check(n); err != nil {
		return nil, err
	}
	if trials < 1 {
		return nil, fmt.Errorf("%d trials: want at least 1", trials)
	}
	rng := rand.New(rand.NewPCG(seed, 0xca1))
	cal := &Calibration{Method: m, N: n, Trials: trials, Noise: make([]Noise, len(a.Series))}
	changes := make([][]float64, len(a.Series))
	detects := make([][]float64, len(a.Series))
	worst := make([]float64, trials) // per trial, the largest flagged worsening at threshold 0
	zero := m
	zero.Threshold = 0
	bonf := m.Alpha / float64(len(a.Series))
	for t := range trials {
		cs := a.Split(rng, n)
		vs := make([]Verdict, len(cs))
		for i, c := range cs {
			vs[i] = test(c)
			changes[i] = append(changes[i], vs[i].Change)
			if t < detectTrials {
				if d := detectable(c, m, bonf); !math.IsNaN(d) {
					detects[i] = append(detects[i], d)
				}
			}
		}
		classify(vs, zero)
		worst[t] = -1
		for i, v := range vs {
			if v.Kind == Slower {
				worst[t] = max(worst[t], math.Abs(v.Change))
				if math.Abs(v.Change) > m.Threshold {
					cal.Noise[i].Alarms++
				}
			}
		}
		if worst[t] > 0 {
			cal.NoThreshold++
		}
		switch {
		case worst[t] > m.Threshold:
			cal.FalseAlarm++
		case slices.ContainsFunc(vs, func(v Verdict) bool { return v.Kind == Inconclusive }):
			cal.Undecided++
		}
	}
	cal.FalseAlarm /= float64(trials)
	cal.Undecided /= float64(trials)
	cal.NoThreshold /= float64(trials)
	slices.Sort(worst)
	slices.Reverse(worst)
	if k := int(m.Alpha * float64(trials)); k < trials {
		cal.MinThreshold = max(worst[k], 0)
	}
	for i, s := range a.Series {
		slices.Sort(changes[i])
		slices.Sort(detects[i])
		cal.Noise[i].Name, cal.Noise[i].Unit = s.Name, s.Unit
		cal.Noise[i].Lo, cal.Noise[i].Hi = quantile(changes[i], 0.025), quantile(changes[i], 0.975)
		cal.Noise[i].Detectable = quantile(detects[i], 0.5)
	}
	return cal, nil
}

// quantile returns the q-quantile of sorted x by linear interpolation
// (+Inf values sort last and propagate), NaN when x is empty.
func quantile(x []float64, q float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	pos := q * float64(len(x)-1)
	i := int(pos)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	f := pos - float64(i)
	if f == 0 {
		return x[i]
	}
	return x[i] + f*(x[i+1]-x[i])
}
