package gate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// spellAA makes a synthetic A/A recording of benchmarks benchmarks in
// rounds rounds of k values a side. In a round, the machine runs slow
// with probability spell, on both sides of the round alike (a slow spell
// of tens of seconds spans the round, as on the reference VM), and on one
// side alone with probability side; each value has noise of its own (a
// relative standard deviation), and each benchmark feels a spell to its
// own degree (sequential code less than two busy workers).
func spellAA(seed uint64, benchmarks, rounds, k int, spell, side, noise float64) *AA {
	rng := rand.New(rand.NewPCG(seed, 0x5ee1))
	slow := func(p float64) float64 {
		if rng.Float64() < p {
			return 0.08 + 0.25*rng.Float64()
		}
		return 0
	}
	type state struct{ both, a, b float64 }
	states := make([]state, rounds)
	for r := range states {
		states[r] = state{slow(spell), slow(side), slow(side)}
	}
	aa := &AA{}
	for i := range benchmarks {
		base, feel := math.Exp(rng.NormFloat64()), 0.3+0.7*rng.Float64()
		s := Series{Name: fmt.Sprintf("B%d", i), Unit: "sec/op", Better: LowerIsBetter}
		for _, st := range states {
			var a, b []float64
			for range k {
				a = append(a, base*(1+feel*(st.both+st.a))*(1+noise*rng.NormFloat64()))
				b = append(b, base*(1+feel*(st.both+st.b))*(1+noise*rng.NormFloat64()))
			}
			s.A, s.B = append(s.A, a), append(s.B, b)
		}
		aa.Series = append(aa.Series, s)
	}
	return aa
}

// TestCandidatesOnSpells: on a recording whose slow spells span whole
// rounds, every test keeps its false alarms at α, the paired tests
// named slowdowns that the Mann–Whitney U test, lost in the spells, does
// not, and the rule chooses the paired t-test (Wilcoxon's and the sign
// flip's smallest p, 2^−10 for 10 rounds, is just below α/30: they name a
// slowdown only when every round shows it); on a recording with noise of
// the values alone, pairing gains nothing and the rule keeps the unpaired
// test.
func TestCandidatesOnSpells(t *testing.T) {
	trials := 200
	if testing.Short() {
		trials = 40
	}
	for _, tc := range []struct {
		name               string
		spell, side, noise float64
		want               Pairing
	}{
		{"spells across rounds", 0.35, 0.05, 0.01, PairedT},
		{"noise of the values alone", 0, 0, 0.03, Unpaired},
	} {
		aa := spellAA(1, 30, 12, 2, tc.spell, tc.side, tc.noise)
		figs, err := aa.Candidates(10, Default, trials, 3)
		if err != nil {
			t.Fatal(err)
		}
		byPairing := make(map[Pairing]Figures)
		for _, f := range figs {
			byPairing[f.Pairing] = f
			t.Logf("%s: %-9v false alarms %5.1f%%  ×1.05 %5.1f%%  ×1.07 %5.1f%%  ×1.1 %5.1f%%  paired %3.0f%%",
				tc.name, f.Pairing, 100*f.FalseAlarm, 100*f.Power[0], 100*f.Power[1], 100*f.Power[2], 100*f.Paired)
			if f.FalseAlarm > Default.Alpha+0.03 {
				t.Errorf("%s: %v false-alarms in %.1f%% of A/A trials", tc.name, f.Pairing, 100*f.FalseAlarm)
			}
			if f.Paired != 1 {
				t.Errorf("%s: %v paired %.0f%% of the comparisons, want all", tc.name, f.Pairing, 100*f.Paired)
			}
		}
		got, why := Choose(figs, Default.Alpha)
		t.Logf("%s: the rule chooses %v: %s", tc.name, got, why)
		if got != tc.want {
			t.Errorf("%s: the rule chooses %v (%s), want %v", tc.name, got, why, tc.want)
		}
		if tc.want == PairedT && byPairing[Unpaired].Power[1] > byPairing[PairedT].Power[1]-0.2 {
			t.Errorf("%s: the paired t-test names ×1.07 in %.1f%% of trials, Mann–Whitney in %.1f%%: pairing should gain more", tc.name, 100*byPairing[PairedT].Power[1], 100*byPairing[Unpaired].Power[1])
		}
	}
}

// TestChoose: the rule, on figures made by hand.
func TestChoose(t *testing.T) {
	fig := func(p Pairing, fa, p07 float64) Figures {
		return Figures{Pairing: p, FalseAlarm: fa, Power: []float64{p07 - 0.2, p07, p07 + 0.1}}
	}
	for _, tc := range []struct {
		figs []Figures
		want Pairing
	}{
		{[]Figures{fig(Unpaired, 0, 0.71), fig(PairedT, 0.02, 0.88), fig(Wilcoxon, 0, 0.80)}, PairedT},
		{[]Figures{fig(Unpaired, 0, 0.71), fig(PairedT, 0.08, 0.95), fig(Wilcoxon, 0, 0.80)}, Wilcoxon}, // t false-alarms too often
		{[]Figures{fig(Unpaired, 0, 0.71), fig(PairedT, 0.02, 0.74)}, Unpaired},                         // not 5 points better
		{[]Figures{fig(Unpaired, 0, 0.71), fig(PairedT, 0.06, 0.95)}, Unpaired},
	} {
		if got, why := Choose(tc.figs, 0.05); got != tc.want {
			t.Errorf("Choose(%+v) = %v (%s), want %v", tc.figs, got, why, tc.want)
		}
	}
}
