// Package view renders the tables of a report/model as text, markdown, CSV
// and JSON: the same cells, formatted as benchstat formats them (medians
// scaled per row, "± 3%" intervals, "-17.20%" or "~" deltas, "(p=0.000
// n=10)"). Text and markdown come from one renderer over a grid of cells;
// CSV is benchstat's own CSV layout, cell for cell; JSON carries every
// number unformatted.
//
// A stage of the report's pipeline (see package report) after package
// model: "concbench report -format" prints its tables, and REPORT.md shows
// them in markdown.
package view

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/perf/benchunit"

	"github.com/concbench/concbench/internal/text"
	"github.com/concbench/concbench/report/model"
)

// A grid is one table as rows of formatted cells.
type grid struct {
	top   []string // the column labels over the head, or ""
	head  []string
	right []bool // per column: right-aligned
	note  []bool // per column: footnote marks or a test, shown beside the column before it
	rows  [][]string
	notes []string // footnotes, numbered from 1
}

// footnotes numbers warnings, each distinct text once.
type footnotes struct {
	list []string
	seen map[string]int
}

func (f *footnotes) mark(errs ...[]error) string {
	var marks []string
	for _, es := range errs {
		for _, e := range es {
			s := e.Error()
			i, ok := f.seen[s]
			if !ok {
				if f.seen == nil {
					f.seen = make(map[string]int)
				}
				i = len(f.list)
				f.seen[s] = i
				f.list = append(f.list, s)
			}
			marks = append(marks, superscript(i+1))
		}
	}
	return strings.Join(marks, " ")
}

// newGrid lays out t: a label column, then per model column its median ±
// interval and, for all but the first, the change against the first and
// its test.
func newGrid(t *model.Table) *grid {
	g := &grid{top: []string{""}, head: []string{""}, right: []bool{false}, note: []bool{false}}
	var fn footnotes
	for i, col := range t.Cols {
		g.top = append(g.top, model.Label(col), "")
		g.head = append(g.head, t.Unit, "")
		g.right = append(g.right, true, false)
		g.note = append(g.note, false, true)
		if i > 0 {
			g.top = append(g.top, "", "")
			g.head = append(g.head, "vs base", "")
			g.right = append(g.right, true, false)
			g.note = append(g.note, false, true)
		}
	}
	class := benchunit.ClassOf(t.Unit)
	for _, row := range t.Rows {
		r := make([]string, len(g.head))
		r[0] = model.Label(row)
		scaler := rowScaler(t, row, class)
		at := 1
		for i, col := range t.Cols {
			c := t.Cell(row, col)
			if c != nil {
				r[at] = scaler.Format(c.Summary.Center) + " ± " + c.Summary.PctRangeString()
				r[at+1] = fn.mark(c.Sample.Warnings, c.Summary.Warnings)
			}
			at += 2
			if i == 0 {
				continue
			}
			if c != nil && c.Baseline != nil {
				r[at] = c.Comparison.FormatDelta(c.Baseline.Summary.Center, c.Summary.Center)
				r[at+1] = "(" + c.Comparison.String() + ")" + sp(fn.mark(c.Comparison.Warnings))
			}
			at += 2
		}
		g.rows = append(g.rows, r)
	}
	if len(t.Rows) > 1 {
		r := make([]string, len(g.head))
		r[0] = "geomean"
		at := 1
		for i, col := range t.Cols {
			s := t.Summary[col]
			if s.HasSummary {
				r[at] = benchunit.Scale(s.Summary, class)
			}
			r[at+1] = fn.mark(s.Warnings)
			at += 2
			if i == 0 {
				continue
			}
			if s.HasRatio {
				r[at] = fmt.Sprintf("%+.2f%%", (s.Ratio-1)*100)
			} else {
				r[at] = "?"
			}
			at += 2
		}
		g.rows = append(g.rows, r)
	}
	g.notes = fn.list
	g.dropEmpty()
	return g
}

func sp(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// rowScaler is benchstat's: one scale for every median of a row.
func rowScaler(t *model.Table, row model.Key, class benchunit.Class) benchunit.Scaler {
	var vs []float64
	for _, col := range t.Cols {
		if c := t.Cell(row, col); c != nil {
			vs = append(vs, c.Summary.Center)
		}
	}
	return benchunit.CommonScale(vs, class)
}

// dropEmpty removes the footnote columns that no row uses.
func (g *grid) dropEmpty() {
	keep := make([]bool, len(g.head))
	for j := range g.head {
		keep[j] = g.head[j] != "" || j == 0
		for _, r := range g.rows {
			keep[j] = keep[j] || r[j] != ""
		}
	}
	filter := func(xs []string) []string {
		out := xs[:0]
		for j, x := range xs {
			if keep[j] {
				out = append(out, x)
			}
		}
		return out
	}
	right, note := g.right[:0], g.note[:0]
	for j := range g.right {
		if keep[j] {
			right, note = append(right, g.right[j]), append(note, g.note[j])
		}
	}
	g.head = filter(g.head)
	g.top = filter(g.top)
	for i := range g.rows {
		g.rows[i] = filter(g.rows[i])
	}
	g.right, g.note = right, note
}

// writeText writes g with padded columns.
func (g *grid) writeText(w io.Writer) error {
	width := make([]int, len(g.head))
	for _, r := range append([][]string{g.head}, g.rows...) {
		for j, c := range r {
			width[j] = max(width[j], utf8.RuneCountInString(c))
		}
	}
	// A column label may span its value column and the ones after it up
	// to the next label; widen the value column if it does not fit.
	for j, c := range g.top {
		if c == "" {
			continue
		}
		span := width[j]
		for k := j + 1; k < len(g.top) && g.top[k] == "" && k < len(width); k++ {
			span += 2 + width[k]
		}
		if n := utf8.RuneCountInString(c); n > span {
			width[j] += n - span
		}
	}
	for _, r := range [][]string{} {
		for j, c := range r {
			width[j] = max(width[j], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	line := func(r []string) {
		var l strings.Builder
		for j, c := range r {
			if j > 0 {
				l.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(c))
			if g.right[j] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	var top strings.Builder
	for j, c := range g.top {
		if j > 0 {
			top.WriteString("  ")
		}
		if c == "" {
			if top.Len() < lineWidth(width[:j+1]) {
				top.WriteString(strings.Repeat(" ", width[j]))
			}
			continue
		}
		top.WriteString(c + strings.Repeat(" ", max(0, width[j]-utf8.RuneCountInString(c))))
	}
	b.WriteString(strings.TrimRight(top.String(), " ") + "\n")
	line(g.head)
	for _, r := range g.rows {
		line(r)
	}
	for i, n := range g.notes {
		fmt.Fprintf(&b, "%s %s\n", superscript(i+1), n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// lineWidth is the width of columns of widths ws, two spaces apart.
func lineWidth(ws []int) int {
	n := 0
	for i, w := range ws {
		if i > 0 {
			n += 2
		}
		n += w
	}
	return n
}

// writeMarkdown writes g as a markdown table, each note column joined to
// the column before it.
func (g *grid) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	cell := text.Escape
	join := func(r []string) []string {
		var out []string
		for j, c := range r {
			if g.note[j] && len(out) > 0 {
				if c != "" {
					out[len(out)-1] = strings.TrimSpace(out[len(out)-1] + " " + c)
				}
				continue
			}
			out = append(out, c)
		}
		return out
	}
	b.WriteString("|")
	top := join(g.top)
	for j, h := range join(g.head) {
		if top[j] != "" {
			h = top[j] + " " + h
		}
		b.WriteString(" " + cell(h) + " |")
	}
	b.WriteString("\n|")
	for j, r := range g.right {
		switch {
		case g.note[j]:
		case r:
			b.WriteString("--:|")
		default:
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range g.rows {
		b.WriteString("|")
		for _, c := range join(r) {
			b.WriteString(" " + cell(c) + " |")
		}
		b.WriteString("\n")
	}
	if len(g.notes) > 0 {
		b.WriteString("\n")
		for i, n := range g.notes {
			fmt.Fprintf(&b, "%s %s  \n", superscript(i+1), n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var superDigits = []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")

func superscript(i int) string {
	var buf []rune
	for ; i > 0; i /= 10 {
		buf = append([]rune{superDigits[i%10]}, buf...)
	}
	if len(buf) == 0 {
		return string(superDigits[0])
	}
	return string(buf)
}
