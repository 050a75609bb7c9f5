package chart

import (
	"fmt"
	"math"
)

// sampleValues is a one-column table drawn as values: workloads
// (Sleep=001ms_Concurrency=N, lkumarjain's pattern), an alternative each
// line, sec/op spanning two decades, some without an interval.
func sampleValues() *Values {
	v := &Values{
		Title: "sec/op: each benchmark by workload", Subtitle: "median with its 95% interval (benchstat's); linux/amd64",
		Unit: "sec/op", Better: LowerBetter, Cols: []string{"Pond", "GoPool", "Tunny"},
		Format: func(x float64) string { return fmt.Sprintf("%.3gµ", x*1e6) },
	}
	for i, w := range []string{"Sleep=001ms_Concurrency=1", "Sleep=001ms_Concurrency=10", "Sleep=010ms_Concurrency=1", "Sleep=010ms_Concurrency=10", "SHA256=1kB_Concurrency=1"} {
		row := ValueRow{Label: w}
		for j := range v.Cols {
			c := 1e-6 * (1 + 0.3*float64(j)) * math.Pow(3, float64(i%3))
			if i == 2 && j == 2 {
				c = 40e-6 // the one far slower
			}
			iv := NewInterval(c, c*0.95, c*1.07)
			if j == 1 && i%2 == 1 {
				iv = NewInterval(c, math.Inf(-1), math.Inf(1)) // too few samples
			}
			row.Points = append(row.Points, ValuePoint{Col: j, Value: iv})
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// sampleElided is a ratio chart whose row names must be elided: long
// names that differ in one word in their middle (001ms against 010ms).
func sampleElided() *Ratios {
	r := &Ratios{
		Title: "sec/op: each benchmark against Pond", Unit: "sec/op", Better: LowerBetter,
		Ref: "Pond", Cols: []string{"Pond", "GoPool"},
	}
	for i, w := range []string{"001ms", "010ms", "100ms"} {
		for j, n := range []int{10, 100} {
			x := 0.9 + 0.1*float64(i) + 0.02*float64(j)
			r.Rows = append(r.Rows, RatioRow{
				Label:  fmt.Sprintf("BenchmarkAWorkerPoolWithAVeryLongDescriptiveName/Sleep=%s_Concurrency=%d/WithMoreDetail-2", w, n),
				Points: []RatioPoint{{Col: 1, Ratio: x, Lo: x * 0.97, Hi: x * 1.03, Significant: math.Abs(x-1) > 0.03}},
			})
		}
	}
	return r
}

// sampleCompareWide is a compare chart whose changes reach +290%: every
// change written as a ratio, the axis too.
func sampleCompareWide() *Compare {
	c := &Compare{Title: "sec/op: new.txt against old.txt", Unit: "sec/op", Better: LowerBetter, Threshold: 0.05,
		Interval: "the changes the gate's test cannot tell from none"}
	for i, ch := range []float64{1.487, 2.86, -0.12, 0.02, -0.6} {
		c.Changes = append(c.Changes, Change{Name: fmt.Sprintf("Bench%d-2", i), Change: Interval{ch, ch - 0.05, ch + 0.05}, Significant: math.Abs(ch) > 0.05})
	}
	return c
}
