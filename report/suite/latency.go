package suite

import (
	"fmt"

	"github.com/concbench/concbench/report/chart"
)

// latencySuffix names a task's latency chart: io-latency.png,
// jobs-latency.png.
const latencySuffix = "-latency.png"

// latencyCaption is written under a task's latency chart: what the
// per-piece units measure (the IO task says what its pieces are) and how
// the chart and the trade-off read them.
func latencyCaption(t *task) string {
	what := ""
	if t.prefix == "io" {
		what = " (here a request, until its answer is accepted)"
	}
	return fmt.Sprintf("How to read the latency chart and columns: a piece's latency runs from the start of its run until the piece returns%s; **p50, p99 and max latency** are its percentiles over the pieces of a sample's runs, and **peak goroutines** the goroutines a run added at its peak, beyond those alive before (a mean over the sample's runs). Each is the median of the samples, and lower is better. The chart puts each strategy's p99 against its time per run, both with their %.0f%% intervals; the glyph grows with the peak goroutines. Under each table, the strategy with the lowest p99 and the one holding the fewest goroutines are compared with the fastest.", what, spec.Confidence*100)
}

// latencyChart draws a task's strategy and scaling groups that have the
// per-piece units: a panel per group, each strategy's p99 piece latency
// against its time per run, sized by its peak goroutines, the better
// corner by the units' directions; nil when no group has them.
func latencyChart(t *task) *chart.Tradeoff {
	c := &chart.Tradeoff{
		Title:     t.name + ": p99 piece latency against time per run",
		Subtitle:  runSubtitle(t), // it shows no speedup
		XLabel:    "time per run (sec/op)",
		YLabel:    "p99 piece latency",
		XUnit:     "s",
		YUnit:     "s",
		SizeLabel: "peak goroutines",
		Diagonal:  "p99 = time per run (above it: p99 pools the pieces of all runs, time per run is their mean)",
	}
	for _, g := range append(t.groups, t.scaling...) {
		if g.Axis.Key != strategyAxis.Key || !hasPieces(g) {
			continue
		}
		p := chart.TradeoffPanel{Title: g.Title()}
		for _, ch := range choices(g) {
			tc, pc := g.run.cell("sec/op", ch.row.Key), g.run.cell(unitP99, ch.row.Key)
			if tc == nil || pc == nil {
				continue
			}
			peak := g.median(unitPeak, ch)
			text := fmt.Sprintf("%s, p99 %s", humanTime(tc.Summary.Center), humanTime(pc.Summary.Center))
			if peak == peak { // not NaN
				text += ", " + goroutines(peak)
			}
			p.Points = append(p.Points, chart.TradeoffPoint{
				Label: ch.label,
				Text:  text,
				X:     chart.NewInterval(tc.Summary.Center, tc.Summary.Lo, tc.Summary.Hi),
				Y:     chart.NewInterval(pc.Summary.Center, pc.Summary.Lo, pc.Summary.Hi),
				Size:  peak,
			})
		}
		if len(p.Points) > 0 {
			c.Panels = append(c.Panels, p)
			// The units' directions, as the model gives them (lower is
			// better for both, with or without their metadata lines).
			c.XBetter, c.YBetter = chart.DirectionOf(g.run.units["sec/op"].Better), chart.DirectionOf(g.run.units[unitP99].Better)
		}
	}
	if len(c.Panels) == 0 {
		return nil
	}
	return c
}
