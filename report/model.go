package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/cpubound"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/report/limits"
	"github.com/concbench/concbench/report/markdown"
	"github.com/concbench/concbench/report/parse"
	"github.com/concbench/concbench/report/stats"
)

// analysis is a Set with its statistics and the report's structure.
type analysis struct {
	set      *parse.Set
	tables   *stats.Tables
	cur      int        // the run the tasks describe: the last
	run      *parse.Run // set.Runs[cur]
	tasks    []*task
	warnings []string
	covered  map[string]bool // see covers
}

// A task is a section of the report and its charts.
type task struct {
	name    string // "IO task"
	prefix  string // chart file prefix: "io"
	about   string
	groups  []markdown.Group // strategies against sequential
	scaling []markdown.Group // the same against the number of workers
	ratios  []markdown.Group // other axes: checkers, reductions
}

// all returns the task's groups in the order of the report.
func (t *task) all() []markdown.Group {
	out := append(slices.Clone(t.groups), t.scaling...)
	return append(out, t.ratios...)
}

// taskOf names the task of a benchmark base name: IO…, CPU… and Checker
// are the suite's two tasks; anything else is a job of the user's, such as
// fanout.Benchmark runs under every strategy.
func taskOf(name string) (title, prefix string) {
	switch {
	case strings.HasPrefix(name, "IO"):
		return "IO task", "io"
	case strings.HasPrefix(name, "CPU"), name == "Checker":
		return "CPU task", "cpu"
	}
	return "Your benchmarks by strategy", "jobs"
}

// isScaling reports whether a benchmark varies the worker count.
func isScaling(name string) bool { return strings.HasSuffix(name, "Scaling") }

// sortByWorkers orders a scaling group's members by their worker count,
// as a staircase reads, whatever order the rounds ran them in; members
// without a count keep their order, after the others.
func sortByWorkers(ms []*stats.Speedup) {
	workers := func(s *stats.Speedup) int {
		n, err := strconv.Atoi(s.Key(contract.Workers))
		if err != nil {
			return math.MaxInt
		}
		return n
	}
	slices.SortStableFunc(ms, func(a, b *stats.Speedup) int { return cmp.Compare(workers(a), workers(b)) })
}

// extraUnits are the other units shown in a task's tables, when present.
var extraUnits = map[string][]string{
	"io":  {contract.UnitReqPerSec, contract.UnitRetries, contract.UnitThrottled},
	"cpu": {contract.UnitExponents},
}

// analyze computes the statistics of set and arranges them into tasks.
func analyze(set *parse.Set, tables *stats.Tables) (*analysis, error) {
	if set == nil {
		return &analysis{}, nil // no benchmark the suite's sections compare
	}
	a := &analysis{set: set, tables: tables}
	a.cur = len(set.Runs) - 1
	a.run = set.Runs[a.cur]
	timeTable := a.tables.Unit("sec/op")
	for i := range stats.DefaultAxes {
		axis := &stats.DefaultAxes[i]
		groups, err := stats.Speedups(timeTable, a.cur, axis)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			if len(g.Members) == 0 || (g.Base == nil && axis.Key != stats.Strategy.Key) {
				continue // nothing to compare
			}
			t := a.taskFor(taskOf(g.Name))
			scaling := isScaling(g.Name)
			if scaling {
				sortByWorkers(g.Members)
			}
			mg := markdown.Group{Group: g, Scaling: scaling, Extra: a.extras(t.prefix, g)}
			if axis.Key == stats.Strategy.Key {
				a.setLimit(&mg, t.prefix)
				mg.Notes = append(a.throttleSpread(g), a.ownSpread(g)...)
			}
			switch {
			case axis.Key != stats.Strategy.Key:
				t.ratios = append(t.ratios, mg)
			case mg.Scaling:
				t.scaling = append(t.scaling, mg)
			default:
				t.groups = append(t.groups, mg)
			}
		}
	}
	order := map[string]int{"IO task": 0, "CPU task": 1}
	sort.SliceStable(a.tasks, func(i, j int) bool { return rank(order, a.tasks[i].name) < rank(order, a.tasks[j].name) })
	a.warnings = append(a.warnings, a.statWarnings()...)
	return a, nil
}

func rank(order map[string]int, name string) int {
	if r, ok := order[name]; ok {
		return r
	}
	return len(order)
}

// extras returns the task's extra units that some benchmark of the group
// reports.
func (a *analysis) extras(prefix string, g *stats.Group) []string {
	var out []string
	for _, u := range extraUnits[prefix] {
		t := a.tables.Unit(u)
		if t == nil {
			continue
		}
		names := make(map[string]bool)
		for _, row := range t.Rows {
			if row.Cells[a.cur] != nil {
				names[row.Name] = true
			}
		}
		has := g.Base != nil && names[g.Base.Name]
		for _, s := range g.Members {
			has = has || names[s.Row.Name]
		}
		if has {
			out = append(out, u)
		}
	}
	return out
}

// about describes a task's workload from the configuration lines.
func (a *analysis) about(prefix string) string {
	get := a.run.Get
	switch prefix {
	case "io":
		total, ok := limits.IOTotal(get)
		if !ok {
			return ""
		}
		s := fmt.Sprintf("%s iterations × %s requests (%d in all)", get(limits.KeyIterations), get(limits.KeyRequests), total)
		if l := get(limits.KeyLatency); l != "" {
			s += " against an API with " + l + " latency"
			if j := get(limits.KeyJitter); j != "" {
				s += " ± " + j + " jitter"
			}
		}
		if r := get(limits.KeyThrottleRate); r != "" {
			s += fmt.Sprintf("; the throttled API allows %s req/s with a burst of %s", r, get(limits.KeyThrottleBurst))
		}
		return s + "."
	case "cpu":
		if n, ok := limits.CPU(get, ""); ok {
			return fmt.Sprintf("On %.0f CPUs: no CPU-bound strategy can beat sequential by more than %.0f×.", n, n)
		}
	}
	return ""
}

// setLimit gives a strategy group its speedup limit.
func (a *analysis) setLimit(g *markdown.Group, prefix string) {
	cfg := a.run.Get
	gmp := gomaxprocs(g.Group)
	workersOf := func(s *stats.Speedup) int {
		var n int
		fmt.Sscan(s.Key(contract.Workers), &n)
		return n
	}
	switch {
	case prefix == "io" && g.Scaling:
		if total, ok := limits.IOTotal(cfg); ok {
			g.Limit = func(s *stats.Speedup) (float64, bool) { return limits.IOScaling(cfg, workersOf(s)) }
			g.LimitNote = fmt.Sprintf("%d requests in ceil(%d / workers) round trips", total, total)
		}
	case prefix == "io":
		l, ok := limits.IOSpeedup(cfg)
		if !ok {
			return
		}
		note := fmt.Sprintf("%s, all %.0f requests in one round trip", stats.Times(l), l)
		if floor, ok := limits.IOThrottledFloor(cfg); ok && floor > 0 && strings.Contains(g.Name, "Throttled") && g.BaseCell != nil {
			if t := g.BaseCell.Summary.Center / floor.Seconds(); t < l {
				l = t
				note = fmt.Sprintf("%s, the throttle's floor of (%.0f requests − %s burst) / %s req/s = %s",
					stats.Times(l), mustTotal(cfg), cfg(limits.KeyThrottleBurst), cfg(limits.KeyThrottleRate), stats.HumanTime(floor.Seconds()))
			}
		}
		g.Limit = func(*stats.Speedup) (float64, bool) { return l, true }
		g.LimitNote = note
	case prefix == "cpu" && g.Scaling:
		if n, ok := limits.CPU(cfg, gmp); ok {
			g.Limit = func(s *stats.Speedup) (float64, bool) { return limits.CPUScaling(cfg, gmp, workersOf(s)) }
			g.LimitNote = fmt.Sprintf("min(workers, %.0f CPUs)", n)
		}
	case prefix == "cpu":
		if n, ok := limits.CPU(cfg, gmp); ok {
			g.Limit = func(*stats.Speedup) (float64, bool) { return n, true }
			g.LimitNote = fmt.Sprintf("%s, one per CPU", stats.Times(n))
		}
	case prefix == "jobs":
		// A job whose pieces each take at least a declared floor (a
		// latency): n pieces in ceil(n / workers) rounds of it, or one.
		n, err := strconv.Atoi(cfg(contract.JobPieces))
		if err != nil || n < 1 || cfg(contract.JobFloor) == "" {
			return
		}
		g.Limit = func(s *stats.Speedup) (float64, bool) {
			if w := workersOf(s); w > 0 {
				return float64(n) / math.Ceil(float64(n)/float64(w)), true
			}
			return float64(n), true
		}
		g.LimitNote = fmt.Sprintf("%d pieces of at least %s each in ceil(%d / workers) rounds, or one", n, cfg(contract.JobFloor), n)
	}
}

// spreadLimit is the widest interval, relative to the median, that the
// suite holds its benchmarks to on an idle machine (±5%).
const spreadLimit = 0.05

// throttleSpread explains the wide intervals of a throttled group: a
// member turned away by the throttle (throttled/op > 0) waits out a
// Retry-After of a whole second per 429, and how many of its requests get
// one varies from run to run, so its spread is the strategy's own
// behaviour, a result rather than noise. It returns nothing for other
// groups, or when every interval is within ±5%.
func (a *analysis) throttleSpread(g *stats.Group) []string {
	if !strings.Contains(g.Name, "Throttled") {
		return nil
	}
	var wide, steady []string
	for _, s := range g.Members {
		spread := relSpread(s.Cell)
		if math.IsNaN(spread) {
			continue
		}
		n, ok := a.throttled(s.Row.Name)
		switch {
		case ok && n > 0 && spread > spreadLimit:
			wide = append(wide, fmt.Sprintf("%s (±%.0f%%, %.0f 429s per run)", s.Label(), 100*spread, n))
		case ok && n == 0:
			steady = append(steady, fmt.Sprintf("%s (±%.0f%%)", s.Label(), 100*spread))
		}
	}
	if len(wide) == 0 {
		return nil
	}
	note := fmt.Sprintf("The wide intervals of %s are the strategies' own behaviour, not noise: each 429 sends a request back for a whole second (Retry-After has a resolution of one second), and how many requests are turned away, and so how many whole seconds a run waits, varies from run to run. The spread is a result: an unpaced strategy against a throttle is slow and unpredictable.",
		strings.Join(wide, ", "))
	if len(steady) > 0 {
		note += fmt.Sprintf(" Never turned away: %s.", strings.Join(steady, ", "))
	}
	return []string{note}
}

// throttled returns the median 429s per run of the benchmark name in the
// current run, and whether it has that metric.
func (a *analysis) throttled(name string) (float64, bool) {
	thr := a.tables.Unit(contract.UnitThrottled)
	if thr == nil {
		return 0, false
	}
	for _, row := range thr.Rows {
		if row.Name == name && row.Cells[a.cur] != nil {
			return row.Cells[a.cur].Summary.Center, true
		}
	}
	return 0, false
}

// turnedAway reports whether the throttle sent the benchmark name 429s.
func (a *analysis) turnedAway(name string) bool {
	n, ok := a.throttled(name)
	return ok && n > 0
}

// relSpread returns the wider half of the cell's interval relative to its
// median: 0.05 for ±5%; NaN when there is no positive median.
func relSpread(c *stats.Cell) float64 {
	if c == nil || !(c.Summary.Center > 0) {
		return math.NaN()
	}
	return max(c.Summary.Hi-c.Summary.Center, c.Summary.Center-c.Summary.Lo) / c.Summary.Center
}

// steadyLimit is the interval, relative to the median, within which the
// rest of a group must stay for a wider member's spread to count as that
// member's own.
const steadyLimit = 0.02

// spreadWhy says, for the strategies whose own behaviour varies from one
// run of the test binary to the next, why.
var spreadWhy = map[string]string{
	fanout.Goroutines{}.Name():  "it starts a goroutine for every piece of work at once and leaves their order and placement to the Go scheduler, which change from run to run, and with them when the last piece ends",
	cpubound.Processes{}.Name(): "it runs its work in child processes (the test binary started again), and what starting a process costs varies from run to run",
}

// ownSpread explains a member's interval wider than ±5% as its own
// behaviour when the evidence is in the group: at least two other members,
// measured in the same interleaved rounds (the reference included), stay
// within ±2%, so the machine was steady while this strategy was not.
// Throttled members are throttleSpread's. It names the cause when the
// strategy is one whose cost is known to vary (spreadWhy).
func (a *analysis) ownSpread(g *stats.Group) []string {
	var wide []*stats.Speedup
	var steady []string
	if g.BaseCell != nil && !g.Borrowed {
		if sp := relSpread(g.BaseCell); sp <= steadyLimit {
			steady = append(steady, fmt.Sprintf("%s ±%.0f%%", g.Axis.Base, 100*sp))
		}
	}
	for _, s := range g.Members {
		switch sp := relSpread(s.Cell); {
		case sp > spreadLimit && !a.turnedAway(s.Row.Name):
			wide = append(wide, s)
		case sp <= steadyLimit:
			steady = append(steady, fmt.Sprintf("%s ±%.0f%%", s.Label(), 100*sp))
		}
	}
	if len(wide) == 0 || len(steady) < 2 {
		return nil
	}
	var notes []string
	for _, s := range wide {
		note := fmt.Sprintf("The wide interval of %s (±%.0f%%) is the strategy's own behaviour, not the machine's: the rest of the group, measured in the same rounds, stayed steady (%s).",
			s.Label(), 100*relSpread(s.Cell), strings.Join(steady, ", "))
		if why, ok := spreadWhy[s.Value]; ok {
			note += " Its cost varies by itself: " + why + "."
		}
		notes = append(notes, note)
	}
	return notes
}

func mustTotal(cfg limits.Config) float64 {
	t, _ := limits.IOTotal(cfg)
	return float64(t)
}

// gomaxprocs returns the "-N" suffix of the group's benchmark names.
func gomaxprocs(g *stats.Group) string {
	var row *stats.Row
	if g.Base != nil {
		row = g.Base
	} else if len(g.Members) > 0 {
		row = g.Members[0].Row
	}
	if row == nil {
		return ""
	}
	_, parts := row.Result.Name.Parts()
	if n := len(parts); n > 0 && strings.HasPrefix(string(parts[n-1]), "-") {
		return string(parts[n-1][1:])
	}
	return ""
}

// configChanges lists the configuration keys whose values differ between
// runs, as warnings or as short notes.
func configChanges(runs []*parse.Run, asWarning bool) []string {
	if len(runs) < 2 {
		return nil
	}
	var keys []string
	seen := make(map[string]bool)
	for _, r := range runs {
		for _, c := range r.Config {
			if !seen[c.Key] {
				seen[c.Key] = true
				keys = append(keys, c.Key)
			}
		}
	}
	var out []string
	for _, k := range keys {
		var vals []string
		differ := false
		for _, r := range runs {
			v := r.Get(k)
			if v == "" {
				v = "(unset)"
			}
			if len(vals) > 0 && v != vals[0] {
				differ = true
			}
			vals = append(vals, v)
		}
		if !differ {
			continue
		}
		if asWarning {
			out = append(out, fmt.Sprintf("configuration %s differs between runs: %s; results may not be comparable", k, strings.Join(vals, " → ")))
		} else {
			out = append(out, fmt.Sprintf("%s: %s", k, strings.Join(vals, " → ")))
		}
	}
	return out
}

// statWarnings gathers benchmath's warnings (too few samples, varying
// configuration) by run and message, with a count and an example.
func (a *analysis) statWarnings() []string {
	type key struct {
		run int
		msg string
	}
	names := make(map[key][]string)
	var order []key
	add := func(run int, name string, errs []error) {
		for _, e := range errs {
			if e.Error() == "all samples are equal" {
				continue // no change to report: the tables footnote it
			}
			k := key{run, e.Error()}
			if _, ok := names[k]; !ok {
				order = append(order, k)
			}
			if !slices.Contains(names[k], name) {
				names[k] = append(names[k], name)
			}
		}
	}
	for _, t := range a.tables.Tables {
		for _, row := range t.Rows {
			for i, c := range row.Cells {
				if c != nil {
					add(i, row.Name, c.Warnings())
				}
			}
		}
	}
	for _, t := range a.tasks {
		for _, g := range t.all() {
			for _, s := range g.Members {
				add(a.cur, s.Row.Name, s.Comparison.Warnings)
			}
		}
	}
	var out []string
	for _, k := range order {
		n := names[k]
		what := "benchmark " + n[0]
		if len(n) > 1 {
			what = fmt.Sprintf("%d benchmarks (%s, …)", len(n), n[0])
		}
		out = append(out, fmt.Sprintf("%s: %s: %s", a.set.Runs[k.run].Label, what, k.msg))
	}
	return out
}

// markdown returns the model of REPORT.md's suite sections.
func (a *analysis) markdown() *markdown.Report {
	r := &markdown.Report{Tables: a.tables, Current: a.cur, Warnings: a.warnings}
	if a.set == nil {
		return r
	}
	if a.run.Get(limits.KeyScale) == contract.ScaleShort {
		r.Notes = append(r.Notes, "These results come from quick mode (go test -short, scale: short): the workloads are shrunk to check the wiring in seconds, so the speedups say little about the real tasks. Run make report for numbers to choose by.")
	}
	charts := make(map[string]bool)
	for _, c := range a.charts() {
		charts[c.file] = true
	}
	for _, t := range a.tasks {
		if len(t.all()) == 0 {
			continue
		}
		mt := markdown.Task{Name: t.name, About: t.about, Groups: t.all()}
		for _, c := range []markdown.Chart{
			{File: t.prefix + "-speedup.png", Alt: t.name + ": speedup of each strategy over sequential"},
			{File: t.prefix + "-scaling.png", Alt: t.name + ": speedup against the number of workers"},
		} {
			if charts[c.File] {
				mt.Charts = append(mt.Charts, c)
			}
		}
		r.Tasks = append(r.Tasks, mt)
	}
	return r
}

// covers reports whether a group of a task charts the benchmark with the
// full name label, as its reference or a member.
func (a *analysis) covers(label string) bool {
	if a.covered == nil {
		a.covered = make(map[string]bool)
		for _, t := range a.tasks {
			for _, g := range t.all() {
				if g.Base != nil {
					a.covered[g.Base.Name] = true
				}
				for _, s := range g.Members {
					a.covered[s.Row.Name] = true
				}
			}
		}
	}
	return a.covered[label]
}

// taskFor returns the task titled title, adding it when new.
func (a *analysis) taskFor(title, prefix string) *task {
	for _, t := range a.tasks {
		if t.name == title {
			return t
		}
	}
	t := &task{name: title, prefix: prefix, about: a.about(prefix)}
	a.tasks = append(a.tasks, t)
	return t
}
