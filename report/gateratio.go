package report

import (
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
)

// gateChartSubtitle and gateChartInterval say what compare.png draws.
func gateChartSubtitle(r *gate.Result) string {
	return "filled: the gate's verdict, by " + r.Name()
}

const gateChartInterval = "the changes the gate's test cannot tell from none, at each benchmark's Holm level"

// gateRatio is NEW's median over OLD's with the interval of the gate's
// test of v: benchstat's two-sided U test inverted at twice the level
// v's one-sided test was held to (Holm's step), since the one-sided
// p-value is half the two-sided one. So the interval leaves out 1 on the
// worse side exactly when the gate found NEW worse at its level, and a
// filled point never sits on a whisker that crosses no change; a
// significant change within the threshold stays hollow, between the
// threshold lines.
//
// A paired verdict (v.Rounds > 0) draws its own change, the median of its
// rounds' ratios, with its own test inverted (gate.Verdict.Interval).
func gateRatio(old, nw *model.Cell, c gate.Comparison, v gate.Verdict, p gate.Pairing) model.Ratio {
	r := model.Ratio{Center: v.NewMedian / v.OldMedian, P: v.P, N1: v.N1, N2: v.N2, Significant: v.Significant}
	if v.Rounds > 0 {
		r.Center = 1 + v.Change
	}
	lo, hi, ok := v.Interval(c, p)
	if !ok { // a value is not positive: the two medians' intervals combined
		lo, hi = nw.Summary.Lo/old.Summary.Hi, nw.Summary.Hi/old.Summary.Lo
	}
	r.Lo, r.Hi = lo, hi
	return r
}
