package gate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"testing"
)

// TestMethodFigures prints the figures that chose the gate's method: the
// A/A false-alarm rate and the power at 20% and 50% of several candidate
// methods, at several sample counts, by resampling the committed A/A
// recording (by whole rounds now, see AA.Split: the README's table was
// made splitting the 24 runs at random, so its figures differ a little).
// AA.Candidates compares the paired tests. It takes minutes, so it runs
// only on request:
//
//	CONCBENCH_FIGURES=1 go test -run TestMethodFigures -v ./report/gate/
func TestMethodFigures(t *testing.T) {
	if os.Getenv("CONCBENCH_FIGURES") == "" {
		t.Skip("set CONCBENCH_FIGURES=1 to print the method figures")
	}
	aa := loadAA(t)
	type candidate struct {
		name string
		flag func(vs []Verdict, pShift []float64, m Method) []bool
	}
	threshold := func(v Verdict, t float64) bool { return worse(v.Change, v.Better) && math.Abs(v.Change) > t }
	cands := []candidate{
		{"per-benchmark two-sided α=0.05, 5% threshold (before)", func(vs []Verdict, _ []float64, m Method) []bool {
			out := make([]bool, len(vs))
			for i, v := range vs {
				out[i] = v.P <= m.Alpha && threshold(v, m.Threshold)
			}
			return out
		}},
		{"Holm two-sided, 5% threshold", func(vs []Verdict, _ []float64, m Method) []bool {
			p := make([]float64, len(vs))
			for i, v := range vs {
				p[i] = v.P
			}
			rej, _ := Holm(p, m.Alpha)
			for i, v := range vs {
				rej[i] = rej[i] && threshold(v, m.Threshold)
			}
			return rej
		}},
		{"Holm one-sided, no threshold", func(vs []Verdict, _ []float64, m Method) []bool {
			p := make([]float64, len(vs))
			for i, v := range vs {
				p[i] = v.PWorse
			}
			rej, _ := Holm(p, m.Alpha)
			for i, v := range vs {
				rej[i] = rej[i] && threshold(v, 0)
			}
			return rej
		}},
		{"Holm one-sided, 5% threshold (chosen)", func(vs []Verdict, _ []float64, m Method) []bool {
			vs = slices.Clone(vs)
			classify(vs, m)
			out := make([]bool, len(vs))
			for i, v := range vs {
				out[i] = v.Kind == Slower
			}
			return out
		}},
		{"Benjamini–Hochberg one-sided, 5% threshold", func(vs []Verdict, _ []float64, m Method) []bool {
			p := make([]float64, len(vs))
			for i, v := range vs {
				p[i] = v.PWorse
			}
			rej := bh(p, m.Alpha)
			for i, v := range vs {
				rej[i] = rej[i] && threshold(v, m.Threshold)
			}
			return rej
		}},
		{"Holm one-sided on NEW vs OLD×1.05 (threshold inside the test)", func(vs []Verdict, pShift []float64, m Method) []bool {
			rej, _ := Holm(pShift, m.Alpha)
			for i, v := range vs {
				rej[i] = rej[i] && threshold(v, m.Threshold)
			}
			return rej
		}},
	}
	shifted := func(c Comparison) float64 {
		o := make([]float64, len(c.Old))
		for i, x := range c.Old {
			o[i] = x * 1.05
		}
		_, pw, _ := oneSided(o, c.New, c.Better)
		return pw
	}
	trials := 1000
	for _, n := range []int{6, 8, 10, 12} {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		fa := make([]int, len(cands))
		p20 := make([][]float64, len(cands))
		p50 := make([][]float64, len(cands))
		for i := range cands {
			p20[i] = make([]float64, len(aa.Series))
			p50[i] = make([]float64, len(aa.Series))
		}
		for range trials {
			cs := aa.Split(rng, n)
			vs := make([]Verdict, len(cs))
			ps := make([]float64, len(cs))
			for i, c := range cs {
				vs[i], ps[i] = test(c), shifted(c)
			}
			for ci, cand := range cands {
				if slices.Contains(cand.flag(vs, ps, Default), true) {
					fa[ci]++
				}
			}
			for _, f := range []struct {
				factor float64
				into   [][]float64
			}{{1.2, p20}, {1.5, p50}} {
				for k, c := range cs {
					w := worsen(c, f.factor)
					v2, p2 := slices.Clone(vs), slices.Clone(ps)
					v2[k], p2[k] = test(w), shifted(w)
					for ci, cand := range cands {
						if cand.flag(v2, p2, Default)[k] {
							f.into[ci][k]++
						}
					}
				}
			}
		}
		for ci, cand := range cands {
			mean := func(x []float64) float64 {
				s := 0.0
				for _, v := range x {
					s += v
				}
				return s / float64(len(x)) / float64(trials)
			}
			fmt.Printf("n=%-2d %-64s false alarm %5.1f%%  power 20%% %5.1f%%  50%% %5.1f%%\n",
				n, cand.name, 100*float64(fa[ci])/float64(trials), 100*mean(p20[ci]), 100*mean(p50[ci]))
		}
	}
}

// bh returns the Benjamini–Hochberg rejections of p at rate q.
func bh(p []float64, q float64) []bool {
	n := len(p)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return p[order[a]] < p[order[b]] })
	k := -1
	for r, i := range order {
		if p[i] <= q*float64(r+1)/float64(n) {
			k = r
		}
	}
	rej := make([]bool, n)
	for r := 0; r <= k; r++ {
		rej[order[r]] = true
	}
	return rej
}
