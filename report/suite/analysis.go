package suite

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/model"
)

// A run is one input as the suite's sections read it: its column of the
// claimed tables that share one configuration.
//
// Every unit the run's benchmarks report has its table in units, with the
// same row keys: a chart of one unit against another (a job's latency
// percentiles against its time) reads cell(u, row.Key) for each. Each
// cell keeps its values with the round they were measured in
// (model.Cell.Measured, InRound): what a speedup of the pairs measured in
// one round reads.
type run struct {
	label string
	index int // its place in history order, 0 the oldest
	col   model.Key
	get   config                  // its configuration lines (those of spec's tables)
	input config                  // the input's configuration at its first result (goos, …)
	units map[string]*model.Table // the tables of its configuration, by unit
}

// cell returns the run's cell of the benchmark of row key rk in the table
// of unit, or nil.
func (r *run) cell(unit string, rk model.Key) *model.Cell {
	if t := r.units[unit]; t != nil {
		return t.Cell(rk, r.col)
	}
	return nil
}

// analysis is the suite's reading of the claimed results: its tasks and
// what they say.
type analysis struct {
	runs     []*run // every (configuration, input) of the claimed tables, oldest input first
	inputs   int    // the number of inputs with claimed results
	order    string // how the inputs are ordered: "in the order given"
	tasks    []*task
	warnings []string
	covered  map[string]bool // see covers
}

// A task is a section of the report and its charts.
type task struct {
	name    string // "IO task"
	prefix  string // chart file prefix: "io"
	run     *run   // the newest run its tables come from
	about   string
	groups  []*table // strategies against sequential
	scaling []*table // the same against the number of workers
	ratios  []*table // other axes: checkers, reductions
}

// all returns the task's tables in the order of the report.
func (t *task) all() []*table {
	out := append(slices.Clone(t.groups), t.scaling...)
	return append(out, t.ratios...)
}

// A table is a group as a section shows it: a table of the report.
type table struct {
	*group
	run *run // the run its numbers are from

	// Scaling marks a group of worker counts; its table shows each
	// member's limit.
	Scaling bool

	// Limit returns the speedup limit of a member; nil when unknown.
	Limit func(*speedup) (float64, bool)

	// LimitNote explains the limit in a few words: "all 150 requests in
	// one round trip".
	LimitNote string

	// Extra lists other units to show as columns: "req/s".
	Extra []string

	// Notes are paragraphs under the verdict, such as why some members'
	// intervals are wide, or that the group has no reference.
	Notes []string
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
func sortByWorkers(ms []*speedup) {
	workers := func(s *speedup) int {
		n, err := strconv.Atoi(s.Key(contract.Workers))
		if err != nil {
			return math.MaxInt
		}
		return n
	}
	slices.SortStableFunc(ms, func(a, b *speedup) int { return cmp.Compare(workers(a), workers(b)) })
}

// extraUnits are the other units shown in a task's tables, when present:
// the task's own, then the costs beside time (costUnits).
var extraUnits = map[string][]string{
	"io":   append([]string{contract.UnitReqPerSec, contract.UnitRetries, contract.UnitThrottled, contract.UnitHedges}, costUnits...),
	"cpu":  {contract.UnitExponents},
	"jobs": costUnits,
}

// runsOf returns the runs of the claimed tables: per configuration (a
// table key but for its unit), a run per column, oldest input first.
func runsOf(in *report.Input) []*run {
	inputs, _ := in.History()
	index := make(map[string]int, len(inputs))
	for i, inp := range inputs {
		index[inp.Label] = i
	}
	var out []*run
	byConfig := make(map[string][]*run)
	for _, t := range in.Claimed.Tables {
		values := make(map[string]string)
		var id strings.Builder
		for _, f := range t.Key.Projection().FlattenedFields() {
			if f.Name != ".unit" {
				values[f.Name] = t.Key.Get(f)
				fmt.Fprintf(&id, "%s=%q ", f.Name, values[f.Name])
			}
		}
		runs, ok := byConfig[id.String()]
		if !ok {
			for _, c := range t.Cols {
				r := &run{label: model.Label(c), col: c, get: func(k string) string { return values[k] }, units: make(map[string]*model.Table)}
				r.index = index[r.label]
				r.input = inputs[r.index].Get
				runs = append(runs, r)
			}
			byConfig[id.String()] = runs
			out = append(out, runs...)
		}
		for _, r := range runs {
			if _, ok := r.units[t.Unit]; !ok {
				r.units[t.Unit] = t
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *run) int { return cmp.Compare(a.index, b.index) })
	return out
}

// analyze reads the claimed results of in: along each axis, the groups of
// every run, of which each group's newest run is kept, arranged into
// tasks.
func analyze(in *report.Input) *analysis {
	a := &analysis{runs: runsOf(in)}
	_, a.order = in.History()
	labels := make(map[string]bool)
	for _, r := range a.runs {
		labels[r.label] = true
	}
	a.inputs = len(labels)
	type candidate struct {
		t  *table
		id string
	}
	var cands []candidate
	newest := make(map[string]int) // by group identity: its newest run's index
	for _, r := range a.runs {
		timeTable := r.units["sec/op"]
		if timeTable == nil {
			continue
		}
		for i := range axes {
			ax := &axes[i]
			for _, g := range speedups(timeTable, r.col, ax) {
				if len(g.Members) == 0 || (g.Base == nil && !ax.Missing) {
					continue // nothing to compare
				}
				id := ax.Key + "\x00" + g.Title()
				if n, ok := newest[id]; !ok || r.index > n {
					newest[id] = r.index
				}
				cands = append(cands, candidate{&table{group: g, run: r}, id})
			}
		}
	}
	for _, c := range cands {
		if c.t.run.index == newest[c.id] {
			a.place(c.t)
		}
	}
	order := map[string]int{"IO task": 0, "CPU task": 1}
	sort.SliceStable(a.tasks, func(i, j int) bool { return rank(order, a.tasks[i].name) < rank(order, a.tasks[j].name) })
	for _, t := range a.tasks {
		t.about = about(t.prefix, t.run.get)
		for _, ts := range [][]*table{t.groups, t.scaling, t.ratios} {
			slices.SortStableFunc(ts, compareTables)
		}
	}
	a.warnings = append(a.warnings, a.statWarnings(in)...)
	return a
}

// place adds a group of a run to its task.
func (a *analysis) place(tb *table) {
	g := tb.group
	t := a.taskFor(taskOf(g.Name))
	if t.run == nil || tb.run.index > t.run.index {
		t.run = tb.run
	}
	tb.Scaling = isScaling(g.Name)
	if tb.Scaling {
		sortByWorkers(g.Members)
	}
	tb.Extra = extras(t.prefix, tb)
	if g.Axis.Key == strategyAxis.Key {
		if g.Base == nil {
			a.warnings = append(a.warnings, fmt.Sprintf("group %s: no %s=%s benchmark to compare %s with (in %s)", g.Title(), g.Axis.Key, g.Axis.Base, g.Members[0].Row.Name, tb.run.label))
		}
		setLimit(tb, t.prefix)
		tb.Notes = append(tb.Notes, throttleSpread(tb)...)
		tb.Notes = append(tb.Notes, ownSpread(tb)...)
	}
	tb.Notes = append(tb.Notes, sharedSpread(tb, t.prefix)...)
	if g.Axis.Key == strategyAxis.Key {
		tb.Notes = append(tb.Notes, knownSpread(tb)...) // after the machine's note, which it qualifies
	}
	switch {
	case g.Axis.Key != strategyAxis.Key:
		t.ratios = append(t.ratios, tb)
	case tb.Scaling:
		t.scaling = append(t.scaling, tb)
	default:
		t.groups = append(t.groups, tb)
	}
}

// suiteOrder is the order of the suite's benchmarks in the report: the
// order of their functions in package bench, and of the workloads and
// APIs in them. Without it the sections, the summary and the charts'
// panels would follow the results file, where a group run that concbench
// bench measured again at the end of a round comes after the groups that
// ran after it: two make report runs of the same code (2026-12-05 21:22
// and 21:27) put BenchmarkIOThrottled first in one and third in the other,
// and the CPU workloads in two orders.
var (
	suiteOrder = map[string]int{"IO": 0, "IOThrottled": 1, "IOTail": 2, "IOScaling": 3, "CPU": 4, "CPUScaling": 5, "Checker": 6}
	labelOrder = map[string]int{"api=mock": 0, "api=local": 1, "api=live": 2, "workload=trial61": 0, "workload=ll": 1, "workload=seed": 2}
)

// compareTables orders the tables of a task: the suite's benchmarks in
// suiteOrder, and groups of one of them by the first key of their label in
// labelOrder, then fewer keys first (the checkers at n=31 before the
// reductions of one checker), then in natural order (n=1279 before
// n=4423). Other benchmarks, a user's, compare equal: a stable sort keeps
// them in the order of their results.
func compareTables(a, b *table) int {
	ra, rb := rank(suiteOrder, a.Name), rank(suiteOrder, b.Name)
	if ra == len(suiteOrder) || rb == len(suiteOrder) || ra != rb {
		return cmp.Compare(ra, rb)
	}
	first := func(label string) string { k, _, _ := strings.Cut(label, "/"); return k }
	return cmp.Or(
		cmp.Compare(rank(labelOrder, first(a.Label)), rank(labelOrder, first(b.Label))),
		cmp.Compare(strings.Count(a.Label, "/"), strings.Count(b.Label, "/")),
		naturalCompare(a.Label, b.Label))
}

// naturalCompare compares two strings with their runs of digits as
// numbers: n=31 before n=127.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digitsPrefix returns the ASCII digits s begins with.
func digitsPrefix(s string) string {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return s[:i]
}

func rank(order map[string]int, name string) int {
	if r, ok := order[name]; ok {
		return r
	}
	return len(order)
}

// extras returns the task's extra units that some benchmark of the table
// reports in its run.
func extras(prefix string, tb *table) []string {
	var out []string
	for _, u := range extraUnits[prefix] {
		has := tb.Base != nil && tb.run.cell(u, tb.Base.Key) != nil
		for _, s := range tb.Members {
			has = has || tb.run.cell(u, s.Row.Key) != nil
		}
		if has {
			out = append(out, u)
		}
	}
	return out
}

// about describes a task's workload from the configuration lines.
func about(prefix string, get config) string {
	switch prefix {
	case "io":
		total, ok := ioTotal(get)
		if !ok {
			return ""
		}
		s := fmt.Sprintf("%s iterations × %s requests (%d in all)", get(contract.IOIterations), get(contract.IORequests), total)
		if l := get(contract.IOLatency); l != "" {
			s += " against an API with " + l + " latency"
			if j := get(contract.IOJitter); j != "" {
				s += " ± " + j + " jitter"
			}
		}
		if r := get(contract.IOThrottleRate); r != "" {
			s += fmt.Sprintf("; the throttled API allows %s req/s with a burst of %s", r, get(contract.IOThrottleBurst))
		}
		return s + "."
	case "cpu":
		if n, ok := cpuLimit(get, ""); ok {
			return fmt.Sprintf("On %.0f CPUs: no CPU-bound strategy can beat sequential by more than %.0f×.", n, n)
		}
	}
	return ""
}

// setLimit gives a strategy table its speedup limit.
func setLimit(g *table, prefix string) {
	cfg := g.run.get
	gmp := gomaxprocs(g.group)
	workersOf := func(s *speedup) int {
		var n int
		fmt.Sscan(s.Key(contract.Workers), &n)
		return n
	}
	switch {
	case prefix == "io" && g.Scaling:
		if total, ok := ioTotal(cfg); ok {
			g.Limit = func(s *speedup) (float64, bool) { return ioScaling(cfg, workersOf(s)) }
			g.LimitNote = fmt.Sprintf("%d requests in ceil(%d / workers) round trips", total, total)
		}
	case prefix == "io":
		l, ok := ioSpeedup(cfg)
		if !ok {
			return
		}
		note := fmt.Sprintf("%s, all %.0f requests in one round trip", times(l), l)
		if floor, ok := ioThrottledFloor(cfg); ok && floor > 0 && strings.Contains(g.Name, "Throttled") && g.BaseCell != nil {
			if t := g.BaseCell.Summary.Center / floor.Seconds(); t < l {
				l = t
				total, _ := ioTotal(cfg)
				note = fmt.Sprintf("%s, the throttle's floor of (%d requests − %s burst) / %s req/s = %s",
					times(l), total, cfg(contract.IOThrottleBurst), cfg(contract.IOThrottleRate), humanTime(floor.Seconds()))
			}
		}
		g.Limit = func(*speedup) (float64, bool) { return l, true }
		g.LimitNote = note
	case prefix == "cpu" && g.Scaling:
		if n, ok := cpuLimit(cfg, gmp); ok {
			g.Limit = func(s *speedup) (float64, bool) { return cpuScaling(cfg, gmp, workersOf(s)) }
			g.LimitNote = fmt.Sprintf("min(workers, %.0f CPUs)", n)
		}
	case prefix == "cpu":
		if n, ok := cpuLimit(cfg, gmp); ok {
			g.Limit = func(*speedup) (float64, bool) { return n, true }
			g.LimitNote = fmt.Sprintf("%s, one per CPU", times(n))
		}
	case prefix == "jobs":
		// A job whose pieces each take at least a declared floor (a
		// latency): n pieces in ceil(n / workers) rounds of it, or one.
		n, err := strconv.Atoi(cfg(contract.JobPieces))
		if err != nil || n < 1 || cfg(contract.JobFloor) == "" {
			return
		}
		g.Limit = func(s *speedup) (float64, bool) {
			if w := workersOf(s); w > 0 {
				return float64(n) / math.Ceil(float64(n)/float64(w)), true
			}
			return float64(n), true
		}
		g.LimitNote = fmt.Sprintf("%d pieces of at least %s each in ceil(%d / workers) rounds, or one", n, cfg(contract.JobFloor), n)
	}
}

// gomaxprocs returns the "-N" suffix of the group's benchmark names.
func gomaxprocs(g *group) string {
	var r *row
	if g.Base != nil {
		r = g.Base
	} else if len(g.Members) > 0 {
		r = g.Members[0].Row
	}
	if r == nil {
		return ""
	}
	_, parts := r.Result.Name.Parts()
	if n := len(parts); n > 0 && strings.HasPrefix(string(parts[n-1]), "-") {
		return string(parts[n-1][1:])
	}
	return ""
}

// statWarnings gathers benchmath's warnings (too few samples, varying
// configuration) of the claimed results by run and message, with a count
// and an example.
func (a *analysis) statWarnings(in *report.Input) []string {
	type key struct {
		run, msg string
	}
	names := make(map[key][]string)
	var order []key
	add := func(run, name string, errs []error) {
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
	for _, t := range in.Claimed.Tables {
		for _, rk := range t.Rows {
			for _, ck := range t.Cols {
				if c := t.Cell(rk, ck); c != nil {
					add(model.Label(ck), model.Label(rk), c.Warnings())
				}
			}
		}
	}
	for _, t := range a.tasks {
		for _, g := range t.all() {
			for _, s := range g.Members {
				add(g.run.label, s.Row.Name, s.Comparison.Warnings)
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
		out = append(out, fmt.Sprintf("%s: %s: %s", k.run, what, k.msg))
	}
	return out
}

// covers reports whether a table of a task charts the benchmark with the
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
	t := &task{name: title, prefix: prefix}
	a.tasks = append(a.tasks, t)
	return t
}
