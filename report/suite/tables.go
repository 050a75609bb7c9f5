package suite

import (
	"fmt"
	"math"
	"strings"

	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/model"
)

// A writer builds the markdown of the suite's sections.
type writer struct {
	strings.Builder
}

func (m *writer) printf(format string, args ...any) { fmt.Fprintf(m, format, args...) }
func (m *writer) line(s string)                     { m.WriteString(s + "\n") }

// escape and code are the report's markdown escaper and inline code,
// andList its "a, b and c".
var escape, code, andList = text.Escape, text.Code, text.List

// group writes a table's heading, reference, run, table and verdict.
func (m *writer) group(g *table, t *task) {
	if g.Axis.Key == strategyAxis.Key {
		m.printf("### %s\n\n", escape(g.Title()))
	} else {
		m.printf("### %s: by %s\n\n", escape(g.Title()), escape(g.Axis.Key))
	}
	ref := refName(g.group)
	switch {
	case g.BaseCell == nil:
		m.printf("**Warning**: no %s benchmark to compare with in this group, so no speedups: run the group with it.", code(g.Axis.Key+"="+g.Axis.Base))
	case g.Borrowed:
		m.printf("Reference: %s, %s (borrowed from %s: this benchmark has none of its own).", code(ref), humanTime(g.BaseCell.Summary.Center), code("Benchmark"+g.Base.Name))
	default:
		m.printf("Reference: %s, %s.", code(ref), humanTime(g.BaseCell.Summary.Center))
	}
	if g.LimitNote != "" {
		m.printf(" Limit: %s.", escape(g.LimitNote))
	}
	if g.run != t.run {
		m.printf(" From run %s, the newest that has this benchmark.", code(g.run.label))
	}
	if methodOf(t.all()...).mixed() {
		switch s := methodOf(g); {
		case s.mixed():
			m.printf(" Speedups paired by round where both have rounds (%d), else the ratio of the medians (%d).", s.paired, s.medians)
		case s.paired > 0:
			m.printf(" Speedups paired by round.")
		case s.medians > 0:
			m.printf(" Speedups: the ratio of the medians (no rounds to pair).")
		}
	}
	m.line("\n")

	fn := newFootnotes()
	head := []string{g.Axis.Key, "time/op", "speedup vs " + escape(ref), "p", "n"}
	align := []string{":--", "--:", "--:", "--:", "--:"}
	if g.Scaling && g.Limit != nil {
		head = append(head, "limit", "of limit")
		align = append(align, "--:", "--:")
	}
	for _, u := range g.Extra {
		head = append(head, escape(columnName(u)))
		align = append(align, "--:")
	}
	m.printf("| %s |\n|%s|\n", strings.Join(head, " | "), strings.Join(align, "|"))

	if g.BaseCell != nil {
		cells := []string{escape(refLabel(g)), timeCell(g.BaseCell, fn), "1×", "", fmt.Sprint(len(g.BaseCell.Sample.Values))}
		if g.Scaling && g.Limit != nil {
			cells = append(cells, "", "")
		}
		cells = append(cells, extraCells(g, g.Base)...)
		m.printf("| %s |\n", strings.Join(cells, " | "))
	}
	best := g.Winner()
	if best != nil && len(tied(g.group, g.Ranked(), best)) > 0 {
		best = nil // a tie: no winner to mark
	}
	for _, s := range g.Members {
		label := escape(s.Label())
		if s == best {
			label = "**" + label + "**"
		}
		cells := []string{label, timeCell(s.Cell, fn), speedupCell(s, s == best), pCell(s, fn), fmt.Sprint(len(s.Cell.Sample.Values))}
		if g.Scaling && g.Limit != nil {
			if l, ok := g.Limit(s); ok && g.BaseCell != nil {
				cells = append(cells, times(l), fmt.Sprintf("%.0f%%", 100*s.Ratio.Center/l))
			} else if ok {
				cells = append(cells, times(l), "")
			} else {
				cells = append(cells, "", "")
			}
		}
		cells = append(cells, extraCells(g, s.Row)...)
		m.printf("| %s |\n", strings.Join(cells, " | "))
	}
	m.line("")
	fn.write(m)
	if n := passedLimits(g); n != "" {
		m.line(n)
		m.line("")
	}
	if v := verdict(g); v != "" {
		m.line(v)
		m.line("")
	}
	for _, n := range g.Notes {
		m.line(n)
		m.line("")
	}
}

// passedLimits says which members of a scaling table are above their
// limit beyond noise (their speedup's interval 1% or more above it), as "of limit"
// reads over 100% for them: a limit is the task's model, not a bound the
// measurement breaks (the IO pools of 4 and 8 workers of make report, at
// 102–103% of ceil(90 / workers) round trips). It also names those whose
// "of limit" reads over 100% within noise (make report's CPU pool of one
// worker at 108%, its interval 0.83–1.14×), so that a reader of the column
// is not left to wonder.
func passedLimits(g *table) string {
	if !g.Scaling || g.Limit == nil || g.BaseCell == nil {
		return ""
	}
	var over, near []string
	for _, s := range g.Members {
		l, ok := g.Limit(s)
		if !ok || l <= 0 {
			continue
		}
		iv := timesInterval(s.Ratio)
		if openInterval(s.Ratio) {
			iv = times(s.Ratio.Center) + ", too few samples for an interval,"
		}
		reading := fmt.Sprintf("%s (%.0f%%: %s against %s)", escape(s.Label()), 100*s.Ratio.Center/l, iv, times(l))
		switch {
		case s.Ratio.Lo > 1.01*l: // 1% over: a bound printed with three digits reads as above it
			over = append(over, reading)
		case fmt.Sprintf("%.0f", 100*s.Ratio.Center/l) != "100" && s.Ratio.Center > l:
			near = append(near, reading) // "of limit" reads over 100%, within noise
		}
	}
	var out []string
	if len(over) > 0 {
		out = append(out, fmt.Sprintf("Above the limit beyond noise (the whole interval more than 1%% above it): %s. The limit is the task's model, and its assumptions (a fixed latency, an even split of the work) do not quite hold here; a reading over 100%% is not a measurement error.", andList(over)))
	}
	if len(near) > 0 {
		out = append(out, fmt.Sprintf("Over 100%% of the limit, but within noise of it (the interval reaches the limit, or within 1%% of it): %s. Such a reading is the spread of the measurement around the limit, not a strategy that beats it.", andList(near)))
	}
	return strings.Join(out, " ")
}

// refName names a group's reference: "sequential" for strategies, else
// "key=value".
func refName(g *group) string {
	if g.Axis.Key == strategyAxis.Key {
		return g.Axis.Base
	}
	return g.Axis.Key + "=" + g.Axis.Base
}

// refLabel is the reference's row label, with the benchmark it is
// borrowed from, when it is: "sequential (BenchmarkIO)". The whole name is
// in the line above the table; in a chart, where a long label is elided in
// the middle, the whole name lost what told it apart
// ("sequential (BenchmarkI…tial-2)").
func refLabel(g *table) string {
	if g.Borrowed {
		top, _, _ := strings.Cut(g.Base.Name, "/")
		return g.Axis.Base + " (Benchmark" + top + ")"
	}
	return g.Axis.Base
}

// extraCells returns the medians of the table's extra units for a
// benchmark of its run.
func extraCells(g *table, r *row) []string {
	var out []string
	for _, u := range g.Extra {
		c := g.run.cell(u, r.Key)
		switch {
		case c == nil:
			out = append(out, "")
		case c.Summary.Center == 0:
			out = append(out, "0")
		default:
			out = append(out, escape(extraNumber(c.Summary.Center, u)))
		}
	}
	return out
}

func timeCell(c *model.Cell, fn *footnotes) string {
	return escape(humanTime(c.Summary.Center)+" ± "+pctRange(c)) + fn.mark(c.Sample.Warnings, c.Summary.Warnings)
}

func speedupCell(s *speedup, best bool) string {
	if math.IsNaN(s.Ratio.Center) {
		return "" // no reference
	}
	v := times(s.Ratio.Center)
	if best {
		v = "**" + v + "**"
	}
	if s.Ratio.Finite() {
		return v + " (" + timesInterval(s.Ratio) + ")"
	}
	return v + " (∞)"
}

func pCell(s *speedup, fn *footnotes) string {
	c := s.Comparison
	if c.N1 == 0 {
		return ""
	}
	p := fmt.Sprintf("%.3f", c.P)
	if c.P > c.Alpha {
		p += " ~"
	}
	return p + fn.mark(c.Warnings)
}

// footnotes numbers the distinct warnings of a table, as benchstat does.
type footnotes struct {
	list  []string
	index map[string]int
}

func newFootnotes() *footnotes { return &footnotes{index: make(map[string]int)} }

// mark returns the superscript numbers of the warnings.
func (f *footnotes) mark(lists ...[]error) string {
	var marks []string
	for _, l := range lists {
		for _, e := range l {
			s := e.Error()
			i, ok := f.index[s]
			if !ok {
				f.list = append(f.list, s)
				i = len(f.list)
				f.index[s] = i
			}
			marks = append(marks, superscript(i))
		}
	}
	if len(marks) == 0 {
		return ""
	}
	return " " + strings.Join(marks, " ")
}

func (f *footnotes) write(m *writer) {
	for i, s := range f.list {
		m.printf("%s %s  \n", superscript(i+1), escape(s))
	}
	if len(f.list) > 0 {
		m.line("")
	}
}

func superscript(i int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	d := []rune(digits)
	s := fmt.Sprint(i)
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(d[c-'0'])
	}
	return b.String()
}
