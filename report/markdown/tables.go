package markdown

import (
	"fmt"
	"strings"

	"github.com/concbench/concbench/report/stats"
)

// group writes a group's heading, reference, table and verdict.
func (m *writer) group(g *Group) {
	if g.Axis.Key == stats.Strategy.Key {
		m.printf("### %s\n\n", escape(g.Title()))
	} else {
		m.printf("### %s: by %s\n\n", escape(g.Title()), escape(g.Axis.Key))
	}
	ref := refName(g.Group)
	switch {
	case g.BaseCell == nil:
		m.printf("No `%s=%s` benchmark to compare with in this group.", escape(g.Axis.Key), escape(g.Axis.Base))
	case g.Borrowed:
		m.printf("Reference: %s, %s (borrowed from %s: this benchmark has none of its own).", code(ref), stats.HumanTime(g.BaseCell.Summary.Center), code("Benchmark"+g.Base.Name))
	default:
		m.printf("Reference: %s, %s.", code(ref), stats.HumanTime(g.BaseCell.Summary.Center))
	}
	if g.LimitNote != "" {
		m.printf(" Limit: %s.", escape(g.LimitNote))
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
		head = append(head, escape(u))
		align = append(align, "--:")
	}
	m.printf("| %s |\n|%s|\n", strings.Join(head, " | "), strings.Join(align, "|"))

	if g.BaseCell != nil {
		cells := []string{escape(refLabel(g)), timeCell(g.BaseCell, fn), "1×", "", fmt.Sprint(len(g.BaseCell.Sample.Values))}
		if g.Scaling && g.Limit != nil {
			cells = append(cells, "", "")
		}
		cells = append(cells, m.extras(g, g.Base.Name)...)
		m.printf("| %s |\n", strings.Join(cells, " | "))
	}
	best := winner(g.Group)
	if best != nil && len(tied(g.Group, ranked(g.Group), best)) > 0 {
		best = nil // a tie: no winner to mark
	}
	for _, s := range g.Members {
		label := escape(s.Label())
		if s == best {
			label = "**" + label + "**"
		}
		cells := []string{label, timeCell(s.Cell, fn), speedupCell(s, s == best), pCell(s, fn), fmt.Sprint(len(s.Cell.Sample.Values))}
		if g.Scaling && g.Limit != nil {
			if l, ok := g.Limit(s); ok {
				cells = append(cells, stats.Times(l), fmt.Sprintf("%.0f%%", 100*s.Ratio.Center/l))
			} else {
				cells = append(cells, "", "")
			}
		}
		cells = append(cells, m.extras(g, s.Row.Name)...)
		m.printf("| %s |\n", strings.Join(cells, " | "))
	}
	m.line("")
	fn.write(m)
	if v := verdict(g); v != "" {
		m.line(v)
		m.line("")
	}
	for _, n := range g.Notes {
		m.line(n)
		m.line("")
	}
}

// refName names a group's reference: "sequential" for strategies, else
// "key=value".
func refName(g *stats.Group) string {
	if g.Axis.Key == stats.Strategy.Key {
		return g.Axis.Base
	}
	return g.Axis.Key + "=" + g.Axis.Base
}

// refLabel is the reference's row label, with its free keys when borrowed
// from another benchmark.
func refLabel(g *Group) string {
	if g.Borrowed {
		return g.Axis.Base + " (Benchmark" + g.Base.Name + ")"
	}
	return g.Axis.Base
}

// extras returns the medians of the group's extra units for a benchmark.
func (m *writer) extras(g *Group, name string) []string {
	var out []string
	for _, u := range g.Extra {
		c := m.cell(u, name)
		if c == nil {
			out = append(out, "")
			continue
		}
		if c.Summary.Center == 0 {
			out = append(out, "0")
			continue
		}
		out = append(out, escape(stats.Number(c.Summary.Center, u)))
	}
	return out
}

// cell returns the current run's cell of a benchmark in the unit's table.
func (m *writer) cell(unit, name string) *stats.Cell {
	t := m.r.Tables.Unit(unit)
	if t == nil {
		return nil
	}
	for _, row := range t.Rows {
		if row.Name == name {
			return row.Cells[m.r.Current]
		}
	}
	return nil
}

func timeCell(c *stats.Cell, fn *footnotes) string {
	return escape(stats.HumanTime(c.Summary.Center)+" ± "+stats.Range(c)) + fn.mark(c.Sample.Warnings, c.Summary.Warnings)
}

func speedupCell(s *stats.Speedup, best bool) string {
	v := stats.Times(s.Ratio.Center)
	if best {
		v = "**" + v + "**"
	}
	if s.Ratio.Finite() {
		return v + " (" + stats.TimesInterval(s.Ratio) + ")"
	}
	return v + " (∞)"
}

func pCell(s *stats.Speedup, fn *footnotes) string {
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

// code formats s as inline code.
func code(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

func codeList(ss []string) string {
	var out []string
	for _, s := range ss {
		out = append(out, code(s))
	}
	return strings.Join(out, ", ")
}

// escape makes s safe inside a markdown table cell or paragraph; it
// writes benchmath's ">=" as "≥".
func escape(s string) string {
	r := strings.NewReplacer(">=", "≥", "|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "'")
	return r.Replace(s)
}
