package gate

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// sample returns n values around center with relative noise spread
// (uniform), from rng.
func sample(rng *rand.Rand, n int, center, spread float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = center * (1 + spread*(2*rng.Float64()-1))
	}
	return x
}

func TestHolm(t *testing.T) {
	p := []float64{0.01, 0.04, 0.03, 0.005}
	rej, lev := Holm(p, 0.05)
	// Sorted: 0.005 ≤ 0.05/4, 0.01 ≤ 0.05/3, 0.03 > 0.05/2: stop.
	if want := []bool{true, false, false, true}; !slices.Equal(rej, want) {
		t.Errorf("Holm rejected %v, want %v", rej, want)
	}
	if want := []float64{0.05 / 3, 0.05, 0.05 / 2, 0.05 / 4}; !slices.Equal(lev, want) {
		t.Errorf("Holm levels %v, want %v", lev, want)
	}
}

// TestOneSided: the one-sided p-values are half benchstat's two-sided one
// in the direction the ranks lean, for either direction of unit.
func TestOneSided(t *testing.T) {
	old := []float64{10, 11, 12, 13, 14, 15, 16}
	nw := []float64{15, 16, 17, 18, 19, 20, 21}
	p, pw, pb := oneSided(old, nw, LowerIsBetter)
	if pw != p/2 || pb != 1-p/2 || !(p < 0.05) {
		t.Errorf("lower is better: p=%v worse=%v better=%v", p, pw, pb)
	}
	_, pw2, pb2 := oneSided(old, nw, HigherIsBetter)
	if pw2 != pb || pb2 != pw {
		t.Errorf("higher is better: worse=%v better=%v, want the mirror of %v %v", pw2, pb2, pw, pb)
	}
	if got, want := minP(old, nw), 1/3432.0; math.Abs(got-want) > 1e-12 {
		t.Errorf("minP(7, 7) = %v, want 1/C(14,7) = %v", got, want)
	}
}

// family returns m comparisons of noise (1% spread, n samples per side).
func family(seed uint64, m, n int) []Comparison {
	rng := rand.New(rand.NewPCG(seed, 2))
	cs := make([]Comparison, m)
	for i := range cs {
		cs[i] = Comparison{Name: "B" + string(rune('a'+i)), Unit: "sec/op", Better: LowerIsBetter,
			Old: sample(rng, n, 1e-3, 0.01), New: sample(rng, n, 1e-3, 0.01)}
	}
	return cs
}

// TestVerdictKinds: each kind of verdict, for a lower- and a
// higher-is-better unit, and the decision each leads to.
func TestVerdictKinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	cs := family(1, 8, 12)
	cs[0].New = sample(rng, 12, 1.3e-3, 0.01) // slower
	cs[1].New = sample(rng, 12, 0.7e-3, 0.01) // faster
	cs[2] = Comparison{Name: "rate", Unit: "B/s", Better: HigherIsBetter,
		Old: sample(rng, 12, 100e6, 0.01), New: sample(rng, 12, 70e6, 0.01)} // a lower rate: slower
	cs[3] = Comparison{Name: "rate-up", Unit: "B/s", Better: HigherIsBetter,
		Old: sample(rng, 12, 100e6, 0.01), New: sample(rng, 12, 130e6, 0.01)} // faster
	cs[4].New = sample(rng, 12, 1.02e-3, 0.005) // significant, under the threshold
	r, err := Evaluate(cs, Default)
	if err != nil {
		t.Fatal(err)
	}
	want := []Kind{Slower, Faster, Slower, Faster, NoChange, NoChange, NoChange, NoChange}
	for i, v := range r.Verdicts {
		if v.Kind != want[i] {
			t.Errorf("%s: %v (change %+.3f, p(worse) %.2g at %.2g), want %v", v.Name, v.Kind, v.Change, v.PWorse, v.Level, want[i])
		}
		if v.Kind == NoChange && !(v.Detectable >= Default.Threshold && v.Detectable < 0.2) {
			t.Errorf("%s: could detect ≥ %v, want between the threshold and 20%% at 1%% noise", v.Name, v.Detectable)
		}
	}
	if r.Decision != Regression || r.Decision.ExitCode() != 1 || r.Worst().Name != "rate" && r.Worst().Name != "Ba" {
		t.Errorf("decision %v (%s), worst %v", r.Decision, r.Reason, r.Worst())
	}
	if p := r.Verdicts[4].Phrase(r); !strings.Contains(p, "is significant, but within 5%") {
		t.Errorf("a significant change within the threshold: %q", p)
	}
	if !strings.Contains(r.Verdicts[2].Phrase(r), "slower") || !strings.Contains(r.Verdicts[0].Phrase(r), "slower") {
		t.Errorf("phrases %q, %q", r.Verdicts[2].Phrase(r), r.Verdicts[0].Phrase(r))
	}

	// Six samples a side: 1/924 > 0.05/56, inconclusive, never a pass —
	// even with a +95% change in one.
	few := family(2, 56, 6)
	few[0].New = sample(rng, 6, 1.95e-3, 0.01)
	r, _ = Evaluate(few, Default)
	for _, v := range r.Verdicts {
		if v.Kind != Inconclusive || !math.IsInf(v.Detectable, 1) {
			t.Errorf("6+6 samples in 56 tests: %s is %v, could detect %v", v.Name, v.Kind, v.Detectable)
		}
	}
	if r.Decision != Undecided || r.Decision.ExitCode() != 3 || !strings.Contains(r.Reason, "inconclusive") {
		t.Errorf("6+6 samples: %v (%s)", r.Decision, r.Reason)
	}
	// One sample a side, a +95% change: inconclusive too.
	r, _ = Evaluate([]Comparison{{Name: "one", Unit: "sec/op", Better: LowerIsBetter, Old: []float64{1}, New: []float64{1.95}}}, Default)
	if r.Verdicts[0].Kind != Inconclusive || r.Decision != Undecided {
		t.Errorf("1+1 samples: %v, %v", r.Verdicts[0].Kind, r.Decision)
	}
}

func TestDecision(t *testing.T) {
	r, err := Evaluate(family(3, 5, 10), Default)
	if err != nil {
		t.Fatal(err)
	}
	if r.Decision != Pass || r.Decision.ExitCode() != 0 || r.Count(NoChange) != 5 {
		t.Errorf("noise: %v (%s)", r.Decision, r.Reason)
	}
	r.Missing = []string{"Gone (sec/op)"}
	r.Decide()
	if r.Decision != Undecided || !strings.Contains(r.Reason, "missing") {
		t.Errorf("missing: %v (%s)", r.Decision, r.Reason)
	}
	r.AllowMissing = true
	r.Decide()
	if r.Decision != Pass {
		t.Errorf("missing, allowed: %v (%s)", r.Decision, r.Reason)
	}
	if r, _ := Evaluate(nil, Default); r.Decision != Undecided || r.Reason != "nothing to compare" {
		t.Errorf("nothing: %v (%s)", r.Decision, r.Reason)
	}
	// Nothing in common, the benchmarks of OLD missing from NEW: it says so.
	r, _ = Evaluate(nil, Default)
	r.Missing = []string{"A (sec/op)", "B (sec/op)"}
	if r.Decide(); r.Decision != Undecided || r.Reason != "nothing to compare: the 2 benchmarks of OLD are all missing from NEW (first A (sec/op))" {
		t.Errorf("all missing: %v (%s)", r.Decision, r.Reason)
	}
	for _, m := range []Method{{Alpha: 0, Threshold: 0.05}, {Alpha: 0.05, Threshold: -1}, {Alpha: 0.05, Threshold: math.NaN()}, {Alpha: 0.9}} {
		if _, err := Evaluate(family(1, 1, 5), m); err == nil {
			t.Errorf("method %+v accepted", m)
		}
	}
	if _, err := Evaluate([]Comparison{{Name: "x", Unit: "u", Better: LowerIsBetter, Old: []float64{1}}}, Default); err == nil {
		t.Error("an empty sample accepted")
	}
	if _, err := Evaluate([]Comparison{{Name: "x", Unit: "u", Better: LowerIsBetter, Old: []float64{1}, New: []float64{math.NaN()}}}, Default); err == nil {
		t.Error("a NaN accepted")
	}
	if _, err := Evaluate([]Comparison{{Name: "x", Unit: "u", Old: []float64{1}, New: []float64{1}}}, Default); err == nil {
		t.Error("a comparison without a direction accepted")
	}
}

// TestDetectable: the reported smallest detectable change is exact: NEW,
// rescaled to OLD's median and worsened by it (and a hair more), is
// flagged; worsened by a bit less, it is not.
func TestDetectable(t *testing.T) {
	for _, b := range []Better{LowerIsBetter, HigherIsBetter} {
		cs := family(4, 10, 10)
		for i := range cs {
			cs[i].Better = b
		}
		r, err := Evaluate(cs, Method{Alpha: 0.05, Threshold: 0})
		if err != nil {
			t.Fatal(err)
		}
		for k := range 3 {
			d := r.Verdicts[k].Detectable
			if !(d > 0 && d < 0.1) {
				t.Fatalf("%v: could detect %v", b, d)
			}
			flagged := func(d float64) bool {
				c := slices.Clone(cs)
				mo, mn := median(c[k].Old), median(c[k].New)
				c[k].New = make([]float64, len(cs[k].New))
				for i, x := range cs[k].New {
					if b == HigherIsBetter {
						c[k].New[i] = x * mo / mn * (1 - d)
					} else {
						c[k].New[i] = x * mo / mn * (1 + d)
					}
				}
				r, _ := Evaluate(c, Method{Alpha: 0.05, Threshold: 0})
				return r.Verdicts[k].Kind == Slower
			}
			if !flagged(d*(1+1e-6)) || flagged(d*0.98) {
				t.Errorf("%v: benchmark %d could detect %.4f: flagged at it %v, at 0.98× %v", b, k, d, flagged(d*(1+1e-6)), flagged(d*0.98))
			}
		}
	}
}
