package gate

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// An AA is an A/A recording: the same code measured as two sides in
// interleaved rounds of a whole suite (concbench bench -aa). It is what
// Calibrate, Power and the gate's own tests resample.
type AA struct {
	Series []Series
}

// A Series is one benchmark's values in an A/A recording, round by round:
// A[r] and B[r] hold side A's and side B's values of round r (one, or
// several when a round measures the benchmark more than once). The series
// of a recording share their rounds: round r of each was measured in the
// same round of the run.
type Series struct {
	Name, Unit string
	Better     Better
	A, B       [][]float64
}

// Rounds returns the number of rounds every series has on both sides.
func (a *AA) Rounds() int {
	n := -1
	for _, s := range a.Series {
		if k := min(len(s.A), len(s.B)); n < 0 || k < n {
			n = k
		}
	}
	return max(n, 0)
}

// check reports whether n rounds a side can be drawn: the recording has
// at least n rounds that both sides have, and every series has a value on
// both sides of all but fewer than n of them, so that no trial leaves a
// side of it empty. A series may lack a value in a round, as when the
// runner dropped a run still disturbed after it had measured it again:
// its trials then use the rounds it has, as a comparison of two refs
// does.
func (a *AA) check(n int) error {
	if len(a.Series) == 0 {
		return ErrNothing
	}
	if n < 1 {
		return fmt.Errorf("%d rounds per side: want at least 1", n)
	}
	r := a.Rounds()
	if r < n {
		return fmt.Errorf("%d rounds of both sides in the recording, too few for %d a side", r, n)
	}
	for _, s := range a.Series {
		if missing := s.missing(r); missing >= n {
			return fmt.Errorf("%s (%s): a value on both sides in only %d of the recording's %d rounds, too few for %d a side", s.Name, s.Unit, r-missing, r, n)
		}
	}
	return nil
}

// missing counts the first r rounds of s in which a side has no value.
func (s *Series) missing(r int) int {
	k := 0
	for i := range r {
		if len(s.A[i]) == 0 || len(s.B[i]) == 0 {
			k++
		}
	}
	return k
}

// LeaveOutIncomplete removes the series that lack a value on a side in n
// or more of the recording's rounds, which a trial of n rounds a side
// could leave without a value on one side, and returns their names with
// their units.
func (a *AA) LeaveOutIncomplete(n int) []string {
	r := a.Rounds()
	var out []string
	a.Series = slices.DeleteFunc(a.Series, func(s Series) bool {
		if s.missing(r) >= n {
			out = append(out, s.Name+" ("+s.Unit+")")
			return true
		}
		return false
	})
	return out
}

// Incomplete counts the series that lack a value on a side in some of the
// recording's rounds.
func (a *AA) Incomplete() int {
	r, k := a.Rounds(), 0
	for i := range a.Series {
		if a.Series[i].missing(r) > 0 {
			k++
		}
	}
	return k
}

// Split draws one A/A trial of n rounds per side, by whole rounds: n of
// the recording's rounds at random, and in each, side A as OLD and side B
// as NEW or the other way round, at random. Every series gets the same
// rounds and the same sides, so a slow round slows each of its benchmarks
// on both sides, as in a real comparison of two refs measured in the same
// rounds. Each value keeps its round (1 … n) in OldRound and NewRound.
func (a *AA) Split(rng *rand.Rand, n int) []Comparison {
	perm := rng.Perm(a.Rounds())[:n]
	swap := make([]bool, n)
	for i := range swap {
		swap[i] = rng.IntN(2) == 1
	}
	cs := make([]Comparison, len(a.Series))
	for i, s := range a.Series {
		c := Comparison{Name: s.Name, Unit: s.Unit, Better: s.Better}
		for j, r := range perm {
			old, nw := s.A[r], s.B[r]
			if swap[j] {
				old, nw = nw, old
			}
			for _, x := range old {
				c.Old, c.OldRound = append(c.Old, x), append(c.OldRound, j+1)
			}
			for _, x := range nw {
				c.New, c.NewRound = append(c.New, x), append(c.NewRound, j+1)
			}
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
	N      int // rounds per side
	Trials int

	// Per holds, per series, the fraction of trials in which that series,
	// alone made worse, was named slower.
	Per []float64

	// Overall is the mean of Per: the rate for a benchmark chosen at
	// random. Alone is the same rate counting only the trials in which
	// nothing else was named slower.
	Overall, Alone float64
}

// Power resamples a: in each of trials A/A trials of n rounds per side
// (see Split), each series in turn has its NEW values made worse by
// factor (×1.2 is a 20% slowdown) and the gate, under m, must name it
// slower. The other series keep their A/A values, so a false alarm
// elsewhere does not count as a catch.
func (a *AA) Power(n int, m Method, factor float64, trials int, seed uint64) (*PowerResult, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := a.check(n); err != nil {
		return nil, err
	}
	res := &PowerResult{Factor: factor, N: n, Trials: trials, Per: make([]float64, len(a.Series))}
	outs := resample(a, n, trials, seed, func(_ int, cs []Comparison) trialOut {
		var out trialOut
		out.named, out.alone = catches(cs, m, factor)
		return out
	})
	for _, o := range outs {
		for k, named := range o.named {
			if named {
				res.Per[k]++
			}
			if o.alone[k] {
				res.Alone++
			}
		}
	}
	for k := range res.Per {
		res.Per[k] /= float64(trials)
		res.Overall += res.Per[k] / float64(len(res.Per))
	}
	res.Alone /= float64(trials * len(a.Series))
	return res, nil
}

// catches returns, for each comparison k of one trial in turn made worse
// by factor (the others as they are), whether the gate under m names k
// slower, and whether it names k and nothing else.
func catches(cs []Comparison, m Method, factor float64) (named, alone []bool) {
	base := make([]Verdict, len(cs))
	for i, c := range cs {
		base[i], _ = verdictOf(c, m.Pairing)
	}
	named, alone = make([]bool, len(cs)), make([]bool, len(cs))
	vs := make([]Verdict, len(cs))
	for k, c := range cs {
		copy(vs, base)
		vs[k], _ = verdictOf(worsen(c, factor), m.Pairing)
		classify(vs, m)
		named[k] = vs[k].Kind == Slower
		alone[k] = named[k]
		for i, v := range vs {
			if i != k && v.Kind == Slower {
				alone[k] = false
			}
		}
	}
	return named, alone
}
