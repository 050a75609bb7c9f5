package gate

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteSigns returns the one-sided p-values of a statistic of x under
// every assignment of signs to x's values, counted one by one: the
// definition the exact tests must match.
func bruteSigns(x []float64, stat func([]float64) float64) (ge, le float64) {
	obs := stat(x)
	n := len(x)
	y := make([]float64, n)
	for mask := range 1 << n {
		for i, v := range x {
			if mask&(1<<i) != 0 {
				y[i] = -v
			} else {
				y[i] = v
			}
		}
		s := stat(y)
		if s >= obs-1e-9 {
			ge++
		}
		if s <= obs+1e-9 {
			le++
		}
	}
	all := float64(int(1) << n)
	return ge / all, le / all
}

// wPlus is Wilcoxon's W+ of x, by its definition: the sum of the
// mid-ranks of |x| (zeros left out) of the positive values.
func wPlus(x []float64) float64 {
	var nz []float64
	for _, v := range x {
		if v != 0 {
			nz = append(nz, v)
		}
	}
	w := 0.0
	for _, v := range nz {
		if v <= 0 {
			continue
		}
		below, equal := 0, 0
		for _, u := range nz {
			switch {
			case math.Abs(u) < math.Abs(v):
				below++
			case math.Abs(u) == math.Abs(v):
				equal++
			}
		}
		w += float64(below) + float64(equal+1)/2
	}
	return w
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// TestExactTests: the signed-rank and sign-flip p-values equal the share
// of the sign assignments counted one by one, with ties and zeros, and
// their floor is 2^−n for n non-zero values.
func TestExactTests(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 300 {
		n := 1 + rng.IntN(11)
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(7)-2) / 100 // ties, zeros, both signs
			if trial%3 == 0 {
				x[i] = rng.NormFloat64()/50 + 0.01
			}
		}
		zeros := 0
		for _, v := range x {
			if v == 0 {
				zeros++
			}
		}
		if zeros < n {
			var nz []float64
			for _, v := range x {
				if v != 0 {
					nz = append(nz, v)
				}
			}
			ge, le := bruteSigns(nz, wPlus)
			pw, pb, minP := signedRank(x)
			if math.Abs(pw-ge) > 1e-12 || math.Abs(pb-le) > 1e-12 || minP != math.Ldexp(1, -len(nz)) {
				t.Errorf("signedRank(%v) = %g, %g, %g; by enumeration %g, %g, 2^-%d", x, pw, pb, minP, ge, le, len(nz))
			}
		}
		ge, le := bruteSigns(x, sum)
		pw, pb, minP := signFlip(x)
		if math.Abs(pw-ge) > 1e-12 || math.Abs(pb-le) > 1e-12 || (zeros < n && minP != math.Ldexp(1, zeros-n)) {
			t.Errorf("signFlip(%v) = %g, %g, %g; by enumeration %g, %g", x, pw, pb, minP, ge, le)
		}
	}
	if pw, pb, _ := signedRank([]float64{0, 0}); pw != 1 || pb != 1 {
		t.Errorf("signedRank of zeros = %g, %g; want 1, 1", pw, pb)
	}
	// Beyond maxFlip, the normal approximation: all 50 positive is as
	// sure as it gets, balanced signs are not.
	big := make([]float64, 50)
	for i := range big {
		big[i] = 0.01 * float64(1+i%3)
	}
	if pw, _, _ := signFlip(big); pw > 1e-6 {
		t.Errorf("signFlip of 50 positive ratios: p = %g", pw)
	}
	for i := range big {
		if i%2 == 1 {
			big[i] = -big[i]
		}
	}
	if pw, pb, _ := signFlip(big); pw < 0.2 || pb < 0.2 {
		t.Errorf("signFlip of 50 balanced ratios: p = %g, %g", pw, pb)
	}
}

// TestTTest: the paired t-test's one-sided p-value equals Student's
// distribution in closed form for 3 degrees of freedom,
// P(T > t) = 1/2 − (atan(u) + u/(1 + u²))/π with u = t/√3; no spread is
// a sure change, or none.
func TestTTest(t *testing.T) {
	x := []float64{0.01, 0.03, 0.02, 0.05}
	mean := 0.0275
	sd := math.Sqrt((math.Pow(0.01-mean, 2) + math.Pow(0.03-mean, 2) + math.Pow(0.02-mean, 2) + math.Pow(0.05-mean, 2)) / 3)
	u := mean * 2 / sd / math.Sqrt(3)
	want := 0.5 - (math.Atan(u)+u/(1+u*u))/math.Pi
	pw, pb, minP := tTest(x)
	if math.Abs(pw-want) > 1e-9 || math.Abs(pw+pb-1) > 1e-12 || minP != 0 {
		t.Errorf("tTest(%v) = %g, %g, %g; want p(worse) = %g", x, pw, pb, minP, want)
	}
	if pw, pb, _ := tTest([]float64{0.02, 0.02, 0.02}); pw != 0 || pb != 1 {
		t.Errorf("tTest of equal positive ratios = %g, %g; want 0, 1", pw, pb)
	}
	if pw, pb, _ := tTest([]float64{0, 0, 0}); pw != 1 || pb != 1 {
		t.Errorf("tTest of zero ratios = %g, %g; want 1, 1", pw, pb)
	}
}

// rounded returns a comparison whose values carry rounds: per round r
// (from 1), old[r] and nw[r] hold that round's values of each side.
func rounded(old, nw [][]float64) Comparison {
	c := Comparison{Name: "X", Unit: "sec/op", Better: LowerIsBetter}
	for r, vs := range old {
		for _, v := range vs {
			c.Old = append(c.Old, v)
			c.OldRound = append(c.OldRound, r+1)
		}
	}
	for r, vs := range nw {
		for _, v := range vs {
			c.New = append(c.New, v)
			c.NewRound = append(c.NewRound, r+1)
		}
	}
	return c
}

// TestPairRounds: a round whose sides have as many values gives a log
// ratio per value, the k-th with the k-th; one whose sides differ, the log
// ratio of their geometric means; rounds missing on a side are left out;
// too few rounds, too many values left out, a side without rounds or a
// value that is not positive do not pair.
func TestPairRounds(t *testing.T) {
	c := rounded(
		[][]float64{{1, 4}, {2}, {3}, {5}},
		[][]float64{{2, 2}, {1, 4}, {6}, nil},
	)
	pr, ok := pairRounds(c)
	if !ok {
		t.Fatal("does not pair")
	}
	want := []float64{math.Log(2), -math.Log(2), 0, math.Log(2)}
	if len(pr.ratio) != len(want) || pr.n != 3 {
		t.Fatalf("log ratios %v of %d rounds, want %v of 3", pr.ratio, pr.n, want)
	}
	for i := range want {
		if math.Abs(pr.ratio[i]-want[i]) > 1e-12 {
			t.Errorf("log ratios %v, want %v", pr.ratio, want)
		}
	}
	if !slices.Equal(pr.worse, pr.ratio) || len(pr.old) != 4 || len(pr.nw) != 5 {
		t.Errorf("worse %v, old %v, new %v", pr.worse, pr.old, pr.nw)
	}
	h := c
	h.Better = HigherIsBetter
	if pr, _ := pairRounds(h); pr.worse[3] != -pr.ratio[3] {
		t.Errorf("higher is better: worse %v of ratios %v", pr.worse, pr.ratio)
	}
	for name, bad := range map[string]Comparison{
		"two rounds":        rounded([][]float64{{1}, {2}}, [][]float64{{1}, {2}}),
		"a third left out":  rounded([][]float64{{1}, {2}, {3}, {4}, {5}, {6}}, [][]float64{{1}, {2}, {3}, {4}}),
		"a zero":            rounded([][]float64{{1}, {0}, {3}}, [][]float64{{1}, {2}, {3}}),
		"no rounds in NEW":  {Old: []float64{1, 2, 3}, OldRound: []int{1, 2, 3}, New: []float64{1, 2, 3}},
		"rounds of another": {Old: []float64{1, 2, 3}, OldRound: []int{1, 2, 3}, New: []float64{1, 2, 3}, NewRound: []int{4, 5, 6}},
	} {
		if _, ok := pairRounds(bad); ok {
			t.Errorf("%s: pairs", name)
		}
	}
}

// spells returns a comparison of rounds rounds of k values a side in
// which some rounds are slow on both sides alike (a spell of the machine
// across the round), NEW made worse by factor.
func spells(rng *rand.Rand, rounds, k int, factor float64) Comparison {
	var old, nw [][]float64
	for range rounds {
		slow := 1.0
		if rng.Float64() < 0.4 {
			slow = 1.1 + 0.3*rng.Float64()
		}
		var o, n []float64
		for range k {
			o = append(o, slow*(1+0.005*rng.NormFloat64()))
			n = append(n, factor*slow*(1+0.005*rng.NormFloat64()))
		}
		old, nw = append(old, o), append(nw, n)
	}
	return rounded(old, nw)
}

// TestPairedVerdict: when slow spells hit both sides of a round, the
// paired tests see a 7% slowdown that the Mann–Whitney U test, lost in the
// spells, does not, at the gate's hardest level for 45 benchmarks; the
// verdict says how many rounds it paired, and its "could detect" is the
// smallest worsening that is flagged.
func TestPairedVerdict(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	level := Default.Alpha / 45
	missed := 0
	for range 20 {
		c := spells(rng, 10, 2, 1.07)
		mw, _ := verdictOf(c, Unpaired)
		if mw.PWorse > level {
			missed++
		}
		for _, p := range Pairings[1:] {
			v, tst := verdictOf(c, p)
			if v.Rounds != 10 || v.N1 != 20 || v.N2 != 20 {
				t.Fatalf("%v: %d rounds, %d+%d values; want 10, 20+20", p, v.Rounds, v.N1, v.N2)
			}
			if !(v.PWorse <= level) || math.Abs(v.Change-0.07) > 0.01 {
				t.Errorf("%v: p(worse) %g > %g or change %+.3f, on rounds with spells (Mann–Whitney: %g)", p, v.PWorse, level, v.Change, mw.PWorse)
			}
			// Could detect: flagged at that worsening, not just below it.
			base := c
			base.New = slices.Clone(c.New)
			for i := range base.New {
				base.New[i] /= 1.07
			}
			d := tst.detectable(base, 0, level)
			if math.IsInf(d, 0) || math.IsNaN(d) {
				t.Fatalf("%v: could detect %g", p, d)
			}
			flag := func(d float64) bool {
				v, _ := tst.verdict(worsen(centred(base), 1+d))
				return v.PWorse <= level
			}
			if !flag(d*(1+1e-6)) || flag(d*(1-1e-3)) {
				t.Errorf("%v: could detect %.4f, but flagged at it %v, just below it %v", p, d, flag(d*(1+1e-6)), flag(d*(1-1e-3)))
			}
		}
	}
	if missed < 15 {
		t.Errorf("Mann–Whitney found the slowdown in %d of 20 comparisons with spells: not the case these tests are for", 20-missed)
	}
}

// centred returns c with NEW rescaled so that the median of its rounds'
// ratios is 1.
func centred(c Comparison) Comparison {
	pr, _ := pairRounds(c)
	m := median(pr.ratio)
	w := c
	w.New = slices.Clone(c.New)
	for i := range w.New {
		w.New[i] *= math.Exp(-m)
	}
	return w
}

// TestPairedInterval: the interval of NEW/OLD a paired test cannot tell
// from none at a level leaves out 1 on the worse side exactly when the
// test finds NEW worse at that level, holds the change, and turns with a
// higher-is-better unit.
func TestPairedInterval(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	level := Default.Alpha / 45
	seen := map[bool]int{}
	for trial := range 60 {
		factor := []float64{1, 1.03, 1.07, 1.15}[trial%4]
		c := spells(rng, 10, 2, factor)
		if trial%5 == 0 {
			c.Better = HigherIsBetter
		}
		for _, p := range Pairings[1:] {
			v, _ := verdictOf(c, p)
			lo, hi, ok := PairedInterval(c, p, level)
			if !ok {
				t.Fatalf("%v: no interval", p)
			}
			worseSide := lo > 1 // NEW/OLD above 1: worse for lower-is-better
			if c.Better == HigherIsBetter {
				worseSide = hi < 1
			}
			found := v.PWorse <= level
			seen[found]++
			if found != worseSide {
				t.Errorf("%v, ×%g, better %d: p(worse) %g at level %g, but the interval is %.4f–%.4f", p, factor, c.Better, v.PWorse, level, lo, hi)
			}
			if p != PairedT && !(lo <= 1+v.Change && 1+v.Change <= hi) { // the t-test's interval is about the mean
				t.Errorf("%v: interval %.4f–%.4f leaves out the change %+.4f", p, lo, hi, v.Change)
			}
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Errorf("found worse in %d cases, not in %d: the test needs both", seen[true], seen[false])
	}
	if _, _, ok := PairedInterval(spells(rng, 10, 2, 1), Unpaired, level); ok {
		t.Error("an interval for the unpaired test")
	}
}
