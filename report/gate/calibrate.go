package gate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// A Calibration is what resampling an A/A recording says about the gate.
type Calibration struct {
	Method Method
	N      int // rounds per side
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

	// Candidates holds the figures of each of Pairings under Method's
	// α and threshold, in the same trials (AA.Candidates), when measured;
	// Choice is the one Choose picks from them, and Why says why.
	Candidates []Figures
	Choice     Pairing
	Why        string
}

// Factors are the slowdowns at which Calibrate measures each test's
// power: 5%, 7% and 10%.
var Factors = []float64{1.05, 1.07, 1.1}

// Figures are the false alarms and power of one Pairing on an A/A
// recording.
type Figures struct {
	Pairing Pairing

	// FalseAlarm is the fraction of A/A trials in which the gate failed
	// at all.
	FalseAlarm float64

	// Power holds, per factor of Factors, the fraction of trials and
	// benchmarks in which that benchmark alone, made worse by the factor,
	// was named slower and nothing else was.
	Power []float64

	// Paired is the fraction of comparisons whose rounds paired, to which
	// the pairing's own test applied (1 for Unpaired).
	Paired float64
}

// Noise is one benchmark's spread in an A/A recording.
type Noise struct {
	Name, Unit string

	// Lo and Hi are the 2.5% and 97.5% quantiles of the A/A change
	// (Verdict.Change) over the trials: 95% of comparisons of identical
	// code fall within [Lo, Hi].
	Lo, Hi float64

	// Detectable is the median over the trials of Verdict.Detectable:
	// the smallest worsening the gate could flag in this benchmark.
	Detectable float64

	// Alarms is the number of trials in which this benchmark was flagged
	// (at Method's threshold).
	Alarms int

	// RoundsA and RoundsB count the rounds of the recording (Rounds of
	// them) in which side A and side B have a value of this benchmark: the
	// runner drops a run still disturbed after it was measured again.
	RoundsA, RoundsB, Rounds int
}

// detectTrials bounds the trials whose detectable changes Calibrate
// computes: a search per benchmark per trial is the costly part.
const detectTrials = 100

// trialOut is what one A/A trial says.
type trialOut struct {
	// Under the calibrated method: each series' change and "could
	// detect", which series were flagged at threshold 0, and how.
	changes, detects []float64
	flagged          []float64 // |change| of the series flagged at threshold 0, else -1
	undecided        bool

	// Per candidate Pairing: a false alarm, how many series are named
	// alone per factor (see catches), and how many comparisons paired.
	alarm  []bool
	caught [][]int // [pairing][factor]
	paired []int

	named, alone []bool // Power's
}

// resample runs fn on trials A/A trials of n rounds a side, concurrently;
// trial t draws its rounds from its own generator seeded with (seed, t),
// so the outcome does not depend on the order the trials run in.
func resample(a *AA, n, trials int, seed uint64, fn func(t int, cs []Comparison) trialOut) []trialOut {
	outs := make([]trialOut, trials)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range next {
				rng := rand.New(rand.NewPCG(seed, uint64(t)))
				outs[t] = fn(t, a.Split(rng, n))
			}
		}()
	}
	for t := range trials {
		next <- t
	}
	close(next)
	wg.Wait()
	return outs
}

// checkTrials checks the arguments of Calibrate and Candidates: a valid
// method, n rounds a side that a has, and at least one trial.
func (a *AA) checkTrials(n int, m Method, trials int) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := a.check(n); err != nil {
		return err
	}
	if trials < 1 {
		return fmt.Errorf("%d trials: want at least 1", trials)
	}
	return nil
}

// Calibrate resamples a in trials A/A trials of n rounds per side (see
// Split) and returns the gate's false-alarm rate under m, each
// benchmark's noise, and the smallest threshold that keeps the false-alarm
// rate at m.Alpha. AA.Candidates, with the same arguments, measures each
// test in the same trials.
func Calibrate(a *AA, n int, m Method, trials int, seed uint64) (*Calibration, error) {
	if err := a.checkTrials(n, m, trials); err != nil {
		return nil, err
	}
	cal := &Calibration{Method: m, N: n, Trials: trials, Noise: make([]Noise, len(a.Series))}
	zero := m
	zero.Threshold = 0
	bonf := m.Alpha / float64(len(a.Series))
	outs := resample(a, n, trials, seed, func(t int, cs []Comparison) trialOut {
		out := trialOut{changes: make([]float64, len(cs)), flagged: make([]float64, len(cs))}
		vs := make([]Verdict, len(cs))
		tests := make([]tester, len(cs))
		for i, c := range cs {
			vs[i], tests[i] = verdictOf(c, m.Pairing)
			out.changes[i] = vs[i].Change
		}
		if t < detectTrials {
			out.detects = make([]float64, len(cs))
			for i, c := range cs {
				out.detects[i] = tests[i].detectable(c, m.Threshold, bonf)
			}
		}
		classify(vs, zero)
		for i, v := range vs {
			out.flagged[i] = -1
			if v.Kind == Slower {
				out.flagged[i] = math.Abs(v.Change)
			}
		}
		out.undecided = slices.ContainsFunc(vs, func(v Verdict) bool { return v.Kind == Inconclusive })
		return out
	})
	changes := make([][]float64, len(a.Series))
	detects := make([][]float64, len(a.Series))
	worst := make([]float64, trials) // per trial, the largest flagged worsening at threshold 0
	for t, o := range outs {
		worst[t] = -1
		for i := range a.Series {
			changes[i] = append(changes[i], o.changes[i])
			if t < detectTrials && !math.IsNaN(o.detects[i]) {
				detects[i] = append(detects[i], o.detects[i])
			}
			worst[t] = max(worst[t], o.flagged[i])
			if o.flagged[i] > m.Threshold {
				cal.Noise[i].Alarms++
			}
		}
		if worst[t] > 0 {
			cal.NoThreshold++
		}
		switch {
		case worst[t] > m.Threshold:
			cal.FalseAlarm++
		case o.undecided:
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
	rounds := a.Rounds() // a pass over every series: once, not once per series
	for i, s := range a.Series {
		slices.Sort(changes[i])
		slices.Sort(detects[i])
		cal.Noise[i].Name, cal.Noise[i].Unit = s.Name, s.Unit
		cal.Noise[i].Lo, cal.Noise[i].Hi = quantile(changes[i], 0.025), quantile(changes[i], 0.975)
		cal.Noise[i].Detectable = quantile(detects[i], 0.5)
		cal.Noise[i].Rounds = rounds
		for r := range rounds {
			if len(s.A[r]) > 0 {
				cal.Noise[i].RoundsA++
			}
			if len(s.B[r]) > 0 {
				cal.Noise[i].RoundsB++
			}
		}
	}
	return cal, nil
}

// Candidates resamples a as Calibrate does (the same trials for the same
// arguments) and returns, for each of Pairings under m's α and threshold,
// the false alarms and the power at each of Factors: the figures that
// choose the gate's pairing (see Choose).
func (a *AA) Candidates(n int, m Method, trials int, seed uint64) ([]Figures, error) {
	if err := a.checkTrials(n, m, trials); err != nil {
		return nil, err
	}
	outs := resample(a, n, trials, seed, func(_ int, cs []Comparison) trialOut {
		var out trialOut
		for _, p := range Pairings {
			mp := m
			mp.Pairing = p
			alarm, caught, paired := candidate(cs, mp)
			out.alarm = append(out.alarm, alarm)
			out.caught = append(out.caught, caught)
			out.paired = append(out.paired, paired)
		}
		return out
	})
	var figs []Figures
	for j, p := range Pairings {
		f := Figures{Pairing: p, Power: make([]float64, len(Factors))}
		for _, o := range outs {
			if o.alarm[j] {
				f.FalseAlarm++
			}
			for k := range Factors {
				f.Power[k] += float64(o.caught[j][k])
			}
			f.Paired += float64(o.paired[j])
		}
		f.FalseAlarm /= float64(trials)
		for k := range f.Power {
			f.Power[k] /= float64(trials * len(a.Series))
		}
		f.Paired /= float64(trials * len(a.Series))
		figs = append(figs, f)
	}
	return figs, nil
}

// candidate evaluates one trial under m (whose Pairing is the candidate):
// whether the gate fails on the A/A values, how many series, each made
// worse in turn by each of Factors, are named slower alone, and how many
// comparisons paired.
func candidate(cs []Comparison, m Method) (alarm bool, caught []int, paired int) {
	vs := make([]Verdict, len(cs))
	for i, c := range cs {
		vs[i], _ = verdictOf(c, m.Pairing)
		if vs[i].Rounds > 0 || m.Pairing.resolve() == Unpaired {
			paired++
		}
	}
	classify(vs, m)
	alarm = slices.ContainsFunc(vs, func(v Verdict) bool { return v.Kind == Slower })
	caught = make([]int, len(Factors))
	for k, f := range Factors {
		_, alone := catches(cs, m, f)
		for _, a := range alone {
			if a {
				caught[k]++
			}
		}
	}
	return alarm, caught, paired
}

// The rule that chooses the gate's pairing from an A/A calibration
// (Choose): the paired test with the highest power at ×1.07 among those
// whose false alarms stay at or below α, if that power beats the
// unpaired test's by at least ChoiceMargin; otherwise the unpaired test.
const (
	ChoiceFactor = 1.07
	ChoiceMargin = 0.05
)

// Choose applies the rule above to the figures of AA.Candidates, and says
// why in one line.
func Choose(figs []Figures, alpha float64) (Pairing, string) {
	at := slices.Index(Factors, ChoiceFactor)
	if at < 0 {
		return Unpaired, fmt.Sprintf("no power figure at ×%g: unpaired", ChoiceFactor)
	}
	var base *Figures
	for i := range figs {
		if figs[i].Pairing == Unpaired {
			base = &figs[i]
		}
	}
	var best *Figures
	for i := range figs {
		f := &figs[i]
		if f.Pairing == Unpaired || f.FalseAlarm > alpha {
			continue
		}
		if best == nil || f.Power[at] > best.Power[at] {
			best = f
		}
	}
	switch {
	case best == nil:
		return Unpaired, fmt.Sprintf("no paired test keeps false alarms ≤ %s: unpaired", pct(alpha))
	case base != nil && best.Power[at] < base.Power[at]+ChoiceMargin:
		return Unpaired, fmt.Sprintf("the best paired test, %s, names ×%g in %.1f%% against unpaired's %.1f%%, not %s more: unpaired",
			best.Pairing, ChoiceFactor, 100*best.Power[at], 100*base.Power[at], pct(ChoiceMargin))
	}
	return best.Pairing, fmt.Sprintf("%s names ×%g in %.1f%% of trials with false alarms in %.1f%%",
		best.Pairing, ChoiceFactor, 100*best.Power[at], 100*best.FalseAlarm)
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
