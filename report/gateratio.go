package report

import (
	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
)

// gateChartSubtitle and gateChartInterval say what compare.png draws.
const (
	gateChartSubtitle = "median change; whiskers: the changes the gate's test cannot tell from none at its level; filled: the gate's verdict (" + gate.Name + ")"
	gateChartInterval = "the changes the gate's test cannot tell from none, at each benchmark's Holm level"
)

// gateRatio is NEW's median over OLD's with the interval of the gate's
// test of v: benchstat's two-sided U test inverted at twice the level
// v's one-sided test was held to (Holm's step), since the one-sided
// p-value is half the two-sided one. So the interval leaves out 1 on the
// worse side exactly when the gate found NEW worse at its level, and a
// filled point never sits on a whisker that crosses no change; a
// significant change within the threshold stays hollow, between the
// threshold lines.
func gateRatio(old, nw *model.Cell, v gate.Verdict) model.Ratio {
	r := model.Ratio{Center: v.NewMedian / v.OldMedian, P: v.P, N1: v.N1, N2: v.N2, Significant: v.Significant}
	lo, hi, ok := model.RatioInterval(old.Sample, nw.Sample, benchmath.AssumeNothing, 2*v.Level)
	if !ok { // a value is not positive: the two medians' intervals combined
		lo, hi = nw.Summary.Lo/old.Summary.Hi, nw.Summary.Hi/old.Summary.Lo
	}
	r.Lo, r.Hi = lo, hi
	return r
}
