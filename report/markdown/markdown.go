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
	// Runs are the labels of the inputs, in order.
	Runs []string

	// Tables holds the statistics of the suite's sections (nil when the
	// input has none): a table per unit, a column per run.
	Tables *stats.Tables

	// Current is the run (column of Tables) the suite's sections
	// describe: the last.
	Current int

	// Results counts the results; Benchmarks the distinct benchmarks
	// (rows); TableCount the tables of the model.
	Results, Benchmarks, TableCount int

	// Machine and Config are the configuration lines that every result
	// shares: the machine (goos, goarch, cpu, numcpu, …) and the rest.
	// Varying lists the keys whose values set tables apart, with their
	// values: "pkg (4 values: …)".
	Machine, Config []parse.Config
	Varying         []string

	// Tasks are the suite's sections: strategies against sequential.
	Tasks []Task

	// Changes is the markdown of the change points across three or more
	// runs (package trend), shown before Generic; "" for none.
	Changes string

	// Generic is the markdown of every table of the model with its
	// charts, written by the report package from package view.
	Generic string

	// Notes are shown at the top, one per paragraph: caveats a reader
	// must see first, such as results from quick mode.
	Notes []string

	// Warnings are shown at the end, one per line.
	Warnings []string
}

// A Task is a section of the report: one task of the suite.
type Task struct {
	Name   string // "IO task"
	About  string // one sentence on the workload, or ""
	Groups []Group
	Charts []Chart
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

	// Notes are paragraphs the suite adds under the verdict, such as why
	// some members' intervals are wide.
	Notes []string
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

func (m *writer) runs() []string { return m.r.Runs }

func (m *writer) current() string { return m.runs()[m.r.Current] }

func (m *writer) write() {
	r := m.r
	m.line("# Benchmark report")
	m.line("")
	m.printf("From %s: %s of %s in %s.\n\n", codeList(m.runs()), plural(r.Results, "result"), plural(r.Benchmarks, "benchmark"), plural(r.TableCount, "table"))
	for _, n := range r.Notes {
		m.printf("> %s\n\n", escape(n))
	}
	if n := len(r.Warnings); n > 0 {
		m.printf("> **%s**, such as too few samples or malformed lines: see [Warnings](#warnings).\n\n", plural(n, "warning"))
	}
	m.summary()
	m.machine()
	if len(r.Tasks) > 0 {
		m.legend()
	}
	for i := range r.Tasks {
		m.task(&r.Tasks[i])
	}
	m.w.WriteString(r.Changes)
	m.w.WriteString(r.Generic)
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
// scaling group.
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
	o := stats.DefaultOptions
	m.printf("How to read the strategy tables: **time/op** is the median ± its %.0f%% interval (as benchstat prints it); **speedup** is the reference's median time over the strategy's, in parentheses its interval from the two medians' %.0f%% intervals (conservative; ∞: too few samples for one); **p** is the Mann-Whitney U test against the reference, `~` where not significant at α = %.2g; **n** is the number of samples. See [Method](#method).\n\n",
		o.Confidence*100, o.Confidence*100, o.Thresholds.CompareAlpha)
}

func (m *writer) machine() {
	r := m.r
	if len(r.Machine) == 0 && len(r.Config) == 0 && len(r.Varying) == 0 {
		return
	}
	m.line("## Machine and configuration")
	m.line("")
	if len(r.Machine) > 0 || len(r.Config) > 0 {
		m.line("What every result shares:")
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
	}
	if len(r.Varying) > 0 {
		m.printf("What sets the tables apart, never pooled (each table names its own): %s. To compare across them, make the key a column (`-col KEY`); to pool them, ignore it (`-ignore KEY`).\n\n", escape(strings.Join(r.Varying, "; ")))
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
}

func (m *writer) method() {
	o := stats.DefaultOptions
	m.line("## Method")
	m.line("")
	m.printf("- Every number comes from golang.org/x/perf, as `go tool benchstat` computes it on the same grouping (a test checks it): a benchmark's **median** and its **confidence interval** (distribution-free, benchmath's AssumeNothing; ± is the larger distance from the median, in %%), and the **Mann-Whitney U test** for differences, significant when p ≤ α (default %.2g).\n",
		o.Thresholds.CompareAlpha)
	m.line("- Tables are benchstat's: one per configuration (package, cpu, any `key: value` line that changes) and unit, a row per benchmark, a column per input (or per `-col` key); the first column is the base every other column is compared with.")
	m.line("- **Ratio charts**: each column's median over the reference column's (`-ref`, default the first), with the interval of the ratio that the Mann-Whitney U test gives at α (the test inverted, as the Hodges–Lehmann interval is): it leaves out 1× exactly when the difference is significant, so a chart's colour, its whisker and the table's `~` agree. Drawn as *better by* for the unit's direction (lower is better for sec/op, B/op, allocs/op and any …/op; higher for B/s and any …/s).")
	if len(m.r.Tasks) > 0 {
		m.line("- **Speedup** = median time of the reference (`strategy=sequential` of the same group) / median time of the strategy. A group is a benchmark and its name keys other than strategy, workers and order; a benchmark without its own sequential (the scaling benchmarks) uses the sequential of the benchmark with the same keys.")
		m.line("- **Limits**: IO, all `io-iterations × io-requests` requests in one round trip; IO scaling with N workers, `total / ceil(total / N)` round trips; throttled IO, the token bucket's floor `(total − io-throttle-burst) / io-throttle-rate` seconds; CPU, `numcpu` (else GOMAXPROCS), and `min(N, numcpu)` for N workers.")
	}
	m.line("- Run the benchmarks at least 6 times (`-count 6`, better 10 or more) for finite intervals, and interleave runs to compare (`concbench bench`).")
	m.line("")
}

// plural returns "1 result", "2 results".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
