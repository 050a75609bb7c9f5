package markdown

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/report/stats"
)

// This file writes the benchmarks that no group compares (plain user
// benchmarks, the suite's per-request overhead and load test): a table of
// their medians in every unit they report, and a line for the summary.

// othersShown is how many benchmarks a summary line names one by one;
// beyond that it names the fastest and the slowest.
const othersShown = 4

// others writes the table of a task's benchmarks that no group compares:
// per benchmark, the median ± interval of time/op and of every other unit
// it reports, and the number of samples; with two or more runs, the
// change of time/op from the first run.
func (m *writer) others(t *Task) {
	if len(t.Others) == 0 {
		return
	}
	if t.OthersTitle != "" {
		m.printf("### %s\n\n", escape(t.OthersTitle))
	}
	multi := len(m.runs()) > 1
	if m.hasGroups() {
		m.printf("No reference to compare these with: the median ± %.0f%% interval of every unit they report", stats.DefaultOptions.Confidence*100)
		if multi {
			m.printf("; **vs base** is the change of time/op from %s (`~`: not significant)", code(m.runs()[0]))
		}
		m.line(".\n")
	}

	units := m.unitsOf(t.Others)
	head := []string{"benchmark"}
	align := []string{":--"}
	for _, u := range units {
		head = append(head, unitHead(u))
		align = append(align, "--:")
		if multi && u == "sec/op" {
			head = append(head, "vs base", "p")
			align = append(align, "--:", "--:")
		}
	}
	head = append(head, "n")
	align = append(align, "--:")
	m.printf("| %s |\n|%s|\n", strings.Join(head, " | "), strings.Join(align, "|"))

	fn := newFootnotes()
	labels := m.othersLabels(t.Others)
	for i, name := range t.Others {
		cells := []string{escape(labels[i])}
		marked := make(map[string]bool) // a warning is marked once a row
		for _, u := range units {
			c := m.cell(u, name)
			cells = append(cells, valueCell(c, u, fn, marked))
			if multi && u == "sec/op" {
				cells = append(cells, deltaCell(c, fn)...)
			}
		}
		cells = append(cells, m.samples(name, units))
		m.printf("| %s |\n", strings.Join(cells, " | "))
	}
	m.line("")
	fn.write(m)
}

// unitsOf returns the units that some of the benchmarks report in the
// current run: time/op first, then rates ("req/s", "B/s"), then the
// others, each in the order of Tables.
func (m *writer) unitsOf(names []string) []string {
	var out []string
	for _, t := range m.r.Tables.Tables {
		for _, name := range names {
			if m.cell(t.Unit, name) != nil {
				out = append(out, t.Unit)
				break
			}
		}
	}
	rank := func(u string) int {
		switch {
		case u == "sec/op":
			return 0
		case isRate(u):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b string) int { return rank(a) - rank(b) })
	return out
}

// isRate reports whether a unit is per second: "req/s", "B/s".
func isRate(u string) bool { return strings.HasSuffix(u, "/s") }

// unitHead names a unit's column: "time/op" for sec/op, as the group
// tables do; else the unit.
func unitHead(u string) string {
	if u == "sec/op" {
		return "time/op"
	}
	return escape(u)
}

// valueCell formats a cell's median ± interval: a time as the group
// tables do ("15.2 µs ± 2%"), another unit as benchstat does ("96.00 ±
// 0%"), "0" for a sample of zeros, "" without a cell. It marks the
// cell's warnings that are not in marked, and adds them to it.
func valueCell(c *stats.Cell, unit string, fn *footnotes, marked map[string]bool) string {
	if c == nil {
		return ""
	}
	var warn []error
	for _, w := range append(slices.Clone(c.Sample.Warnings), c.Summary.Warnings...) {
		if !marked[w.Error()] {
			marked[w.Error()] = true
			warn = append(warn, w)
		}
	}
	var v string
	switch {
	case unit == "sec/op":
		v = stats.HumanTime(c.Summary.Center) + " ± " + stats.Range(c)
	case c.Summary.Center == 0 && c.Summary.Lo == 0 && c.Summary.Hi == 0:
		v = "0"
	default:
		v = stats.Number(c.Summary.Center, unit) + " ± " + stats.Range(c)
	}
	return escape(v) + fn.mark(warn)
}

// deltaCell formats the change of a time from the first run, as
// benchstat's "vs base" ("+3.12%", "~"), and its p-value.
func deltaCell(c *stats.Cell, fn *footnotes) []string {
	if c == nil || c.Baseline == nil {
		return []string{"", ""}
	}
	return []string{escape(stats.Delta(c)), fmt.Sprintf("%.3f", c.Comparison.P) + fn.mark(c.Comparison.Warnings)}
}

// samples returns the number of samples of a benchmark in its first unit.
func (m *writer) samples(name string, units []string) string {
	for _, u := range units {
		if c := m.cell(u, name); c != nil {
			return fmt.Sprint(len(c.Sample.Values))
		}
	}
	return ""
}

// othersLabels returns the benchmarks' names as the tables print them,
// without their GOMAXPROCS suffix ("-2") when all of them have the same.
func (m *writer) othersLabels(names []string) []string {
	suffix := ""
	for i, name := range names {
		s := procsSuffix(m.result(name))
		if i > 0 && s != suffix {
			return names
		}
		suffix = s
	}
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = strings.TrimSuffix(name, suffix)
	}
	return out
}

// result returns the first result of a benchmark, from any unit's table.
func (m *writer) result(name string) *benchfmt.Result {
	for _, t := range m.r.Tables.Tables {
		for _, row := range t.Rows {
			if row.Name == name {
				return row.Result
			}
		}
	}
	return nil
}

// procsSuffix returns a result's GOMAXPROCS suffix, "-2", or "".
func procsSuffix(res *benchfmt.Result) string {
	if res == nil {
		return ""
	}
	_, parts := res.Name.Parts()
	if n := len(parts); n > 0 && strings.HasPrefix(string(parts[n-1]), "-") {
		return string(parts[n-1])
	}
	return ""
}

// hasGroups reports whether any task has a group: whether the report
// compares anything with a reference.
func (m *writer) hasGroups() bool {
	for _, t := range m.r.Tasks {
		if len(t.Groups) > 0 {
			return true
		}
	}
	return false
}

// othersHeadline is the summary line of a task's other benchmarks: each
// one's median time and rates (units per second) when there are a few,
// else how many, the fastest and the slowest; then, with two or more
// runs, which changed significantly in time per op.
func (m *writer) othersHeadline(t *Task) string {
	var b strings.Builder
	if t.OthersTitle != "" {
		b.WriteString(escape(t.OthersTitle) + ": ")
	}
	labels := m.othersLabels(t.Others)
	units := m.unitsOf(t.Others)
	switch {
	case len(t.Others) <= othersShown:
		var items []string
		for i, name := range t.Others {
			items = append(items, escape(labels[i])+" "+m.headlineValues(name, units))
		}
		b.WriteString(strings.Join(items, "; ") + ".")
	case len(units) == 0:
		fmt.Fprintf(&b, "%d benchmarks.", len(t.Others))
	default:
		u := units[0] // time/op when any reports it
		lo, hi := -1, -1
		center := func(i int) float64 { return m.cell(u, t.Others[i]).Summary.Center }
		for i, name := range t.Others {
			if m.cell(u, name) == nil {
				continue
			}
			if lo < 0 || center(i) < center(lo) {
				lo = i
			}
			if hi < 0 || center(i) > center(hi) {
				hi = i
			}
		}
		what := "per op"
		if u != "sec/op" {
			what = "in " + escape(u)
		}
		section := t.OthersTitle
		if section == "" {
			section = t.Name
		}
		fmt.Fprintf(&b, "%d benchmarks, %s from %s (%s) to %s (%s): see [%s](#%s).", len(t.Others), what,
			escape(stats.Human(center(lo), u)), escape(labels[lo]), escape(stats.Human(center(hi), u)), escape(labels[hi]),
			escape(section), anchor(section))
	}
	if c := m.othersChanges(t.Others, labels); c != "" {
		b.WriteString(" " + c)
	}
	return b.String()
}

// othersChanges says which of the benchmarks changed significantly in
// time per op from the first run, or "" with one run.
func (m *writer) othersChanges(names, labels []string) string {
	if len(m.runs()) < 2 {
		return ""
	}
	var slower, faster []string
	compared := 0
	for i, name := range names {
		c := m.cell("sec/op", name)
		if c == nil || c.Baseline == nil {
			continue
		}
		compared++
		if !c.Significant() || c.Summary.Center == c.Baseline.Summary.Center {
			continue
		}
		s := escape(labels[i]) + " " + escape(stats.Delta(c))
		if c.Summary.Center > c.Baseline.Summary.Center {
			slower = append(slower, s)
		} else {
			faster = append(faster, s)
		}
	}
	if compared == 0 {
		return ""
	}
	list := func(xs []string) string {
		if len(xs) > 3 {
			return strings.Join(xs[:3], ", ") + fmt.Sprintf(" and %d more", len(xs)-3)
		}
		return strings.Join(xs, ", ")
	}
	var parts []string
	if len(slower) > 0 {
		parts = append(parts, "slower: "+list(slower))
	}
	if len(faster) > 0 {
		parts = append(parts, "faster: "+list(faster))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("Against %s, none of %s changed significantly in time per op.", code(m.runs()[0]), plural(compared, "benchmark"))
	}
	return fmt.Sprintf("Against %s, in time per op: %s.", code(m.runs()[0]), strings.Join(parts, "; "))
}

// anchor returns the fragment of a heading's link, as GitHub makes it:
// lower case, spaces as hyphens, other punctuation dropped.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// headlineValues formats a benchmark's median time ± interval in bold
// and its rates in parentheses: "**15.2 µs** ± 2% (16.3k req/s)".
func (m *writer) headlineValues(name string, units []string) string {
	var main string
	var rates []string
	for _, u := range units {
		c := m.cell(u, name)
		if c == nil {
			continue
		}
		v := escape(stats.Human(c.Summary.Center, u))
		switch {
		case main == "":
			main = "**" + v + "** ± " + stats.Range(c)
		case isRate(u):
			rates = append(rates, v)
		}
	}
	if len(rates) > 0 {
		main += " (" + strings.Join(rates, ", ") + ")"
	}
	return main
}
