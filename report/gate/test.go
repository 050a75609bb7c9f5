package gate

import (
	"math"
	"slices"
	"sync"

	"golang.org/x/perf/benchmath"
)

// thresholds are benchmath's; the level they carry is not used: Evaluate
// applies its own.
var thresholds = benchmath.DefaultThresholds

// test computes everything about one comparison that does not depend on
// the rest of the family.
func test(c Comparison) Verdict {
	old, nw := slices.Sorted(slices.Values(c.Old)), slices.Sorted(slices.Values(c.New))
	v := Verdict{Name: c.Name, Unit: c.Unit, Better: c.Better, N1: len(old), N2: len(nw)}
	v.OldMedian, v.NewMedian = median(old), median(nw)
	v.Change = change(v.OldMedian, v.NewMedian)
	v.P, v.PWorse, v.PBetter = oneSidedSorted(old, nw, c.Better)
	v.MinP = minP(old, nw)
	return v
}

// median is benchstat's median (benchmath.AssumeNothing's summary).
func median(x []float64) float64 {
	s := benchmath.NewSample(slices.Clone(x), &thresholds)
	return benchmath.AssumeNothing.Summary(s, 0.95).Center
}

// change returns new/old − 1, with 0/0 = 0 and x/0 = ±Inf.
func change(old, nw float64) float64 {
	switch {
	case old == nw:
		return 0
	case old == 0:
		return math.Copysign(math.Inf(1), nw)
	}
	return nw/old - 1
}

// oneSided returns benchstat's two-sided Mann–Whitney U p-value of old
// against nw and the one-sided p-values of "nw is worse" and "nw is
// better". Mann–Whitney's null distribution is symmetric, so the one-sided
// p-value in the direction the ranks lean is half the two-sided one (it is
// exactly the tail benchmath doubles), and the other direction's is
// 1 − that.
func oneSided(old, nw []float64, b Better) (p, pWorse, pBetter float64) {
	old, nw = slices.Clone(old), slices.Clone(nw)
	slices.Sort(old)
	slices.Sort(nw)
	return oneSidedSorted(old, nw, b)
}

// oneSidedSorted is oneSided of two sorted samples, which it keeps.
func oneSidedSorted(old, nw []float64, b Better) (p, pWorse, pBetter float64) {
	// benchmath.NewSample would sort the values again.
	s1 := &benchmath.Sample{Values: old, Thresholds: &thresholds}
	s2 := &benchmath.Sample{Values: nw, Thresholds: &thresholds}
	p = benchmath.AssumeNothing.Compare(s1, s2).P
	up, down := 0.5, 0.5 // the ranks lean neither way: p = 1
	half := min(p/2, 0.5)
	switch u, mid := uStat(old, nw), float64(len(old)*len(nw))/2; {
	case u > mid:
		up, down = half, 1-half
	case u < mid:
		up, down = 1-half, half
	}
	if b == HigherIsBetter {
		return p, down, up
	}
	return p, up, down
}

// uStat is the Mann–Whitney U statistic of nw against the sorted old: the
// number of pairs (o, n) with n > o, ties counting ½.
func uStat(sorted, nw []float64) float64 {
	u := 0.0
	for _, n := range nw {
		below, _ := slices.BinarySearch(sorted, n) // old values < n
		upto := below
		for upto < len(sorted) && sorted[upto] == n {
			upto++
		}
		u += float64(below) + float64(upto-below)/2
	}
	return u
}

// MinP returns the smallest one-sided p-value of the Mann–Whitney U test
// that samples of these sizes (and these ties within each) can reach:
// that of two samples that do not overlap at all. benchstat's two-sided
// p-value can go no lower than twice it.
func MinP(old, nw []float64) float64 { return minP(old, nw) }

// minP returns the smallest one-sided p-value that samples of these sizes
// (and these ties within each) can reach: that of two samples that do not
// overlap at all.
func minP(old, nw []float64) float64 {
	key := [2]int{len(old), len(nw)}
	plain := !hasTies(old) && !hasTies(nw)
	if plain {
		if p, ok := minPCache.Load(key); ok {
			return p.(float64)
		}
	}
	lo, hi := slices.Min(old), slices.Max(old)
	span := hi - lo + 1
	shifted := make([]float64, len(nw))
	nlo := slices.Min(nw)
	for i, x := range nw {
		shifted[i] = x - nlo + hi + span
	}
	_, up, _ := oneSided(old, shifted, LowerIsBetter)
	if plain {
		minPCache.Store(key, up)
	}
	return up
}

// minPCache holds minP of samples without ties, by their sizes.
var minPCache sync.Map

// hasTies reports whether x holds a value twice.
func hasTies(x []float64) bool {
	s := slices.Clone(x)
	slices.Sort(s)
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			return true
		}
	}
	return false
}

// detectable returns the smallest relative worsening d that the method
// would flag in this comparison: with NEW rescaled to OLD's median, then
// worsened by d (×(1+d) for lower-is-better units, ×(1−d) for higher),
// the one-sided test rejects at level and d passes the threshold. Only
// the pairs' crossing points change the ranks, so d is searched among
// them. It returns +Inf when no worsening would be flagged, NaN when a
// median is not positive.
func detectable(c Comparison, m Method, level float64) float64 {
	mo, mn := median(c.Old), median(c.New)
	if !(mo > 0 && mn > 0) || math.IsInf(mo, 0) || math.IsInf(mn, 0) {
		return math.NaN()
	}
	// Scaling by a positive factor keeps the order, so both samples are
	// sorted once, and every shifted one is sorted too.
	old := slices.Sorted(slices.Values(c.Old))
	centred := make([]float64, len(c.New))
	for i, x := range c.New {
		centred[i] = x * mo / mn
	}
	slices.Sort(centred)
	w := make([]float64, len(centred))
	shifted := func(d float64) []float64 {
		for i, x := range centred {
			if c.Better == HigherIsBetter {
				w[i] = x * (1 - d)
			} else {
				w[i] = x * (1 + d)
			}
		}
		return w
	}
	rejects := func(d float64) bool {
		_, pw, _ := oneSidedSorted(old, shifted(d*(1+1e-9)), c.Better) // just past a crossing
		return pw <= level
	}
	// The test's outcome changes only where a shift makes one pair of
	// (old, new) values change order. Bisect for the bracket of the first
	// shift that rejects, then search the crossings inside it.
	far := farShift(c, centred)
	if !rejects(far) {
		return math.Inf(1)
	}
	lo, hi := narrow(0, far, 1e-3, 64, rejects)
	var cands []float64
	for _, o := range c.Old {
		for _, n := range centred {
			var d float64
			if c.Better == HigherIsBetter {
				d = 1 - o/n
			} else {
				d = o/n - 1
			}
			if d >= lo && d <= hi {
				cands = append(cands, d)
			}
		}
	}
	slices.Sort(cands)
	i, _ := slices.BinarySearchFunc(cands, true, func(d float64, _ bool) int {
		if d > 0 && rejects(d) {
			return 1
		}
		return -1
	})
	if i < len(cands) {
		return max(cands[i], m.Threshold)
	}
	return max(hi, m.Threshold)
}

// farShift is a worsening that separates the samples completely.
func farShift(c Comparison, centred []float64) float64 {
	if c.Better == HigherIsBetter {
		// x(1−d) < min(old) for every x once d > 1 − min(old)/max(centred).
		return 1 - slices.Min(c.Old)/slices.Max(centred)/2
	}
	return 2*slices.Max(c.Old)/slices.Min(centred) - 1
}

// narrow halves [lo, hi], at whose hi end rejects holds, keeping rejects(hi)
// true and rejects(lo) false where it was, until hi − lo is at most tol·hi
// or after that many halvings: the bracket of the smallest shift that rejects.
func narrow(lo, hi, tol float64, halvings int, rejects func(float64) bool) (float64, float64) {
	for range halvings {
		if hi-lo <= tol*hi {
			break
		}
		mid := (lo + hi) / 2
		if rejects(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo, hi
}
