package gate

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// compareCount is the number of rounds per side that make compare takes
// by default (the Makefile's COUNT): the count at which the gate must hold
// its false-alarm rate and reach its power on the suite (one value a round
// in the committed recording).
const compareCount = 10

// trials is the number of resampled A/A comparisons: 1,000, or 200 with
// -short (make test runs the race detector, which is slower tenfold).
func trials() int {
	if testing.Short() {
		return 200
	}
	return 1000
}

// TestAAFalseAlarms resamples the suite's committed A/A recording (the same
// binary measured as two sides, 12 interleaved rounds each, of all 56
// benchmarks) by whole rounds: each trial takes compareCount of the 12
// rounds, and in each, A as OLD and B as NEW or the other way round, the
// same for every benchmark. The gate, under its default method, must fail
// at most 5% of the trials.
func TestAAFalseAlarms(t *testing.T) {
	aa := loadAA(t)
	if len(aa.Series) != 56 {
		t.Fatalf("the A/A recording holds %d benchmarks, want make report's 56", len(aa.Series))
	}
	for _, s := range aa.Series {
		if len(s.A) != 12 || len(s.B) != 12 {
			t.Fatalf("%s: %d+%d rounds, want 12 a side", s.Name, len(s.A), len(s.B))
		}
	}
	n := trials()
	cal, err := Calibrate(aa, compareCount, Default, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d A/A trials of %d vs %d: false alarms %.1f%%, could not decide %.1f%%, smallest threshold holding 5%%: %.1f%%",
		n, compareCount, compareCount, 100*cal.FalseAlarm, 100*cal.Undecided, 100*cal.MinThreshold)
	if cal.FalseAlarm > Default.Alpha {
		t.Errorf("false alarms in %.1f%% of A/A trials, want ≤ %.0f%%", 100*cal.FalseAlarm, 100*Default.Alpha)
	}
	if cal.Undecided > 0 {
		t.Errorf("could not decide in %.1f%% of A/A trials at %d samples a side", 100*cal.Undecided, compareCount)
	}
	for _, s := range cal.Noise {
		if s.Alarms > 0 {
			t.Logf("false alarms: %s in %d trials", s.Name, s.Alarms)
		}
	}

	// Evaluate, the public path, decides as the resampling's shortcut does.
	rng := rand.New(rand.NewPCG(3, 3))
	for range 5 {
		cs := aa.Split(rng, compareCount)
		r, err := Evaluate(cs, Default)
		if err != nil {
			t.Fatal(err)
		}
		vs := make([]Verdict, len(cs))
		for i, c := range cs {
			vs[i] = test(c)
		}
		classify(vs, Default)
		for i := range vs {
			if vs[i].Kind != r.Verdicts[i].Kind {
				t.Errorf("%s: Evaluate says %v, the shortcut %v", vs[i].Name, r.Verdicts[i].Kind, vs[i].Kind)
			}
		}
	}
}

// TestAAPower: in the same resampling, one benchmark at a time has its NEW
// values made 20% (then 50%) slower; the gate must name it slower in at
// least 70% (95%) of the trials, over the suite. The figures per
// benchmark are logged (go test -v): some benchmarks are too noisy for 20%
// at this count, and their "could detect" says so.
func TestAAPower(t *testing.T) {
	aa := loadAA(t)
	n := trials()
	if testing.Short() {
		n /= 2
	}
	for _, tc := range []struct {
		factor, want float64
	}{{1.2, 0.70}, {1.5, 0.95}} {
		p, err := aa.Power(compareCount, Default, tc.factor, n, 2)
		if err != nil {
			t.Fatal(err)
		}
		random := randomPower(aa, tc.factor, n, 5)
		t.Logf("×%.1f at %d vs %d, %d trials: named slower in %.1f%% (each benchmark in turn), %.1f%% (one at random per trial)",
			tc.factor, compareCount, compareCount, n, 100*p.Overall, 100*random)
		if p.Overall < tc.want || random < tc.want-0.03 {
			t.Errorf("×%.1f: caught and named in %.1f%% (in turn), %.1f%% (at random) of trials, want ≥ %.0f%%",
				tc.factor, 100*p.Overall, 100*random, 100*tc.want)
		}
		var low []string
		idx := make([]int, len(p.Per))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return p.Per[idx[a]] < p.Per[idx[b]] })
		for _, i := range idx {
			t.Logf("  ×%.1f %5.1f%% %s", tc.factor, 100*p.Per[i], aa.Series[i].Name)
			if p.Per[i] < tc.want {
				low = append(low, aa.Series[i].Name)
			}
		}
		if len(low) > 0 {
			t.Logf("×%.1f: below %.0f%% for %d benchmarks: %s", tc.factor, 100*tc.want, len(low), strings.Join(low, ", "))
		}
	}
}

// randomPower is the power with one benchmark chosen at random per trial.
func randomPower(aa *AA, factor float64, trials int, seed uint64) float64 {
	rng := rand.New(rand.NewPCG(seed, 5))
	caught := 0
	for range trials {
		cs := aa.Split(rng, compareCount)
		k := rng.IntN(len(cs))
		cs[k] = worsen(cs[k], factor)
		vs := make([]Verdict, len(cs))
		for i, c := range cs {
			vs[i] = test(c)
		}
		classify(vs, Default)
		if vs[k].Kind == Slower {
			caught++
		}
	}
	return float64(caught) / float64(trials)
}

// TestAAMissingRounds: a recording in which the runner dropped some runs
// (a series without a value on a side in some rounds) calibrates, each
// trial using the rounds a series has, as long as no trial can leave a
// side of a series empty; Incomplete counts such series.
func TestAAMissingRounds(t *testing.T) {
	aa := loadAA(t)
	if aa.Incomplete() != 0 {
		t.Fatalf("the committed recording: %d series incomplete, want 0", aa.Incomplete())
	}
	drop := func(s *Series, rounds ...int) {
		for _, r := range rounds {
			s.A[r] = nil
		}
	}
	drop(&aa.Series[0], 5)
	drop(&aa.Series[3], 1, 8)
	if got := aa.Incomplete(); got != 2 {
		t.Errorf("Incomplete: %d, want 2", got)
	}
	cal, err := Calibrate(aa, compareCount, Default, 50, 1)
	if err != nil {
		t.Fatalf("two series with dropped rounds: %v", err)
	}
	if cal.Undecided > 0 {
		t.Errorf("could not decide in %.0f%% of trials", 100*cal.Undecided)
	}
	// The table says how many rounds each side has a value in.
	for i, want := range map[int][3]int{0: {11, 12, 12}, 1: {12, 12, 12}, 3: {10, 12, 12}} {
		if n := cal.Noise[i]; [3]int{n.RoundsA, n.RoundsB, n.Rounds} != want {
			t.Errorf("series %d: rounds A/B %d/%d of %d, want %d/%d of %d", i, n.RoundsA, n.RoundsB, n.Rounds, want[0], want[1], want[2])
		}
	}
	var text strings.Builder
	if err := cal.WriteText(&text); err != nil || !strings.Contains(text.String(), "rounds A/B") || !strings.Contains(text.String(), " 10/12 of 12 ") {
		t.Errorf("WriteText (%v) has no rounds A/B column with series 3's 10/12 of 12:\n%s", err, text.String())
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		cs := aa.Split(rng, compareCount)
		if n := len(cs[3].Old) + len(cs[3].New); n < 2*compareCount-2 || n > 2*compareCount {
			t.Errorf("series 3: %d values in a trial of %d rounds a side, two rounds missing on one side", n, compareCount)
		}
	}
	// A side of a trial is empty only when every round drawn lacks a
	// value: missing in up to 9 of 12 rounds, a trial of 10 draws one
	// that has both; missing in 10 it may draw none.
	drop(&aa.Series[3], 2)
	if _, err := Calibrate(aa, compareCount, Default, 10, 1); err != nil {
		t.Errorf("missing in 3 of 12 rounds: %v", err)
	}
	drop(&aa.Series[3], 0, 3, 4, 6, 7, 9)
	if _, err := Calibrate(aa, compareCount, Default, 10, 1); err != nil {
		t.Errorf("missing in 9 of 12 rounds, every trial draws one of the other 3: %v", err)
	}
	drop(&aa.Series[3], 10)
	_, err = Calibrate(aa, compareCount, Default, 10, 1)
	if err == nil || !strings.Contains(err.Error(), "in only 2 of the recording's 12 rounds, too few for 10 a side") {
		t.Errorf("missing in 10 of 12 rounds: %v, want too few", err)
	}
	name := aa.Series[3].Name + " (" + aa.Series[3].Unit + ")"
	if out := aa.LeaveOutIncomplete(compareCount); len(out) != 1 || out[0] != name || len(aa.Series) != 55 {
		t.Errorf("LeaveOutIncomplete: %q, %d series left; want [%s], 55", out, len(aa.Series), name)
	}
	if _, err := Calibrate(aa, compareCount, Default, 10, 1); err != nil {
		t.Errorf("with it left out: %v", err)
	}
}
