package gate

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestVerdictInterval: the interval of an unpaired verdict's change
// leaves out no change on the worse side exactly when its one-sided test
// finds NEW worse at the level Holm held it to, so a slower verdict never
// comes with an interval that allows none; it holds the change, turns with
// a higher-is-better unit, and leaves the comparison's values in their
// order (their rounds pair by it).
func TestVerdictInterval(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var cs []Comparison
	for i := range 24 {
		factor := []float64{1, 1.02, 1.06, 1.2}[i%4]
		c := Comparison{Name: "B" + string(rune('a'+i)), Unit: "sec/op", Better: LowerIsBetter}
		if i%5 == 0 {
			c.Unit, c.Better = "B/s", HigherIsBetter
		}
		for range 10 {
			old := 100 * (1 + 0.04*rng.NormFloat64())
			nw := 100 * factor * (1 + 0.04*rng.NormFloat64())
			if c.Better == HigherIsBetter {
				nw = 100 / factor * (1 + 0.04*rng.NormFloat64())
			}
			c.Old, c.New = append(c.Old, old), append(c.New, nw)
		}
		cs = append(cs, c)
	}
	r, err := Evaluate(cs, Default)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[bool]int{}
	for i, v := range r.Verdicts {
		c := cs[i]
		before := slices.Clone(c.Old)
		lo, hi, ok := v.Interval(c, Default.Pairing)
		if !ok {
			t.Fatalf("%s: no interval", c.Name)
		}
		if !slices.Equal(c.Old, before) {
			t.Errorf("%s: Interval reordered OLD's values", c.Name)
		}
		worseSide := lo > 1
		if c.Better == HigherIsBetter {
			worseSide = hi < 1
		}
		found := v.Significant && v.Kind != Faster
		seen[found]++
		if found != worseSide {
			t.Errorf("%s: p(worse) %g at level %g, but the interval is %.4f–%.4f", c.Name, v.PWorse, v.Level, lo, hi)
		}
		if v.Kind == Slower && !worseSide {
			t.Errorf("%s: slower, but the interval %.4f–%.4f allows no change", c.Name, lo, hi)
		}
		if ratio := v.NewMedian / v.OldMedian; !(lo <= ratio && ratio <= hi) {
			t.Errorf("%s: interval %.4f–%.4f leaves out the change %.4f", c.Name, lo, hi, ratio)
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Errorf("found worse in %d cases, not in %d: the test needs both", seen[true], seen[false])
	}

	// Holm stopped before a verdict whose p-value is within its level: not
	// significant, so its interval must hold 1.
	stopped := 0
	for i, v := range r.Verdicts {
		if v.Kind == Faster || !(v.PWorse <= 0.04) {
			continue
		}
		c := cs[i]
		v.Kind, v.Level, v.Significant = NoChange, 0.05, false
		lo, hi, ok := v.Interval(c, Default.Pairing)
		if !ok || !(lo <= 1 && 1 <= hi) {
			t.Errorf("%s: p(worse) %g, Holm stopped before it, but the interval is %.4f–%.4f", c.Name, v.PWorse, lo, hi)
		}
		stopped++
	}
	if stopped == 0 {
		t.Error("no verdict with p(worse) ≤ 0.04 to stop Holm before")
	}
}
