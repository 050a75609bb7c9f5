package suite

import (
	"errors"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/model"
)

// An axis is a benchmark name key along which benchmarks are compared with
// a reference value of that key, such as strategy=sequential.
type axis struct {
	// Key is the name key, without the slash: "strategy".
	Key string

	// Base is the reference value: "sequential".
	Base string

	// Free lists the other name keys that may differ between a benchmark
	// and its reference: a pool's "workers" has no meaning for
	// sequential. The remaining name keys, the benchmark's base name and
	// its GOMAXPROCS suffix form the group.
	Free []string

	// AcrossNames allows a group whose own benchmark has no reference to
	// borrow the reference of another benchmark with the same group keys
	// in the same run (BenchmarkIOScaling/api=mock borrows
	// BenchmarkIO/api=mock/strategy=sequential).
	AcrossNames bool

	// Missing shows a group without a reference, with a warning; without
	// it, such a group is left out.
	Missing bool

	// Verb names the comparison in prose: "faster than".
	Verb string
}

// strategyAxis is the axis of the concurrency strategies: every strategy
// is compared with strategy=sequential in its group.
var strategyAxis = axis{
	Key:         contract.Strategy,
	Base:        contract.BaseStrategy,
	Free:        []string{contract.Workers, contract.Order},
	AcrossNames: true,
	Missing:     true,
	Verb:        "faster than",
}

// axes are the axes of the concbench suite: the strategies, and for
// BenchmarkChecker the trial-division checker and the modulo reduction
// as natural references.
var axes = []axis{
	strategyAxis,
	{Key: contract.Check, Base: contract.BaseCheck, Free: []string{contract.Reduce}, Verb: "faster than"},
	{Key: contract.Reduce, Base: contract.BaseReduce, Verb: "faster than"},
}

// A row is a benchmark of a table of the model.
type row struct {
	// Name is the full benchmark name without "Benchmark", as benchstat
	// prints it: "IO/api=mock/strategy=pool/workers=32-2".
	Name string

	// Key is the row's key in the model's tables (of any unit).
	Key model.Key

	// Result holds the name, for projecting its keys.
	Result *benchfmt.Result
}

// A group is a reference benchmark and the benchmarks compared with it,
// in one run.
type group struct {
	Axis *axis

	// Assumption is the distributional assumption of the group's unit,
	// for comparing two of its members.
	Assumption benchmath.Assumption

	// Name is the benchmark's base name without "Benchmark": "IO".
	Name string

	// Label is the group's name keys, "api=local/transport=tuned", or ""
	// when it has none.
	Label string

	// Base is the reference row and its cell in the run; Base is nil when
	// the group has no reference.
	Base     *row
	BaseCell *model.Cell

	// Borrowed reports that Base comes from another benchmark name
	// (see axis.AcrossNames).
	Borrowed bool

	// Members are the group's other benchmarks, in the order of the
	// input.
	Members []*speedup
}

// Title returns "BenchmarkIO api=mock", the group's name and label.
func (g *group) Title() string {
	if g.Label == "" {
		return "Benchmark" + g.Name
	}
	return "Benchmark" + g.Name + " " + g.Label
}

// A speedup compares one benchmark with its group's reference.
type speedup struct {
	Row  *row
	Cell *model.Cell

	// Value is the benchmark's value of the axis key: "pool".
	Value string

	// Free holds the benchmark's free keys that are set, as "k=v", in the
	// axis's order: ["workers=32"].
	Free []string

	// Ratio is the speedup: above 1 means faster than the reference. Of
	// results measured in rounds it is paired by round (Pairs > 0; see
	// pairedSpeedup): the median of the ratios reference/benchmark of the
	// pairs of values measured in the same round, with the interval of
	// that median. Otherwise, reference median / benchmark median with
	// model.SummaryRatio's conservative interval (Pairs 0). It is NaN when
	// there is no reference.
	Ratio model.Ratio
	Pairs int

	// Comparison is the Mann-Whitney U test of the two samples; valid
	// when the group has a reference.
	Comparison benchmath.Comparison
}

// Label returns "pool workers=32": the axis value and the free keys.
func (s *speedup) Label() string {
	return strings.Join(append([]string{s.Value}, s.Free...), " ")
}

// Key returns the value of the free key k ("workers"), or "".
func (s *speedup) Key(k string) string {
	for _, kv := range s.Free {
		if key, v, _ := strings.Cut(kv, "="); key == k {
			return v
		}
	}
	return ""
}

// Significant reports whether the benchmark differs from its reference
// at the comparison's α (benchstat's rule).
func (s *speedup) Significant() bool {
	return s.Comparison.N1 > 0 && !(s.Comparison.P > s.Comparison.Alpha)
}

// Clear reports whether the benchmark is faster or slower than its
// reference on both counts the report names one by: the U test finds the
// difference at α, and the speedup's interval leaves out 1×. The winner,
// the slower list and the charts' filled points all use it, so that a
// whisker across 1× is never drawn or named as a difference.
func (s *speedup) Clear() bool {
	return s.Significant() && (s.Ratio.Lo > 1 || s.Ratio.Hi < 1)
}

// speedups groups the rows of t that have the axis key set and compares
// each with its group's reference in column col. Rows without a cell in
// that column are skipped; a group without a reference has no ratios.
func speedups(t *model.Table, col model.Key, ax *axis) []*group {
	// One parser: its .fullname projection leaves out the axis's keys,
	// so that it names the group.
	var pp benchproc.ProjectionParser
	nameBy, err1 := pp.Parse(".name", nil)
	axisBy, err2 := pp.Parse(projectionOf(ax), nil)
	groupBy, err3 := pp.Parse(".fullname", nil)
	if err := errors.Join(err1, err2, err3); err != nil {
		panic(err) // the suite's own constant keys
	}
	valueField := axisBy.Fields()[0]

	type groupKey struct{ name, group benchproc.Key }
	type entry struct {
		row  *row
		cell *model.Cell
		axis benchproc.Key
	}
	groups := make(map[groupKey][]entry)
	var order []groupKey
	bases := make(map[groupKey]entry)
	for _, rk := range t.Rows {
		c := t.Cell(rk, col)
		if c == nil {
			continue
		}
		name := model.Label(rk)
		r := &row{Name: name, Key: rk, Result: &benchfmt.Result{Name: benchfmt.Name(name)}}
		ak := axisBy.Project(r.Result)
		if ak.Get(valueField) == "" {
			continue // not on this axis
		}
		gk := groupKey{nameBy.Project(r.Result), groupBy.Project(r.Result)}
		if _, ok := groups[gk]; !ok {
			groups[gk] = nil
			order = append(order, gk)
		}
		e := entry{r, c, ak}
		if ak.Get(valueField) == ax.Base {
			if _, dup := bases[gk]; !dup {
				bases[gk] = e
				continue
			}
		}
		groups[gk] = append(groups[gk], e)
	}
	slices.SortStableFunc(order, func(a, b groupKey) int {
		if a.name != b.name {
			return cmpKeys(a.name, b.name)
		}
		return cmpKeys(a.group, b.group)
	})

	var out []*group
	for _, gk := range order {
		members := groups[gk] // in the order of the input
		var sample *benchfmt.Result
		if len(members) > 0 {
			sample = members[0].row.Result
		} else {
			sample = bases[gk].row.Result
		}
		g := &group{
			Axis:       ax,
			Assumption: t.Assumption,
			Name:       string(sample.Name.Base()),
			Label:      groupLabel(sample, ax),
		}
		base, ok := bases[gk]
		if !ok && ax.AcrossNames {
			base, ok = borrow(gk.group, g.Name, bases, func(k groupKey) benchproc.Key { return k.group }, func(k groupKey) string {
				return string(bases[k].row.Result.Name.Base())
			})
			g.Borrowed = ok
		}
		if ok {
			g.Base, g.BaseCell = base.row, base.cell
		}
		for _, m := range members {
			s := &speedup{Row: m.row, Cell: m.cell, Value: m.axis.Get(valueField), Free: freeKeys(m.axis)}
			if g.BaseCell != nil {
				var ok bool
				if s.Ratio, s.Pairs, ok = pairedSpeedup(g.BaseCell, m.cell, t.Confidence); !ok {
					s.Ratio = model.SummaryRatio(g.BaseCell.Summary, m.cell.Summary)
				}
				s.Comparison = t.Assumption.Compare(g.BaseCell.Sample, m.cell.Sample)
			} else {
				s.Ratio = model.Ratio{Center: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
			}
			g.Members = append(g.Members, s)
		}
		out = append(out, g)
	}
	disambiguate(out)
	return out
}

// disambiguate appends the GOMAXPROCS suffix to the labels of groups whose
// titles would otherwise be the same: runs with -cpu 1,2.
func disambiguate(groups []*group) {
	count := make(map[string]int)
	for _, g := range groups {
		count[g.Title()]++
	}
	for _, g := range groups {
		if count[g.Title()] < 2 {
			continue
		}
		r := g.Base
		if r == nil && len(g.Members) > 0 {
			r = g.Members[0].Row
		}
		if r == nil {
			continue
		}
		procs := "1" // the testing package omits the suffix for GOMAXPROCS=1
		if _, parts := r.Result.Name.Parts(); len(parts) > 0 && parts[len(parts)-1][0] == '-' {
			procs = string(parts[len(parts)-1][1:])
		}
		g.Label = strings.TrimPrefix(g.Label+" gomaxprocs="+procs, " ")
	}
}

// borrow finds a reference for a group of benchmark name among the
// references of other names with the same group keys. Of several, it
// prefers the name sharing the longest prefix with name ("IO" for
// "IOScaling"), then the first seen.
func borrow[K comparable, E any](group benchproc.Key, name string, bases map[K]E, groupOf func(K) benchproc.Key, nameOf func(K) string) (E, bool) {
	var best K
	bestLen, found := -1, false
	for k := range bases {
		if groupOf(k) != group {
			continue
		}
		n := commonPrefix(nameOf(k), name)
		if n > bestLen || (n == bestLen && nameOf(k) < nameOf(best)) {
			best, bestLen, found = k, n, true
		}
	}
	if !found {
		var zero E
		return zero, false
	}
	return bases[best], true
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// projectionOf returns the projection of the axis key and its free keys;
// free keys sort numerically ("workers=2" before "workers=16").
func projectionOf(ax *axis) string {
	parts := []string{"/" + ax.Key}
	for _, f := range ax.Free {
		parts = append(parts, "/"+f+"@num")
	}
	return strings.Join(parts, ",")
}

// freeKeys returns the set free keys of an axis key k as "key=value".
func freeKeys(k benchproc.Key) []string {
	var out []string
	for _, f := range k.Projection().Fields()[1:] {
		if v := k.Get(f); v != "" {
			out = append(out, strings.TrimPrefix(f.Name, "/")+"="+v)
		}
	}
	return out
}

// groupLabel returns the name keys of res other than the axis and free
// keys: "api=local/transport=tuned".
func groupLabel(res *benchfmt.Result, ax *axis) string {
	_, parts := res.Name.Parts()
	var keep []string
	for _, b := range parts {
		p := string(b)
		if strings.HasPrefix(p, "-") {
			continue // GOMAXPROCS suffix
		}
		p = strings.TrimPrefix(p, "/")
		k, _, _ := strings.Cut(p, "=")
		if k == ax.Key || slices.Contains(ax.Free, k) {
			continue
		}
		keep = append(keep, p)
	}
	return strings.Join(keep, "/")
}

func cmpKeys(a, b benchproc.Key) int {
	switch {
	case a == b:
		return 0
	case a.Less(b):
		return -1
	case b.Less(a):
		return 1
	}
	return 0
}

// Ranked returns the members with a finite speedup, fastest first.
func (g *group) Ranked() []*speedup {
	var out []*speedup
	for _, s := range g.Members {
		if !math.IsNaN(s.Ratio.Center) && !math.IsInf(s.Ratio.Center, 0) {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b *speedup) int {
		switch {
		case a.Ratio.Center > b.Ratio.Center:
			return -1
		case a.Ratio.Center < b.Ratio.Center:
			return 1
		}
		return 0
	})
	return out
}

// Winner returns the fastest of the members faster than the reference
// beyond doubt, or nil if none is: its difference from the reference is
// significant (Mann-Whitney U at α) and its speedup interval excludes 1×.
// A member with a higher median that fails either test does not win.
// Whether the winner is also clear of the runner-up is the caller's to
// say (a tie).
func (g *group) Winner() *speedup {
	if g.BaseCell == nil {
		return nil
	}
	for _, s := range g.Ranked() {
		if s.Ratio.Center > 1 && s.Clear() {
			return s
		}
	}
	return nil
}
