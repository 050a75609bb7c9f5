package gate

import (
	"math"
	"slices"
	"sort"

	"github.com/aclements/go-moremath/stats"
)

// A tester is one of the gate's tests of one benchmark (see Pairing): what
// the A/A calibration compares.
type tester interface {
	// verdict computes what the test says about c alone: the medians,
	// the change, the p-values and the smallest one-sided p-value the
	// sizes allow. ok is false when the test does not apply to c (a
	// paired test to a comparison whose rounds do not pair).
	verdict(c Comparison) (v Verdict, ok bool)

	// detectable returns the smallest relative worsening that the test
	// would flag in c at level with threshold: +Inf when none would, NaN
	// when c has no scale to worsen (a median that is not positive).
	detectable(c Comparison, threshold, level float64) float64
}

// mannWhitney is the unpaired test: Mann–Whitney U, as benchstat's.
type mannWhitney struct{}

func (mannWhitney) verdict(c Comparison) (Verdict, bool) { return test(c), true }

func (mannWhitney) detectable(c Comparison, threshold, level float64) float64 {
	return detectable(c, Method{Threshold: threshold}, level)
}

// paired is a paired test of the log ratios of the pairs in a round.
type paired struct {
	// p returns the one-sided p-values of "worse" and "better" of the
	// log ratios x (positive is worse), and the smallest one-sided
	// p-value the test allows for x's size and zeros.
	p func(x []float64) (pWorse, pBetter, minP float64)
}

// testers are the tests of the Pairings.
var testers = map[Pairing]tester{
	Unpaired: mannWhitney{},
	PairedT:  paired{tTest},
	Wilcoxon: paired{signedRank},
	SignFlip: paired{signFlip},
}

// verdictOf returns the verdict of c under the Pairing p, and the test
// that gave it: p's test when c's rounds pair, else Mann–Whitney's.
func verdictOf(c Comparison, p Pairing) (Verdict, tester) {
	t := testers[p.resolve()]
	if t != nil {
		if v, ok := t.verdict(c); ok {
			return v, t
		}
	}
	return test(c), mannWhitney{}
}

func (t paired) verdict(c Comparison) (Verdict, bool) {
	pr, ok := pairRounds(c)
	if !ok {
		return Verdict{}, false
	}
	v := Verdict{Name: c.Name, Unit: c.Unit, Better: c.Better, N1: len(pr.old), N2: len(pr.nw), Rounds: pr.n}
	v.OldMedian, v.NewMedian = median(pr.old), median(pr.nw)
	v.Change = math.Expm1(median(pr.ratio))
	v.PWorse, v.PBetter, v.MinP = t.p(pr.worse)
	v.P = min(1, 2*min(v.PWorse, v.PBetter))
	return v, true
}

// detectable shifts the log ratios, centred on their median (no change),
// until the test rejects at level: the log of (1 + d) for a worsening d
// of a lower-is-better unit, of 1/(1 − d) for a higher-is-better one. A
// shift only moves every ratio the same way, and every paired test's
// p-value falls as the ratios grow, so the first shift that rejects is
// found by bisection.
func (t paired) detectable(c Comparison, threshold, level float64) float64 {
	pr, ok := pairRounds(c)
	if !ok {
		return math.NaN()
	}
	x := slices.Clone(pr.worse)
	m := median(x)
	for i := range x {
		x[i] -= m
	}
	w := make([]float64, len(x))
	rejects := func(s float64) bool {
		for i, v := range x {
			w[i] = v + s
		}
		pw, _, _ := t.p(w)
		return pw <= level
	}
	if _, _, minP := t.p(x); minP > level {
		return math.Inf(1)
	}
	// A shift beyond every ratio's distance below 0 makes them all
	// positive: the smallest p-value of a rank or sign test. The t-test's
	// falls further: double until it rejects.
	hi := math.Max(-slices.Min(x), 0)*(1+1e-9) + 1e-12
	for n := 0; !rejects(hi); n++ {
		if n == 64 {
			return math.Inf(1)
		}
		hi = 2*hi + 1e-6
	}
	lo := 0.0
	if rejects(lo) {
		hi = lo
	}
	_, hi = narrow(lo, hi, 1e-9, 100, rejects)
	d := math.Expm1(hi)
	if c.Better == HigherIsBetter {
		d = -math.Expm1(-hi)
	}
	return max(d, threshold)
}

// tTest is the one-sample t-test of x against 0: the paired t-test on
// the logs. With no spread, a mean above 0 is as sure as can be (p = 0),
// and a mean of 0 is no change (p = 1 both ways).
func tTest(x []float64) (pWorse, pBetter, minP float64) {
	if len(x) < 2 {
		return 1, 1, 1
	}
	s := stats.Sample{Xs: x}
	mean, sd := s.Mean(), s.StdDev()
	if !(sd > 1e-12*math.Abs(mean)) || sd == 0 {
		switch {
		case mean > 0:
			return 0, 1, 0
		case mean < 0:
			return 1, 0, 0
		}
		return 1, 1, 0
	}
	t := mean * math.Sqrt(float64(len(x))) / sd
	dist := stats.TDist{V: float64(len(x) - 1)}
	return dist.CDF(-t), dist.CDF(t), 0
}

// signedRank is Wilcoxon's exact signed-rank test of x against 0: W+,
// the sum of the ranks of |x| of the positive values (ties get their
// mid-ranks, zeros are left out), against its distribution when every
// sign is equally likely.
func signedRank(x []float64) (pWorse, pBetter, minP float64) {
	var nz []float64
	for _, v := range x {
		if v != 0 {
			nz = append(nz, v)
		}
	}
	n := len(nz)
	if n == 0 {
		return 1, 1, 1
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return math.Abs(nz[idx[a]]) < math.Abs(nz[idx[b]]) })
	// Doubled ranks are whole numbers, mid-ranks too.
	rank2 := make([]int, n)
	for i := 0; i < n; {
		j := i
		for j+1 < n && math.Abs(nz[idx[j+1]]) == math.Abs(nz[idx[i]]) {
			j++
		}
		for k := i; k <= j; k++ {
			rank2[idx[k]] = i + j + 2 // 2 × the mid-rank of ranks i+1 … j+1
		}
		i = j + 1
	}
	w := 0
	for i, v := range nz {
		if v > 0 {
			w += rank2[i]
		}
	}
	// dist[s] counts the sign assignments whose positive ranks sum to s.
	total := 0
	for _, r := range rank2 {
		total += r
	}
	dist := make([]float64, total+1)
	dist[0] = 1
	top := 0
	for _, r := range rank2 {
		for s := top; s >= 0; s-- {
			dist[s+r] += dist[s]
		}
		top += r
	}
	all := math.Ldexp(1, n)
	var ge, le float64
	for s, c := range dist {
		if s >= w {
			ge += c
		}
		if s <= w {
			le += c
		}
	}
	return ge / all, le / all, 1 / all
}

// signFlip is the exact sign-flip permutation test of the sum of x: the
// share of the 2^n sign assignments whose sum is at least (at most) the
// observed one. The sums of the two halves' assignments are enumerated
// and matched (meet in the middle): 2^20 sums a half for n = 40. Beyond
// maxFlip values it takes the normal approximation of that distribution
// (mean 0, variance the sum of the squares), whose floor is far below
// any level the gate uses.
func signFlip(x []float64) (pWorse, pBetter, minP float64) {
	zeros := 0
	scale, obs, sq := 0.0, 0.0, 0.0
	for _, v := range x {
		if v == 0 {
			zeros++
		}
		scale += math.Abs(v)
		obs += v
		sq += v * v
	}
	n := len(x)
	if n == 0 || zeros == n {
		return 1, 1, 1
	}
	if n > maxFlip {
		z := obs / math.Sqrt(sq)
		return 0.5 * math.Erfc(z/math.Sqrt2), 0.5 * math.Erfc(-z/math.Sqrt2), math.Ldexp(1, zeros-n)
	}
	eps := 1e-12 * scale
	a, b := flipSums(x[:n/2]), flipSums(x[n/2:])
	slices.Sort(b)
	var ge, le float64
	for _, s := range a {
		// The b with s + b ≥ obs, and with s + b ≤ obs (to rounding).
		i := sort.SearchFloat64s(b, obs-eps-s)
		ge += float64(len(b) - i)
		j := sort.Search(len(b), func(k int) bool { return b[k] > obs+eps-s })
		le += float64(j)
	}
	all := math.Ldexp(1, n)
	return ge / all, le / all, math.Ldexp(1, zeros-n)
}

// maxFlip bounds the values signFlip enumerates.
const maxFlip = 40

// flipSums returns the sums of x under every assignment of signs.
func flipSums(x []float64) []float64 {
	sums := []float64{0}
	for _, v := range x {
		next := make([]float64, 0, 2*len(sums))
		for _, s := range sums {
			next = append(next, s+v, s-v)
		}
		sums = next
	}
	return sums
}

// PairedInterval returns the interval of NEW/OLD that the paired test of
// c under p cannot tell from none at level in either direction: the
// ratios ρ for which neither one-sided test of the log ratios less log ρ
// rejects at level. It leaves out 1 on the worse side exactly when the
// test found NEW worse at level (a shift only moves the p-values one
// way, so the bounds are found by bisection). ok is false when c's rounds
// do not pair or p is Unpaired; a bound no shift reaches (the exact
// tests' floor above level) is 0 or +Inf.
func PairedInterval(c Comparison, p Pairing, level float64) (lo, hi float64, ok bool) {
	t, isPaired := testers[p.resolve()].(paired)
	pr, pairs := pairRounds(c)
	if !isPaired || !pairs {
		return 0, 0, false
	}
	// In the log ratios oriented worse-positive: the shifts s with
	// p(worse) of x − s above level are those above sLo; with p(better)
	// of x − s above level, below sHi.
	x := pr.worse
	w := make([]float64, len(x))
	pOf := func(s float64, worse bool) float64 {
		for i, v := range x {
			w[i] = v - s
		}
		pw, pb, _ := t.p(w)
		if worse {
			return pw
		}
		return pb
	}
	spread := 1e-6
	for _, v := range x {
		spread = max(spread, math.Abs(v))
	}
	bound := func(worse bool) float64 {
		// accepted(s): the test in this direction does not reject at s.
		accepted := func(s float64) bool { return pOf(s, worse) > level }
		m := median(slices.Clone(x))
		a, b := m, m // an accepted shift and a rejected one
		step := spread
		dir := 1.0
		if worse {
			dir = -1
		}
		if !accepted(a) {
			dir = -dir
			for n := 0; !accepted(a); n++ {
				if n == 64 {
					return math.Inf(int(dir))
				}
				a += dir * step
				step *= 2
			}
			dir = -dir
		}
		b = a + dir*step
		for n := 0; accepted(b); n++ {
			if n == 64 {
				return math.Inf(int(dir))
			}
			a = b
			step *= 2
			b = a + dir*step
		}
		for range 100 {
			mid := (a + b) / 2
			if accepted(mid) {
				a = mid
			} else {
				b = mid
			}
		}
		return a
	}
	sLo, sHi := bound(true), bound(false)
	if c.Better == HigherIsBetter { // worse-positive is −log(NEW/OLD)
		sLo, sHi = -sHi, -sLo
	}
	return math.Exp(sLo), math.Exp(sHi), true
}
