package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// A document is everything REPORT.md shows, in its order: what the inputs
// are, the notes, the preset's summary, the machine and its
// configuration, the preset's sections, the changes across runs, every
// table of the model with its charts, the method and the warnings.
type document struct {
	// Runs are the labels of the inputs, in order.
	Runs []string

	// Results counts the results; Benchmarks the distinct benchmarks
	// (rows); TableCount the tables of the model.
	Results, Benchmarks, TableCount int

	// Machine and Config are the configuration lines that every result
	// shares: the machine (goos, goarch, cpu, numcpu, …) and the rest.
	// Varying lists the keys whose values set tables apart, with their
	// values: "pkg (4 values: …)".
	Machine, Config []parse.Config
	Varying         []string

	// Part is the preset's: its notes, summary, sections and method.
	Part *Part

	// Notes are the engine's caveats, in markdown (an input's name as
	// code), shown after the preset's (Part.Notes, in words).
	Notes []string

	// Changes is the markdown of the change points across three or more
	// runs (package trend); "" for none.
	Changes string

	// Tables is the markdown of every table of the model with its charts.
	Tables string

	// Warnings are shown at the end, one per line.
	Warnings []string

	// RatioCharts reports whether the tables have ratio charts, which
	// Method then explains.
	RatioCharts bool
}

// write writes d as markdown to w.
func (d *document) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	printf := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	printf("# Benchmark report\n\n")
	var runs []string
	for _, r := range d.Runs {
		runs = append(runs, text.Code(r))
	}
	printf("From %s: %s of %s in %s.\n\n", strings.Join(runs, ", "), text.Count(d.Results, "result"), text.Count(d.Benchmarks, "benchmark"), text.Count(d.TableCount, "table"))
	for _, n := range d.Part.Notes { // the preset's, in words
		printf("> %s\n\n", text.Escape(n))
	}
	for _, n := range d.Notes { // the engine's, in markdown: inputs as code
		printf("> %s\n\n", n)
	}
	if n := len(d.Warnings); n > 0 {
		printf("> **%s**, such as too few samples or malformed lines: see [Warnings](#warnings).\n\n", text.Count(n, "warning"))
	}
	if d.Part.Summary != "" {
		printf("## Summary\n\n%s\n", d.Part.Summary)
	}
	d.machine(bw)
	bw.WriteString(d.Part.Body)
	bw.WriteString(d.Changes)
	bw.WriteString(d.Tables)
	d.method(bw)
	if len(d.Warnings) > 0 {
		printf("## Warnings\n\n")
		for _, w := range d.Warnings {
			printf("- %s\n", text.Escape(w))
		}
		printf("\n")
	}
	return bw.Flush()
}

func (d *document) machine(w *bufio.Writer) {
	if len(d.Machine) == 0 && len(d.Config) == 0 && len(d.Varying) == 0 {
		return
	}
	w.WriteString("## Machine and configuration\n\n")
	if len(d.Machine) > 0 || len(d.Config) > 0 {
		w.WriteString("What every result shares:\n\n| key | value |\n|:--|:--|\n")
		for _, c := range slices.Concat(d.Machine, d.Config) {
			fmt.Fprintf(w, "| %s | %s |\n", text.Escape(c.Key), text.Escape(c.Value))
		}
		w.WriteString("\n")
	}
	if len(d.Varying) > 0 {
		fmt.Fprintf(w, "What sets the tables apart, never pooled (each table names its own): %s. To compare across them, make the key a column (`-col KEY`); to pool them, ignore it (`-ignore KEY`).\n\n", text.Escape(strings.Join(d.Varying, "; ")))
	}
}

func (d *document) method(w *bufio.Writer) {
	items := []string{
		fmt.Sprintf("Every number comes from golang.org/x/perf, as `go tool benchstat` computes it on the same grouping (a test checks it): a benchmark's **median** and its **confidence interval** (distribution-free, benchmath's AssumeNothing; ± is the larger distance from the median, in %%), and the **Mann-Whitney U test** for differences, significant when p ≤ α (default %.2g).",
			model.DefaultSpec.Alpha),
		"Tables are benchstat's: one per configuration (package, cpu, any `key: value` line that changes) and unit, a row per benchmark, a column per input (or per `-col` key); the first column is the base every other column is compared with.",
	}
	if d.RatioCharts {
		items = append(items, "**Ratio charts**: each column's median over the reference column's (`-ref`, default the first), with the interval of the ratio that the Mann-Whitney U test gives at α (the test inverted, as the Hodges–Lehmann interval is): it leaves out 1× exactly when the difference is significant, so a chart's colour, its whisker and the table's `~` agree (against the first column: with another `-ref`, the tables still compare with the first, as benchstat's do). Drawn as *better by* for the unit's direction (lower is better for sec/op, B/op, allocs/op and any …/op; higher for B/s and any …/s).")
	}
	items = append(items, d.Part.Method...)
	items = append(items, "Run the benchmarks at least 6 times (`-count 6`, better 10 or more) for finite intervals, and interleave runs to compare (`concbench bench`).")
	w.WriteString("## Method\n\n")
	for _, it := range items {
		fmt.Fprintf(w, "- %s\n", it)
	}
	w.WriteString("\n")
}
