package stats

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"

	"github.com/concbench/concbench/contract"
)

// An Axis is a benchmark name key along which benchmarks are compared with
// a reference value of that key, such as strategy=sequential.
type Axis struct {
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

	// Required makes a group without a reference an error rather than a
	// group without speedups.
	Required bool

	// Verb names the comparison in prose: "faster than".
	Verb string
}

// Strategy is the axis of the concurrency strategies: every strategy is
// compared with strategy=sequential in its group.
var Strategy = Axis{
	Key:         contract.Strategy,
	Base:        contract.BaseStrategy,
	Free:        []string{contract.Workers, contract.Order},
	AcrossNames: true,
	Required:    true,
	Verb:        "faster than",
}

// DefaultAxes are the axes of the concbench suite: the strategies, and
// for BenchmarkChecker the trial-division checker and the modulo
// reduction as natural references.
var DefaultAxes = []Axis{
	Strategy,
	{Key: contract.Check, Base: contract.BaseCheck, Free: []string{contract.Reduce}, Verb: "faster than"},
	{Key: contract.Reduce, Base: contract.BaseReduce, Verb: "faster than"},
}

// A Group is a reference benchmark and the benchmarks compared with it.
type Group struct {
	Axis *Axis

	// Assumption is the distributional assumption of the group's unit,
	// for comparing two of its members.
	Assumption benchmath.Assumption

	// Name is the benchmark's base name without "Benchmark": "IO".
	Name string

	// Label is the group's name keys, "api=local/transport=tuned", or ""
	// when it has none.
	Label string

	// Base is the reference row and its cell in the run; Base is nil when
	// the group has no reference (allowed unless Axis.Required).
	Base     *Row
	BaseCell *Cell

	// Borrowed reports that Base comes from another benchmark name
	// (see Axis.AcrossNames).
	Borrowed bool

	// Members are the group's other benchmarks, in the order of the
	// input.
	Members []*Speedup
}

// Title returns "BenchmarkIO api=mock", the group's name and label.
func (g *Group) Title() string {
	if g.Label == "" {
		return "Benchmark" + g.Name
	}
	return "Benchmark" + g.Name + " " + g.Label
}

// A Speedup compares one benchmark with its group's reference.
type Speedup struct {
	Row  *Row
	Cell *Cell

	// Value is the benchmark's value of the axis key: "pool".
	Value string

	// Free holds the benchmark's free keys that are set, as "k=v", in the
	// axis's order: ["workers=32"].
	Free []string

	// Ratio is reference median / benchmark median: above 1 means faster
	// than the reference. Its interval is Ratio's (see the package doc).
	// It is NaN when there is no reference.
	Ratio Interval

	// Comparison is the Mann-Whitney U test of the two samples; valid
	// when the group has a reference.
	Comparison benchmath.Comparison
}

// Label returns "pool workers=32": the axis value and the free keys.
func (s *Speedup) Label() string {
	return strings.Join(append([]string{s.Value}, s.Free...), " ")
}

// Key returns the value of the free key k ("workers"), or "".
func (s *Speedup) Key(k string) string {
	for _, kv := range s.Free {
		if key, v, _ := strings.Cut(kv, "="); key == k {
			return v
		}
	}
	return ""
}

// Significant reports whether the benchmark differs from its reference
// at the comparison's α (benchstat's rule).
func (s *Speedup) Significant() bool {
	return s.Comparison.N1 > 0 && !(s.Comparison.P > s.Comparison.Alpha)
}

// Speedups groups the rows of t that have axis's key set and compares
// each with its group's reference in run column col. Rows without a cell
// in that run are skipped. It returns an error naming the group when a
// group of a Required axis has no reference.
func Speedups(t *Table, col int, axis *Axis) ([]*Group, error) {
	if t == nil || col < 0 || col >= len(t.Runs) {
		return nil, nil
	}
	var pp benchproc.ProjectionParser
	nameBy, err := pp.Parse(".name", nil)
	if err != nil {
		panic(err)
	}
	axisBy, err := pp.Parse(projectionOf(axis), nil)
	if err != nil {
		return nil, fmt.Errorf("axis %s: %v", axis.Key, err)
	}
	groupBy, err := pp.Parse(".fullname", nil)
	if err != nil {
		panic(err)
	}
	valueField := axisBy.Fields()[0]

	type groupKey struct{ name, group benchproc.Key }
	type entry struct {
		row  *Row
		cell *Cell
		axis benchproc.Key
	}
	groups := make(map[groupKey][]entry)
	var order []groupKey
	bases := make(map[groupKey]entry)
	for _, row := range t.Rows {
		c := row.Cells[col]
		if c == nil {
			continue
		}
		ak := axisBy.Project(row.Result)
		if ak.Get(valueField) == "" {
			continue // not on this axis
		}
		gk := groupKey{nameBy.Project(row.Result), groupBy.Project(row.Result)}
		if _, ok := groups[gk]; !ok {
			groups[gk] = nil
			order = append(order, gk)
		}
		e := entry{row, c, ak}
		if ak.Get(valueField) == axis.Base {
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

	var out []*Group
	for _, gk := range order {
		members := groups[gk] // in the order of the input
		var sample *benchfmt.Result
		if len(members) > 0 {
			sample = members[0].row.Result
		} else {
			sample = bases[gk].row.Result
		}
		g := &Group{
			Axis:       axis,
			Assumption: t.Assumption,
			Name:       string(sample.Name.Base()),
			Label:      groupLabel(sample, axis),
		}
		base, ok := bases[gk]
		if !ok && axis.AcrossNames {
			base, ok = borrow(gk.group, g.Name, bases, func(k groupKey) benchproc.Key { return k.group }, func(k groupKey) string {
				return string(bases[k].row.Result.Name.Base())
			})
			g.Borrowed = ok
		}
		if ok {
			g.Base, g.BaseCell = base.row, base.cell
		} else if axis.Required && len(members) > 0 {
			return nil, fmt.Errorf("group %s: no %s=%s benchmark to compare %s with (in %s)", g.Title(), axis.Key, axis.Base, members[0].row.Name, t.Runs[col])
		}
		for _, m := range members {
			s := &Speedup{Row: m.row, Cell: m.cell, Value: m.axis.Get(valueField), Free: freeKeys(m.axis)}
			if g.BaseCell != nil {
				s.Ratio = Ratio(g.BaseCell.Summary, m.cell.Summary)
				s.Comparison = t.Assumption.Compare(g.BaseCell.Sample, m.cell.Sample)
			} else {
				s.Ratio = Ratio(benchmath.Summary{}, benchmath.Summary{})
			}
			g.Members = append(g.Members, s)
		}
		out = append(out, g)
	}
	disambiguate(out)
	return out, nil
}

// disambiguate appends the GOMAXPROCS suffix to the labels of groups whose
// titles would otherwise be the same: runs with -cpu 1,2.
func disambiguate(groups []*Group) {
	count := make(map[string]int)
	for _, g := range groups {
		count[g.Title()]++
	}
	for _, g := range groups {
		if count[g.Title()] < 2 {
			continue
		}
		row := g.Base
		if row == nil && len(g.Members) > 0 {
			row = g.Members[0].Row
		}
		if row == nil {
			continue
		}
		procs := "1" // the testing package omits the suffix for GOMAXPROCS=1
		if _, parts := row.Result.Name.Parts(); len(parts) > 0 && parts[len(parts)-1][0] == '-' {
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
func projectionOf(axis *Axis) string {
	parts := []string{"/" + axis.Key}
	for _, f := range axis.Free {
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
func groupLabel(res *benchfmt.Result, axis *Axis) string {
	_, parts := res.Name.Parts()
	var keep []string
	for _, b := range parts {
		p := string(b)
		if strings.HasPrefix(p, "-") {
			continue // GOMAXPROCS suffix
		}
		p = strings.TrimPrefix(p, "/")
		k, _, _ := strings.Cut(p, "=")
		if k == axis.Key || slices.Contains(axis.Free, k) {
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
func (g *Group) Ranked() []*Speedup {
	var out []*Speedup
	for _, s := range g.Members {
		if finite(s.Ratio.Center) {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b *Speedup) int {
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
func (g *Group) Winner() *Speedup {
	if g.BaseCell == nil {
		return nil
	}
	for _, s := range g.Ranked() {
		if s.Ratio.Center > 1 && s.Ratio.Lo > 1 && s.Significant() {
			return s
		}
	}
	return nil
}
