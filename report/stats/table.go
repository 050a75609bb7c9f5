package stats

import (
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// Options configures the statistics; DefaultOptions is benchstat's default.
type Options struct {
	// Confidence is the confidence level of the median intervals, e.g. 0.95.
	Confidence float64

	// Thresholds holds the significance level of the comparisons.
	Thresholds benchmath.Thresholds
}

// DefaultOptions are benchstat's defaults: 95% intervals, α = 0.05.
var DefaultOptions = Options{Confidence: 0.95, Thresholds: benchmath.DefaultThresholds}

// Tables are the summaries of a Set: one Table per unit.
type Tables struct {
	// Runs are the run labels, in column order.
	Runs []string

	// Tables holds a Table per unit, in the order the units first appear.
	Tables []*Table
}

// Unit returns the table of unit u (a tidied unit such as "sec/op"), or nil.
func (ts *Tables) Unit(u string) *Table {
	for _, t := range ts.Tables {
		if t.Unit == u {
			return t
		}
	}
	return nil
}

// A Table holds the summaries of one unit: a Row per benchmark, a column
// per run, as benchstat prints them.
type Table struct {
	Unit       string
	Assumption benchmath.Assumption

	// Better is +1 when higher values are better, -1 when lower values
	// are (time, allocations), 0 when the unit does not say.
	Better int

	Runs []string
	Rows []*Row
}

// A Row is one benchmark across the runs.
type Row struct {
	// Name is the full benchmark name without "Benchmark", as benchstat
	// prints it: "IO/api=mock/strategy=pool/workers=32-2".
	Name string

	// Result is the benchmark's first result, for projecting its name keys.
	Result *benchfmt.Result

	// Cells holds a Cell per run; nil where the run lacks the benchmark.
	Cells []*Cell
}

// A Cell summarizes the sample of one benchmark in one run: the model's
// cell, its Baseline the same benchmark's cell in the first run (nil in
// the first run itself, or when the first run lacks it).
type Cell = model.Cell

// FromModel arranges the tables of a model built with a table per unit
// (Spec.Table ""), a row per full name and a column per run (".file") as
// Tables with a column per label of runs, in order: the shape the suite's
// sections read. Cells keep the model's statistics; a cell's baseline is
// the same row's cell in the first run.
func FromModel(ts *model.Tables, runs []string) *Tables {
	out := &Tables{Runs: runs}
	index := make(map[string]int, len(runs))
	for i, r := range runs {
		index[r] = i
	}
	for _, mt := range ts.Tables {
		t := &Table{Unit: mt.Unit, Assumption: mt.Assumption, Better: mt.Better, Runs: runs}
		for _, rk := range mt.Rows {
			name := model.Label(rk)
			row := &Row{Name: name, Result: &benchfmt.Result{Name: benchfmt.Name(name)}, Cells: make([]*Cell, len(runs))}
			models := make([]*model.Cell, len(runs))
			for _, ck := range mt.Cols {
				mc := mt.Cell(rk, ck)
				i, ok := index[model.Label(ck)]
				if mc == nil || !ok {
					continue
				}
				row.Cells[i] = &Cell{Sample: mc.Sample, Summary: mc.Summary}
				models[i] = mc
			}
			if base := row.Cells[0]; base != nil {
				for i, c := range row.Cells[1:] {
					if c == nil {
						continue
					}
					c.Baseline = base
					if mc := models[i+1]; mc.Baseline != nil && mc.Baseline == models[0] {
						c.Comparison = mc.Comparison // the model's own test
					} else {
						c.Comparison = t.Assumption.Compare(base.Sample, c.Sample)
					}
				}
			}
			t.Rows = append(t.Rows, row)
		}
		out.Tables = append(out.Tables, t)
	}
	return out
}

// UnitSpec is the grouping FromModel expects: a table per unit, a row per
// full name, a column per run, benchstat's statistics.
var UnitSpec = model.Spec{Table: "", Row: ".fullname", Col: ".file", Filter: "*", Alpha: 0.05, Confidence: 0.95}

// FromText returns the Tables of one run of benchmark text, labeled label:
// for tests and examples.
func FromText(label, text string) (*Tables, error) {
	b, err := model.NewBuilder(UnitSpec)
	if err != nil {
		return nil, err
	}
	info, err := parse.Scan([]parse.Source{{Path: "-", Label: label}}, strings.NewReader(text), func(r *benchfmt.Result) { b.Add(r) })
	if err != nil {
		return nil, err
	}
	return FromModel(b.Tables(info.Units), []string{label}), nil
}
