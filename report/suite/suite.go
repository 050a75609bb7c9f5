// Package suite is the report's preset for concbench's own output: the
// last stage of "concbench report", on top of the engine (package report:
// parse → model → views and charts → REPORT.md), which knows no suite.
//
// The engine asks Preset, during its one pass over the inputs, which
// results are the suite's, and groups those a second way: a table per
// unit and configuration (the lines the limits read), a row per full
// name, a column per input. The preset claims a result by its
// configuration lines, never by its name: the suite's own (a scale: line
// with a task's lines, io-requests: or cpu-ll-bound:) or fanout.Benchmark's
// (pieces:). A user's benchmarks named strategy=… get the engine's
// report like any other.
//
// From those tables it writes the suite's sections. Along each axis — a
// name key with a reference value: strategy=sequential for the
// concurrency strategies, check=trial and reduce=mod for BenchmarkChecker
// — it groups the benchmarks that differ only in that key (and its free
// keys, such as workers=) and compares each with the group's reference.
// Of output measured in the runner's interleaved rounds (concbench bench,
// whose round markers the model keeps with each value), a speedup is
// paired by round: the median of the ratios, reference over candidate, of
// the pairs of values measured in the same round (the k-th of each in the
// round; one pair of geometric means where their counts differ), with
// benchmath's distribution-free interval of that median, so that a slow
// spell of the machine hitting both sides of a pair leaves it as it is.
// Of plain go test -count output, it is the ratio of the medians with
// model.SummaryRatio's conservative interval [ref.Lo / cand.Hi, ref.Hi /
// cand.Lo]. The report says which, in each task's section and in its
// Method. Either way the p-value is the Mann-Whitney U test of the two
// samples (benchmath), and the tables keep benchstat's medians and
// intervals. A group without its reference is shown with a warning. Each task (IO, CPU, a user's job
// run under fanout.Benchmark) gets a section: a table per group with the
// limits read from the configuration lines (one round trip for all IO
// requests; the throttle's floor; one per CPU; a job's pieces in rounds of
// its declared floor), which strategy wins and by how much, written from
// the numbers, and the speedup and scaling charts (io-speedup.png,
// cpu-speedup.png, io-scaling.png, cpu-scaling.png).
//
// With several inputs, each group's numbers come from the newest input
// that has it, in the engine's history order, and its section says which
// run that is.
//
// Where the benchmarks report the per-piece units of fanout.Benchmark and
// the IO benchmarks (contract.PieceUnits: a piece's p50, p99 and longest
// latency, the goroutines a run holds at its peak), the tables show them
// with B/op and allocs/op, a latency chart (io-latency.png,
// jobs-latency.png) puts each strategy's p99 against its time, and the
// prose under each table compares the strategy with the lowest p99 and
// the one holding the fewest goroutines with the fastest: the ratio of
// the medians with the interval of the table's test inverted
// (model.Table.RatioOf, Mann-Whitney U), a difference claimed only where
// the test finds it at α (see tradeoff.go).
package suite

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/model"
)

// Preset is the suite's report.Preset.
var Preset report.Preset = preset{}

type preset struct{}

// configKeys are the configuration lines the sections read: a table of the
// claimed results per distinct value of them (and unit).
var configKeys = []string{
	contract.Scale, contract.NumCPU, contract.GOMAXPROCS,
	contract.IOLatency, contract.IOJitter, contract.IOIterations, contract.IORequests, contract.IOThrottleRate, contract.IOThrottleBurst,
	contract.JobPieces, contract.JobFloor, contract.JobRate, contract.JobBurst,
}

// spec is the grouping of the claimed results, with benchstat's default
// statistics (95% intervals, α = 0.05) whatever the report's flags.
var spec = model.Spec{
	Table:      strings.Join(configKeys, ","),
	Row:        ".fullname",
	Col:        ".file",
	Filter:     "*",
	Alpha:      model.DefaultSpec.Alpha,
	Confidence: model.DefaultSpec.Confidence,
}

// Spec returns the grouping of the results the suite claims.
func (preset) Spec() model.Spec { return spec }

// Claims reports whether res is the suite's or fanout.Benchmark's output,
// by its configuration lines.
func (preset) Claims(res *benchfmt.Result) bool {
	if res.GetConfig(contract.JobPieces) != "" {
		return true
	}
	return res.GetConfig(contract.Scale) != "" &&
		(res.GetConfig(contract.IORequests) != "" || res.GetConfig(contract.CPULLBound) != "")
}

// Part returns the suite's sections of the report of in.
func (preset) Part(in *report.Input) *report.Part {
	a := analyze(in)
	p := &report.Part{Warnings: a.warnings, Covers: a.covers}
	if n := len(a.runs); n > 0 && a.runs[n-1].get(contract.Scale) == contract.ScaleShort {
		p.Notes = append(p.Notes, "These results come from quick mode (go test -short, scale: short): the workloads are shrunk to check the wiring in seconds, so the speedups say little about the real tasks. Run make report for numbers to choose by.")
	}
	if len(a.tasks) == 0 {
		return p
	}
	var all []*table
	for _, t := range a.tasks {
		all = append(all, t.all()...)
	}
	method := methodOf(all...)
	var body writer
	body.printf("How to read the strategy tables: **time/op** is the median ± its %.0f%% interval (as benchstat prints it); **speedup** is %s; **p** is the Mann-Whitney U test against the reference, `~` where not significant at α = %.2g; **n** is the number of samples. See [Method](#method).\n\n",
		spec.Confidence*100, method.howTo(spec.Confidence), spec.Alpha)
	var summary strings.Builder
	for _, t := range a.tasks {
		cs := charts(t)
		for _, c := range cs {
			p.Charts = append(p.Charts, c.Chart)
		}
		a.section(&body, t, cs)
		a.summary(&summary, t)
	}
	p.Body, p.Summary = body.String(), summary.String()
	p.Method = method.methodItems(spec.Confidence)
	if l := limitsMethod(a.tasks); l != "" {
		p.Method = append(p.Method, l)
	}
	return p
}

// limitRules are the Method's words on each task's limit, by the task's
// prefix.
var limitRules = map[string]string{
	"io":   "IO, all `io-iterations × io-requests` requests in one round trip; IO scaling with N workers, `total / ceil(total / N)` round trips; throttled IO, the token bucket's floor `(total − io-throttle-burst) / io-throttle-rate` seconds",
	"cpu":  "CPU, `numcpu` (else GOMAXPROCS), and `min(N, numcpu)` for N workers",
	"jobs": "your jobs, where `piece-floor` declares the least time of a piece, `pieces` pieces of at least that floor in `ceil(pieces / N)` rounds for N workers, or one round when unbounded",
}

// limitsMethod is the Method's item on the limits of the tasks the
// report has, and only those; "" when none has a limit.
func limitsMethod(tasks []*task) string {
	var rules []string
	for _, prefix := range []string{"io", "cpu", "jobs"} {
		if slices.ContainsFunc(tasks, func(t *task) bool {
			return t.prefix == prefix && slices.ContainsFunc(t.all(), func(g *table) bool { return g.Limit != nil })
		}) {
			rules = append(rules, limitRules[prefix])
		}
	}
	if len(rules) == 0 {
		return ""
	}
	return "**Limits**: " + strings.Join(rules, "; ") + "."
}

// fromRun says which run a task's numbers are from, when there are
// several: "From run `b.txt`, the newest of 4 (in the order given)."
func (a *analysis) fromRun(t *task) string {
	if a.inputs < 2 {
		return ""
	}
	for _, g := range t.all() {
		if g.run != t.run {
			return fmt.Sprintf("From run %s, the newest of %d (%s), and each benchmark it lacks from the newest run that has it (its table says which).", code(t.run.label), a.inputs, a.order)
		}
	}
	return fmt.Sprintf("From run %s, the newest of %d (%s).", code(t.run.label), a.inputs, a.order)
}

// section writes a task's section: its heading, what its workload is,
// which run its numbers are from, its charts and its tables.
func (a *analysis) section(m *writer, t *task, cs []taskChart) {
	m.printf("## %s\n\n", escape(t.name))
	about := escape(t.about)
	if from := a.fromRun(t); from != "" {
		about = strings.TrimSpace(about + " " + from)
	}
	if about != "" {
		m.line(about)
		m.line("")
	}
	if s := methodOf(t.all()...).sentence(); s != "" {
		m.line(s)
		m.line("")
	}
	for _, c := range cs {
		m.printf("![%s](%s)\n\n", escape(c.alt), c.File)
		if c.caption != "" {
			m.line(c.caption)
			m.line("")
		}
	}
	for _, g := range t.all() {
		m.group(g, t)
	}
}

// summary lists the winner of every group of a task that is not a
// scaling group, and the trade-off beside time where it has one.
func (a *analysis) summary(b *strings.Builder, t *task) {
	var lines []string
	for _, g := range t.all() {
		if g.Scaling || len(g.Members) == 0 || g.BaseCell == nil {
			continue
		}
		title := escape(g.Title())
		if a.inputs > 1 && g.run != t.run {
			title += " (run " + code(g.run.label) + ")"
		}
		lines = append(lines, fmt.Sprintf("  - %s: %s", title, headline(g)))
		if s := unsteadyLine(g); s != "" {
			lines = append(lines, "    - "+s)
		}
		if s := tradeoffSummary(g); s != "" {
			lines = append(lines, "    - "+s)
		}
	}
	if len(lines) == 0 {
		return
	}
	head := "- **" + escape(t.name) + "**"
	if a.inputs > 1 {
		head += " (run " + code(t.run.label) + ")"
	}
	fmt.Fprintf(b, "%s\n%s\n", head, strings.Join(lines, "\n"))
}
