package model

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchunit"
)

// singleOpNote returns a note on the benchmarks of tables whose time
// samples split by their iteration count, or "" when none does: some
// samples ran a single op, others ran more, and every single-op sample is
// slower than the median of the others. oneOp holds, for each cell some
// of whose samples ran a single op and others more, the values of the
// single-op samples.
//
// That is the mark of a time-based -benchtime close to one op's time (or
// of a file that pools -benchtime 1x runs, a cold first op each, with
// longer ones). testing stops a sample once it has lasted the benchtime
// (b.Loop between ops, b.N's ramp-up between runs), so a sample whose
// first op alone lasts that long is that op, and a sample whose first op
// is quicker goes on and averages two or more: a slow op is reported
// alone and a quick one diluted. The samples fall in two groups, and the
// interval can widen for a reason of the harness, not of the code or the
// machine. (make report's ll samples did so at 0.2 s a sample, against
// ops of 170–215 ms; docs/STEADY.md.)
func singleOpNote(tables []*Table, oneOp map[*Cell][]float64) string {
	if len(oneOp) == 0 {
		return ""
	}
	type split struct {
		name          string
		single, other []float64
		class         benchunit.Class
		unit          string
	}
	var found []split
	benchmarks := make(map[string]bool) // by table and row: the benchmarks found, in any column
	for _, t := range tables {
		if t.Unit != "sec/op" {
			continue
		}
		var in []string // the table's own configuration, when it has one
		for _, c := range t.Own {
			in = append(in, c.Value)
		}
		for _, row := range t.Rows {
			for _, col := range t.Cols {
				c := t.Cell(row, col)
				single := oneOp[c] // nil for a missing cell too
				if single == nil {
					continue
				}
				other := without(c.Sample.Values, single)
				if slices.Min(single) <= median(other) {
					continue
				}
				name := Label(row)
				if len(in) > 0 {
					name = strings.Join(in, " ") + ": " + name
				}
				benchmarks[name] = true
				if len(t.Cols) > 1 {
					name += " (" + Label(col) + ")"
				}
				found = append(found, split{name, slices.Sorted(slices.Values(single)), other, benchunit.ClassOf(t.Unit), t.Unit})
			}
		}
	}
	if len(found) == 0 {
		return ""
	}
	const shown = 3
	var each []string
	for _, f := range found[:min(len(found), shown)] {
		span := func(vs []float64) string {
			lo, hi := benchunit.Scale(vs[0], f.class), benchunit.Scale(vs[len(vs)-1], f.class)
			if lo == hi {
				return lo + " " + f.unit
			}
			return lo + "–" + hi + " " + f.unit
		}
		n := len(f.single) + len(f.other)
		each = append(each, fmt.Sprintf("%s, %d of its %d samples one op at %s, the other %d at %s", f.name, len(f.single), n, span(f.single), len(f.other), span(f.other)))
	}
	list := strings.Join(each, "; ")
	if more := len(found) - shown; more > 0 {
		list += fmt.Sprintf("; and %d more", more)
	}
	what := "1 benchmark ran"
	if len(benchmarks) > 1 {
		what = fmt.Sprintf("%d benchmarks ran", len(benchmarks))
	}
	return fmt.Sprintf("%s some samples of a single op, each slower than the median of its samples of more (%s). "+
		"A time-based -benchtime near one op's time does this: testing stops a sample after one op exactly when that op ran slow, "+
		"and averages it with more otherwise (so does a file that pools -benchtime 1x runs with longer ones). "+
		"It can raise the median and widen the interval; "+
		"give a -benchtime (in concbench bench, a group's @TIME) several times one op's time, or a count (Nx)", what, list)
}

// without returns the sorted values of sorted with one occurrence of each
// of drop removed.
func without(sorted, drop []float64) []float64 {
	rest := slices.Clone(sorted)
	for _, d := range drop {
		if i, ok := slices.BinarySearch(rest, d); ok {
			rest = slices.Delete(rest, i, i+1)
		}
	}
	return rest
}
