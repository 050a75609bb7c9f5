package suite

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/chart"
)

// The charts of a task: its file names are the README's.
const (
	speedupSuffix = "-speedup.png"
	scalingSuffix = "-scaling.png"
)

// A taskChart is a chart of a task, the text of its image, and a caption
// written under it ("" for none).
type taskChart struct {
	report.Chart
	alt     string
	caption string
}

// charts returns the charts of a task: a speedup chart and a scaling
// chart when it has such groups, and a latency chart when they have the
// per-piece units.
func charts(t *task) []taskChart {
	var out []taskChart
	if sp := speedupChart(t); sp != nil {
		out = append(out, taskChart{report.Chart{File: t.prefix + speedupSuffix, Draw: sp.WritePNG}, sp.Title, ""})
	}
	if sc := scalingChart(t); sc != nil {
		out = append(out, taskChart{report.Chart{File: t.prefix + scalingSuffix, Draw: sc.WritePNG}, sc.Title, ""})
	}
	if lc := latencyChart(t); lc != nil {
		out = append(out, taskChart{report.Chart{File: t.prefix + latencySuffix, Draw: lc.WritePNG}, lc.Title, latencyCaption(t)})
	}
	return out
}

// subtitle describes the machine and workload under a speedup chart's
// title, the runs the task's tables come from, and how its speedups were
// computed.
func subtitle(t *task) string {
	s := runSubtitle(t)
	if m := methodOf(t.all()...); m.paired > 0 {
		s += "; speedups paired by round"
		if m.mixed() {
			s += " where the results have rounds"
		}
	}
	return s
}

// runSubtitle describes the machine and workload under a chart's title,
// and the runs the task's tables come from.
func runSubtitle(t *task) string {
	var parts []string
	if t.about != "" && t.prefix == "io" {
		parts = append(parts, strings.TrimSuffix(strings.SplitN(t.about, ";", 2)[0], "."))
	}
	m := strings.Trim(t.run.input("goos")+"/"+t.run.input("goarch"), "/")
	if n := t.run.get(contract.NumCPU); n != "" {
		m += ", " + n + " CPUs"
	}
	if m != "" {
		parts = append(parts, m)
	}
	var runs []string
	for _, g := range t.all() {
		if !slices.Contains(runs, g.run.label) {
			runs = append(runs, g.run.label)
		}
	}
	if len(runs) == 1 {
		parts = append(parts, "run "+runs[0])
	} else {
		parts = append(parts, "runs "+strings.Join(runs, ", "))
	}
	return strings.Join(parts, "; ")
}

// limitKinds names the limits of a task's speedup chart for its legend.
var limitKinds = map[string]string{
	"io":   "one round trip for all requests, or the throttle's floor",
	"cpu":  "one per CPU",
	"jobs": "every piece at once, in rounds of the declared floor",
}

// speedupChart draws the strategy groups of a task on the engine's ratio
// chart: a row per group, a column per strategy, each strategy's time
// relative to sequential's (drawn as a speedup), with the group's limit.
func speedupChart(t *task) *chart.Ratios {
	c := &chart.Ratios{
		Title:    t.name + ": speedup of each strategy over sequential",
		ColNoun:  "strategy",
		Subtitle: subtitle(t),
		Unit:     "sec/op",
		Better:   chart.LowerBetter,
		Ref:      strategyAxis.Base,
		Cols:     []string{strategyAxis.Base},
		Ranked:   true,
	}
	cols := map[string]int{strategyAxis.Base: 0}
	for _, g := range t.groups {
		if g.Axis.Key != strategyAxis.Key || g.BaseCell == nil || len(g.Members) == 0 {
			continue
		}
		row := chart.RatioRow{Label: strings.TrimSpace(g.Name + " " + g.Label)}
		for _, s := range g.Members {
			label := s.Label()
			j, ok := cols[label]
			if !ok {
				j = len(c.Cols)
				cols[label] = j
				c.Cols = append(c.Cols, label)
			}
			// A speedup r is a time ratio of 1/r.
			row.Points = append(row.Points, chart.RatioPoint{
				Col: j, Ratio: 1 / s.Ratio.Center, Lo: 1 / s.Ratio.Hi, Hi: 1 / s.Ratio.Lo,
				Significant: s.Clear(),
			})
		}
		if g.Limit != nil {
			if l, ok := g.Limit(g.Members[0]); ok && l > 0 {
				row.Limit = 1 / l
				c.LimitLabel = "each row's limit (see the report): " + limitKinds[t.prefix]
			}
		}
		c.Rows = append(c.Rows, row)
	}
	if len(c.Rows) == 0 {
		return nil
	}
	return c
}

// scalingChart draws a task's scaling groups on the engine's line chart:
// speedup against workers, a line per strategy, the limit dashed.
func scalingChart(t *task) *chart.Lines {
	c := &chart.Lines{
		Title:    t.name + ": speedup against the number of workers",
		Subtitle: subtitle(t),
		XLabel:   contract.Workers,
		YLabel:   "speedup over sequential (×)",
		Better:   chart.HigherBetter,
	}
	p := chart.LinePanel{}
	var limit func(*speedup) (float64, bool)
	xs := make(map[float64]*speedup)
	for _, g := range append(slices.Clone(t.scaling), sweeps(t.groups)...) {
		if g.BaseCell == nil {
			continue
		}
		if limit == nil && g.Limit != nil {
			limit, c.LimitLabel = g.Limit, "limit: "+g.LimitNote
		}
		byValue := make(map[string]*chart.Series)
		var order []string
		for _, s := range g.Members {
			n, err := strconv.Atoi(s.Key(contract.Workers))
			if err != nil || n < 1 {
				continue
			}
			sr := byValue[s.Value]
			if sr == nil {
				name := s.Value
				if g.Label != "" {
					name += " (" + g.Label + ")"
				}
				sr = &chart.Series{Name: name}
				byValue[s.Value] = sr
				order = append(order, s.Value)
			}
			sr.Points = append(sr.Points, chart.Point{X: float64(n), Y: chart.NewInterval(s.Ratio.Center, s.Ratio.Lo, s.Ratio.Hi)})
			if _, ok := xs[float64(n)]; !ok {
				xs[float64(n)] = s
			}
		}
		for _, v := range order {
			p.Series = append(p.Series, *byValue[v])
		}
	}
	if len(p.Series) == 0 {
		return nil
	}
	if limit != nil {
		for _, x := range slices.Sorted(maps.Keys(xs)) {
			if l, ok := limit(xs[x]); ok {
				p.Limit = append(p.Limit, chart.Point{X: x, Y: chart.NewInterval(l, l, l)})
			}
		}
	}
	c.Panels = []chart.LinePanel{p}
	return c
}

// sweeps returns, of groups that are not scaling benchmarks, those with a
// strategy measured at three or more worker counts (fanout.Benchmark's
// sweep), keeping only those strategies' members: their scaling.
func sweeps(groups []*table) []*table {
	var out []*table
	for _, g := range groups {
		counts := make(map[string]map[string]bool)
		for _, s := range g.Members {
			if w := s.Key(contract.Workers); w != "" {
				if counts[s.Value] == nil {
					counts[s.Value] = make(map[string]bool)
				}
				counts[s.Value][w] = true
			}
		}
		sg := *g
		grp := *g.group
		grp.Members = nil
		for _, s := range g.Members {
			if len(counts[s.Value]) >= 3 {
				grp.Members = append(grp.Members, s)
			}
		}
		if len(grp.Members) > 0 {
			sg.group = &grp
			out = append(out, &sg)
		}
	}
	return out
}
