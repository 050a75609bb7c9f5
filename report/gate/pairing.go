package gate

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// A Pairing is how the gate tests a benchmark whose OLD and NEW values
// were measured in the same rounds of one interleaved run (concbench
// bench: each round measures every ref once, so a slow spell of the
// machine falls on both sides of a round alike). A paired test compares
// the sides pair by pair within each round: the log of the ratio of NEW's
// value to OLD's (see rounds), which a spell that hits both sides leaves
// as it is. Where a comparison's rounds do not
// pair (see Comparison.OldRound), the gate uses the Mann–Whitney U test,
// whatever the Pairing.
type Pairing int

const (
	// PairDefault is DefaultPairing: the zero Method pairs as the gate
	// does by default.
	PairDefault Pairing = iota
	// Unpaired is the Mann–Whitney U test of the two samples, their
	// rounds unread: the gate's test before rounds were recorded.
	Unpaired
	// PairedT is Student's one-sample t-test of the log ratios of the pairs in a round
	// (a paired t-test on the logs). Its p-value has no floor, so it can
	// pass Holm's first level with few rounds; it assumes the mean of the
	// log ratios is near normal.
	PairedT
	// Wilcoxon is Wilcoxon's signed-rank test of the per-round log
	// ratios, exact (ties get their mid-ranks; zero ratios are left out).
	// Its smallest one-sided p-value is 2^−n for n rounds: 1/1024 for 10,
	// which passes Holm's first level α/m only while m ≤ 51 at α = 0.05.
	Wilcoxon
	// SignFlip is the sign-flip permutation test of the sum of the
	// log ratios of the pairs in a round, exact: under no change, either side of a
	// round is as likely to be the slower. Its floor is Wilcoxon's.
	SignFlip
)

// DefaultPairing is the gate's test of a benchmark measured in the same
// rounds on both sides, when the Method does not say. It is chosen from
// "concbench compare -calibrate" on an A/A recording of the suite by the
// rule in the package doc (see Choose): on the reference VM's recording of
// 2026-12-04 the rule kept Mann–Whitney (the table in the package doc).
const DefaultPairing = Unpaired

// Pairings are the tests the A/A calibration compares, Unpaired first.
var Pairings = []Pairing{Unpaired, PairedT, Wilcoxon, SignFlip}

var pairingNames = [...]string{PairDefault: "default", Unpaired: "unpaired", PairedT: "t", Wilcoxon: "wilcoxon", SignFlip: "signflip"}

// String returns the Pairing's name as -pair takes it: "unpaired", "t",
// "wilcoxon", "signflip", or "default".
func (p Pairing) String() string {
	if p < 0 || int(p) >= len(pairingNames) {
		return fmt.Sprintf("Pairing(%d)", int(p))
	}
	return pairingNames[p]
}

// ParsePairing reads a Pairing's name (see String).
func ParsePairing(s string) (Pairing, error) {
	for p, name := range pairingNames {
		if strings.EqualFold(s, name) {
			return Pairing(p), nil
		}
	}
	return 0, fmt.Errorf("pairing %q: want %s", s, strings.Join(pairingNames[:], ", "))
}

// Test names the test of a Pairing: "Mann–Whitney U tests", "paired
// t-tests of the log ratios of the pairs in a round".
func (p Pairing) Test() string {
	switch p.resolve() {
	case PairedT:
		return "paired t-tests of the log ratios of the pairs in a round"
	case Wilcoxon:
		return "Wilcoxon signed-rank tests of the log ratios of the pairs in a round"
	case SignFlip:
		return "sign-flip permutation tests of the log ratios of the pairs in a round"
	}
	return "Mann–Whitney U tests"
}

// resolve returns the Pairing PairDefault stands for.
func (p Pairing) resolve() Pairing {
	if p == PairDefault {
		return DefaultPairing
	}
	return p
}

// The conditions for pairing a comparison: at least minRounds rounds
// have values on both sides, and the rounds without a partner hold at
// most maxLeftOut of either side's values (a file whose rounds were
// measured in other runs of the runner has none that pair; one extended
// by a later run pairs only its later rounds, and its earlier values are
// better used unpaired).
const (
	minRounds  = 3
	maxLeftOut = 0.25
)

// rounds is a comparison paired by round.
type rounds struct {
	// ratio holds the log ratios of the pairs, NEW over OLD, and worse
	// the same oriented so that positive is worse. A round whose sides
	// have as many values each (the runner runs a group once or twice a
	// round, the sides interleaved group run by group run) gives a pair
	// per value, the k-th of OLD's with the k-th of NEW's, measured
	// seconds apart; a round whose sides differ gives one, of their
	// geometric means.
	ratio, worse []float64
	// old and nw are the values of the paired rounds, and n the rounds.
	old, nw []float64
	n       int
}

// pairRounds pairs c's values by round; ok is false when they do not
// pair (see minRounds), or when a value is not positive (no log ratio).
func pairRounds(c Comparison) (rounds, bool) {
	if len(c.OldRound) != len(c.Old) || len(c.NewRound) != len(c.New) {
		return rounds{}, false
	}
	old, nw := byRound(c.Old, c.OldRound), byRound(c.New, c.NewRound)
	var p rounds
	for i, j := 0, 0; i < len(old) && j < len(nw); {
		switch o, n := old[i], nw[j]; {
		case o.round < n.round:
			i++
		case o.round > n.round:
			j++
		default:
			i, j = i+1, j+1
			p.n++
			pairs := [][2][]float64{{o.values, n.values}}
			if len(o.values) == len(n.values) {
				pairs = pairs[:0]
				for k := range o.values {
					pairs = append(pairs, [2][]float64{o.values[k : k+1], n.values[k : k+1]})
				}
			}
			for _, pr := range pairs {
				lo, ln := meanLog(pr[0]), meanLog(pr[1])
				if math.IsNaN(lo) || math.IsNaN(ln) {
					return rounds{}, false
				}
				d := ln - lo
				p.ratio = append(p.ratio, d)
				if c.Better == HigherIsBetter {
					d = -d
				}
				p.worse = append(p.worse, d)
			}
			p.old = append(p.old, o.values...)
			p.nw = append(p.nw, n.values...)
		}
	}
	leftOut := func(used, all int) bool { return float64(all-used) > maxLeftOut*float64(all) }
	if p.n < minRounds || leftOut(len(p.old), len(c.Old)) || leftOut(len(p.nw), len(c.New)) {
		return rounds{}, false
	}
	return p, true
}

// A round is the values of one side in one round.
type round struct {
	round  int
	values []float64
}

// byRound groups the values x by their rounds (0 left out), in the order
// of the rounds.
func byRound(x []float64, rs []int) []round {
	idx := make([]int, 0, len(x))
	for i, r := range rs {
		if r != 0 {
			idx = append(idx, i)
		}
	}
	if !slices.IsSortedFunc(idx, func(a, b int) int { return rs[a] - rs[b] }) {
		slices.SortStableFunc(idx, func(a, b int) int { return rs[a] - rs[b] })
	}
	var out []round
	for _, i := range idx {
		if n := len(out); n == 0 || out[n-1].round != rs[i] {
			out = append(out, round{round: rs[i]})
		}
		out[len(out)-1].values = append(out[len(out)-1].values, x[i])
	}
	return out
}

// meanLog returns the mean of the logs of x, NaN when a value is not
// positive and finite.
func meanLog(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		if !(v > 0) || math.IsInf(v, 0) {
			return math.NaN()
		}
		s += math.Log(v)
	}
	return s / float64(len(x))
}
