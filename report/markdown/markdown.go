// Package markdown writes REPORT.md from the report's statistics: the
// machine and its configuration, a section per task with a table per
// group of benchmarks (median ± 95% interval, speedup over the reference
// with its interval, p-value, samples), a table of the benchmarks that no
// group compares (the median ± interval of every unit they report), the
// charts, which strategy wins and by how much — written from the numbers
// — and, with two or more runs, benchstat-style delta tables.
//
// The output is deterministic: the same statistics give the same bytes,
// so REPORT.md can be golden-tested and diffed across runs.
package markdown

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/concbench/concbench/report/parse"
	"github.com/concbench/concbench/report/stats"
)

// A Report is everything REPORT.md shows.
type Report struct {
	// Tables holds every unit's statistics over all runs.
	Tables *stats.Tables

	// Current is the run (column of Tables) the task sections describe:
	// the last.
	Current int

	// Results counts the results of the current run; Benchmarks its
	// distinct benchmarks.
	Results, Benchmarks int

	// Machine and Config are the configuration lines of the current run:
	// the machine (goos, goarch, cpu, numcpu, …) and the rest.
	Machine, Config []parse.Config

	// ConfigChanges lists the configuration keys whose values differ
	// between runs: "io-requests: 30 → 60".
	ConfigChanges []string

	Tasks []Task

	// CompareChart is the file of the chart of changes between the first
	// and the current run, or "".
	CompareChart string

	// Notes are shown at the top, one per paragraph: caveats a reader
	// must see first, such as results from quick mode.
	Notes []string

	// Warnings are shown at the end, one per line.
	Warnings []string
}

// A Task is a section of the report: one task of the suite, or the other
// benchmarks.
type Task struct {
	Name   string // "IO task"
	About  string // one sentence on the workload, or ""
	Groups []Group
	Charts []Chart

	// Others are the task's benchmarks that no group compares (row names
	// of Tables, in input order), shown in one table after the groups:
	// the median ± interval of every unit they report.
	Others []string

	// OthersTitle is the heading of that table ("Other IO benchmarks"),
	// or "" for none: when the task has no groups.
	OthersTitle string
}

// A Group is a table of the report: benchmarks compared with a reference.
type Group struct {
	*stats.Group

	// Scaling marks a group of worker counts; its table shows each
	// member's limit.
	Scaling bool

	// Limit returns the speedup limit of a member; nil when unknown.
	Limit func(*stats.Speedup) (float64, bool)

	// LimitNote explains the limit in a few words: "all 150 requests in
	// one round trip".
	LimitNote string

	// Extra lists other units to show as columns: "req/s".
	Extra []string
}

// A Chart is an image of the report.
type Chart struct {
	File, Alt string
}

// Write writes r as markdown to w.
func Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	m := &writer{w: bw, r: r}
	m.write()
	return bw.Flush()
}

// writer carries the report being written.
type writer struct {
	w *bufio.Writer
	r *Report
}

func (m *writer) printf(format string, args ...any) { fmt.Fprintf(m.w, format, args...) }
func (m *writer) line(s string)                     { m.w.WriteString(s + "\n") }

func (m *writer) runs() []string { return m.r.Tables.Runs }

func (m *writer) current() string { return m.runs()[m.r.Current] }

func (m *writer) write() {
	r := m.r
	m.line("# concbench report")
	m.line("")
	if len(m.runs()) > 1 {
		m.printf("Runs: %s. The task sections describe %s (%s of %s); [Changes](#changes) compares it with %s.\n\n",
			codeList(m.runs()), code(m.current()), plural(r.Results, "result"), plural(r.Benchmarks, "benchmark"), code(m.runs()[0]))
	} else {
		m.printf("From %s: %s of %s.\n\n", code(m.current()), plural(r.Results, "result"), plural(r.Benchmarks, "benchmark"))
	}
	for _, n := range r.Notes {
		m.printf("> %s\n\n", escape(n))
	}
	if n := len(r.Warnings); n > 0 {
		m.printf("> **%s**, such as too few samples or malformed lines: see [Warnings](#warnings).\n\n", plural(n, "warning"))
	}
	m.summary()
	m.legend()
	m.machine()
	for i := range r.Tasks {
		m.task(&r.Tasks[i])
	}
	if len(m.runs()) > 1 {
		m.changes()
	} else {
		m.allResults()
	}
	m.method()
	if len(r.Warnings) > 0 {
		m.line("## Warnings")
		m.line("")
		for _, w := range r.Warnings {
			m.printf("- %s\n", escape(w))
		}
		m.line("")
	}
}

// summary lists, per task, the winner of every group that is not a
// scaling group, and a line on the benchmarks that no group compares.
func (m *writer) summary() {
	var b strings.Builder
	for _, t := range m.r.Tasks {
		var lines []string
		for _, g := range t.Groups {
			if g.Scaling || len(g.Members) == 0 || g.BaseCell == nil {
				continue
			}
			lines = append(lines, fmt.Sprintf("  - %s: %s", escape(g.Title()), headline(&g)))
		}
		if len(t.Others) > 0 {
			lines = append(lines, "  - "+m.othersHeadline(&t))
		}
		if len(lines) > 0 {
			fmt.Fprintf(&b, "- **%s**\n%s\n", escape(t.Name), strings.Join(lines, "\n"))
		}
	}
	if b.Len() == 0 {
		return
	}
	m.line("## Summary")
	m.line("")
	m.w.WriteString(b.String())
	m.line("")
}

// legend explains the columns of the group tables once.
func (m *writer) legend() {
	if len(m.r.Tasks) == 0 {
		return
	}
	o := stats.DefaultOptions
	if !m.hasGroups() {
		m.printf("How to read the tables: each value is the median ± its %.0f%% interval, as benchstat prints it", o.Confidence*100)
		if len(m.runs()) > 1 {
			m.printf("; **vs base** is the change of time/op from %s, `~` where the Mann-Whitney U test finds no significant difference at α = %.2g, with its **p**",
				code(m.runs()[0]), o.Thresholds.CompareAlpha)
		}
		m.line("; **n** is the number of samples. See [Method](#method).\n")
		return
	}
	m.printf("How to read the tables: **time/op** is the median ± its %.0f%% interval (as benchstat prints it); **speedup** is the reference's median time over the strategy's, in parentheses its interval from the two medians' %.0f%% intervals (conservative; ∞: too few samples for one); **p** is the Mann-Whitney U test against the reference, `~` where not significant at α = %.2g; **n** is the number of samples. See [Method](#method).\n\n",
		o.Confidence*100, o.Confidence*100, o.Thresholds.CompareAlpha)
}

func (m *writer) machine() {
	r := m.r
	if len(r.Machine) == 0 && len(r.Config) == 0 {
		return
	}
	m.line("## Machine and configuration")
	m.line("")
	m.line("| key | value |")
	m.line("|:--|:--|")
	for _, c := range r.Machine {
		m.printf("| %s | %s |\n", escape(c.Key), escape(c.Value))
	}
	for _, c := range r.Config {
		m.printf("| %s | %s |\n", escape(c.Key), escape(c.Value))
	}
	m.line("")
	if len(r.ConfigChanges) > 0 {
		m.printf("The configuration differs between runs: %s.\n\n", escape(strings.Join(r.ConfigChanges, "; ")))
	}
}

func (m *writer) task(t *Task) {
	m.printf("## %s\n\n", escape(t.Name))
	if t.About != "" {
		m.line(escape(t.About))
		m.line("")
	}
	for _, c := range t.Charts {
		m.printf("![%s](%s)\n\n", escape(c.Alt), c.File)
	}
	for i := range t.Groups {
		m.group(&t.Groups[i])
	}
	m.others(t)
}

func (m *writer) changes() {
	m.line("## Changes")
	m.line("")
	m.printf("Each later run against %s, as `go tool benchstat` computes it: median ± 95%% interval, the change of the medians, and `~` where the Mann-Whitney U test finds no significant difference (p > %.2g).\n\n",
		code(m.runs()[0]), stats.DefaultOptions.Thresholds.CompareAlpha)
	m.changeSummary()
	if m.r.CompareChart != "" {
		m.printf("![Change of every benchmark's time per op](%s)\n\n", m.r.CompareChart)
	}
	var rest []*stats.Table
	for _, t := range m.r.Tables.Tables {
		if t.Unit == "sec/op" {
			m.benchstatTable(t)
		} else {
			rest = append(rest, t)
		}
	}
	if len(rest) > 0 {
		m.line("<details><summary>Other units</summary>")
		m.line("")
		for _, t := range rest {
			m.benchstatTable(t)
		}
		m.line("</details>")
		m.line("")
	}
}

// changeSummary says which benchmarks got significantly slower or faster
// in time per op, from the first run to the current one.
func (m *writer) changeSummary() {
	t := m.r.Tables.Unit("sec/op")
	if t == nil {
		return
	}
	var slower, faster []string
	n := 0
	for _, row := range t.Rows {
		c := row.Cells[m.r.Current]
		if c == nil || c.Baseline == nil {
			continue
		}
		n++
		if !c.Significant() || c.Summary.Center == c.Baseline.Summary.Center {
			continue
		}
		s := fmt.Sprintf("%s %s", escape(row.Name), stats.Delta(c))
		if c.Summary.Center > c.Baseline.Summary.Center {
			slower = append(slower, s)
		} else {
			faster = append(faster, s)
		}
	}
	list := func(xs []string) string {
		if len(xs) > 5 {
			return strings.Join(xs[:5], ", ") + fmt.Sprintf(" and %d more", len(xs)-5)
		}
		return strings.Join(xs, ", ")
	}
	m.printf("Of %d benchmarks in both runs, %d got significantly slower and %d faster in time per op", n, len(slower), len(faster))
	if len(slower) > 0 {
		m.printf("; slower: %s", list(slower))
	}
	if len(faster) > 0 {
		m.printf("; faster: %s", list(faster))
	}
	m.line(".\n")
}

func (m *writer) allResults() {
	if len(m.r.Tables.Tables) == 0 {
		return
	}
	m.line("## All results")
	m.line("")
	m.line("Every benchmark and unit as `go tool benchstat` prints them: median ± 95% interval.")
	m.line("")
	m.line("<details><summary>Tables by unit</summary>")
	m.line("")
	for _, t := range m.r.Tables.Tables {
		m.benchstatTable(t)
	}
	m.line("</details>")
	m.line("")
}

func (m *writer) method() {
	o := stats.DefaultOptions
	m.line("## Method")
	m.line("")
	m.printf("- Every number comes from golang.org/x/perf, as `go tool benchstat` computes it: a benchmark's **median** and its **%.0f%% confidence interval** (distribution-free, benchmath's AssumeNothing; ± is the larger distance from the median, in %%), and the **Mann-Whitney U test** for differences, significant when p ≤ α = %.2g.\n",
		o.Confidence*100, o.Thresholds.CompareAlpha)
	if !m.hasGroups() {
		m.line("- Run the benchmarks at least 6 times (`-count 6`, better 10 or more) for finite intervals, and interleave runs to compare.")
		m.line("")
		return
	}
	m.line("- **Speedup** = median time of the reference (`strategy=sequential` of the same group) / median time of the strategy. A group is a benchmark and its name keys other than strategy, workers and order; a benchmark without its own sequential (the scaling benchmarks) uses the sequential of the benchmark with the same keys.")
	m.line("- **Speedup interval** = [reference low / strategy high, reference high / strategy low], from the two medians' 95% intervals. It holds the true ratio whenever both intervals hold their medians, so its confidence is at least the product of theirs (≥ 94% with 6 samples each) and usually more: conservative by construction. It is ∞ when a sample is too small for an interval (fewer than 6).")
	m.line("- **Limits**: IO, all `io-iterations × io-requests` requests in one round trip; IO scaling with N workers, `total / ceil(total / N)` round trips; throttled IO, the token bucket's floor `(total − io-throttle-burst) / io-throttle-rate` seconds; CPU, `numcpu` (else GOMAXPROCS), and `min(N, numcpu)` for N workers.")
	m.line("- Run the benchmarks at least 6 times (`-count 6`, better 10 or more) for finite intervals, and interleave runs to compare (`make compare`).")
	m.line("")
}

// plural returns "1 result", "2 results".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
