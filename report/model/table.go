package model

import (
	"errors"
	"math"
	"strings"
	"sync"

	"github.com/aclements/go-moremath/stats"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// Tables is the model of a set of results: benchstat's tables, in its
// order, with what the results have in common.
type Tables struct {
	// Spec is the grouping and statistics the tables were built with.
	Spec Spec

	// Tables holds one Table per table key (configuration and unit);
	// Keys holds those keys, one to one.
	Tables []*Table
	Keys   []benchproc.Key

	// Common is the file configuration ("goos: linux", "pkg: …") that
	// every result shares, in the order the keys first appear.
	Common []Config

	// Warnings are problems of the grouping that benchstat passes over
	// in silence: a key of -table, -row or -col that no result has (a
	// typo such as "-col /stratgy" makes one unnamed column), with the
	// keys the results do have. The numbers are benchstat's regardless.
	Warnings []string
}

// Key is a benchproc key: a table's, a row's or a column's.
type Key = benchproc.Key

// A Config is one "key: value" configuration pair.
type Config struct {
	Key, Value string
}

// A Table is a grid of cells of one unit: a row per Row key, a column per
// Col key; every later column is compared with the first (benchstat's
// base). Not every (row, column) pair need have a cell.
type Table struct {
	// Key is the table key; it ends with the ".unit" field.
	Key benchproc.Key

	// Own is the part of the table key that not every result shares
	// (a package, a cpu, a note): what sets this table apart.
	Own []Config

	Unit string

	// Better is +1 when higher values of Unit are better, -1 when lower
	// values are, 0 when unknown; see Better.
	Better int

	Assumption benchmath.Assumption

	// Alpha and Confidence are the Spec's.
	Alpha, Confidence float64

	Rows, Cols []benchproc.Key
	Cells      map[CellKey]*Cell

	// Summary is benchstat's geomean row, one per column.
	Summary map[benchproc.Key]*Summary

	// compared holds the tests of cells against others than their
	// baselines: [2]*Cell{c, ref} → benchmath.Comparison.
	compared sync.Map
}

// CellKey indexes a Table's cells.
type CellKey struct {
	Row, Col benchproc.Key
}

// A Cell is the sample of one (row, column) pair and its statistics.
type Cell struct {
	Sample  *benchmath.Sample
	Summary benchmath.Summary

	// Baseline is the cell of the same row in the first column, or nil
	// (in the first column, or when that cell is missing); Comparison
	// tests this cell against it.
	Baseline   *Cell
	Comparison benchmath.Comparison
}

// Warnings returns the cell's warnings about its sample and summary, and
// about its comparison when it has a baseline.
func (c *Cell) Warnings() []error {
	w := append([]error(nil), c.Sample.Warnings...)
	w = append(w, c.Summary.Warnings...)
	if c.Baseline != nil {
		w = append(w, c.Comparison.Warnings...)
	}
	return w
}

// Significant reports whether the cell differs from its baseline: benchstat
// prints "~" when it does not (P > α, or no baseline).
func (c *Cell) Significant() bool {
	return c.Baseline != nil && !(c.Comparison.P > c.Comparison.Alpha)
}

// A Summary is a cell of benchstat's geomean row.
type Summary struct {
	HasSummary bool
	Summary    float64 // the geomean of the column's medians
	HasRatio   bool
	Ratio      float64 // the geomean of the ratios to the baseline medians
	Warnings   []error
}

// Cell returns the cell at (row, col), or nil.
func (t *Table) Cell(row, col benchproc.Key) *Cell { return t.Cells[CellKey{row, col}] }

// Label returns the label of a row or column key as benchstat prints it.
func Label(k benchproc.Key) string { return k.StringValues() }

// Title returns the table's own configuration as one line, "pkg: x, note:
// y", and its unit: "pkg: encoding/pem · sec/op".
func (t *Table) Title() string {
	parts := make([]string, 0, len(t.Own)+1)
	for _, c := range t.Own {
		parts = append(parts, c.Key+": "+c.Value)
	}
	s := strings.Join(parts, ", ")
	if s != "" {
		s += " · "
	}
	return s + t.Unit
}

// Better returns +1 when higher values of unit are better, -1 when lower
// values are, 0 when unknown: the unit metadata's "better" first, then
// benchstat's defaults (sec/op, B/op, allocs/op lower; B/s higher), then
// any rate (…/s) higher and any other per-operation cost (…/op) lower.
func Better(units benchfmt.UnitMetadataMap, unit string) int {
	if b := units.GetBetter(unit); b != 0 || units.Get(unit, "better") != nil {
		return b
	}
	switch {
	case strings.HasSuffix(unit, "/s"):
		return 1
	case strings.HasSuffix(unit, "/op"):
		return -1
	}
	return 0
}

// summarizeCols computes benchstat's geomean row: per column, the geomean
// of the medians and, for later columns, the geomean of the ratios to the
// baseline's medians.
func (t *Table) summarizeCols() {
	t.Summary = make(map[benchproc.Key]*Summary, len(t.Cols))
	nBase := 0
	for _, row := range t.Rows {
		if t.Cell(row, t.Cols[0]) != nil {
			nBase++
		}
	}
	for i, col := range t.Cols {
		s := &Summary{}
		t.Summary[col] = s
		var summaries, ratios []float64
		badRatio := false
		for _, row := range t.Rows {
			c := t.Cell(row, col)
			if c == nil {
				continue
			}
			summaries = append(summaries, c.Summary.Center)
			if c.Baseline != nil {
				a, b := c.Summary.Center, c.Baseline.Summary.Center
				switch {
				case a == b:
					ratios = append(ratios, 1) // 0/0 counts as 1
				case b == 0:
					badRatio = true
					ratios = append(ratios, 0)
				default:
					ratios = append(ratios, a/b)
				}
			}
		}
		if i > 0 && nBase != len(ratios) {
			s.Warnings = append(s.Warnings, errors.New("benchmark set differs from baseline; geomeans may not be comparable"))
		}
		if gm := stats.GeoMean(summaries); math.IsNaN(gm) {
			s.Warnings = append(s.Warnings, errors.New("summaries must be >0 to compute geomean"))
		} else {
			s.HasSummary, s.Summary = true, gm
		}
		if i > 0 && !badRatio {
			if gm := stats.GeoMean(ratios); math.IsNaN(gm) {
				s.Warnings = append(s.Warnings, errors.New("ratios must be >0 to compute geomean"))
			} else {
				s.HasRatio, s.Ratio = true, gm
			}
		}
	}
}

// A Ratio is the ratio of two medians with an interval.
type Ratio struct {
	// Center is col's median over ref's.
	Center float64

	// Lo and Hi bound the ratio by the table's test inverted at its α
	// (see RatioInterval): the ratios r for which col/r cannot be told
	// from ref. So the interval leaves out 1 exactly when the comparison
	// is significant, as benchstat's "~" says. Lo is 0 or Hi +Inf when
	// the samples are too small to bound that side; for values that are
	// not all positive they are the two medians' intervals combined,
	// [col.Lo/ref.Hi, col.Hi/ref.Lo].
	Lo, Hi float64

	// P is the p-value of the test of col against ref under the table's
	// assumption (Mann–Whitney U by default), and Significant is P ≤ α,
	// benchstat's rule.
	P           float64
	Significant bool
	N1, N2      int
}

// Ratio compares the cell at (row, col) with the cell at (row, ref). ok
// is false when either is missing.
func (t *Table) Ratio(row, col, ref Key) (r Ratio, ok bool) {
	c, b := t.Cell(row, col), t.Cell(row, ref)
	if c == nil || b == nil {
		return Ratio{}, false
	}
	if col == ref {
		return Ratio{Center: 1, Lo: 1, Hi: 1, P: 1, N1: len(c.Sample.Values), N2: len(c.Sample.Values)}, true
	}
	return t.RatioOf(c, b), true
}

// RatioOf compares cell c with cell ref of the same table, which need not
// share a row or a column.
func (t *Table) RatioOf(c, ref *Cell) Ratio {
	r := t.TestOf(c, ref)
	r.Lo, r.Hi = t.IntervalOf(c, ref)
	return r
}

// TestOf is RatioOf without the interval (Lo and Hi are NaN): the ratio
// of the medians and the test, for a caller that computes the interval
// (IntervalOf, the costlier part) of the ratios it shows only.
func (t *Table) TestOf(c, ref *Cell) Ratio {
	r := Ratio{Center: ratio(c.Summary.Center, ref.Summary.Center), Lo: math.NaN(), Hi: math.NaN()}
	cmp := t.compare(c, ref)
	r.P, r.N1, r.N2 = cmp.P, cmp.N1, cmp.N2
	r.Significant = c != ref && !(cmp.P > cmp.Alpha)
	return r
}

// IntervalOf returns the interval of RatioOf(c, ref): see Ratio.
func (t *Table) IntervalOf(c, ref *Cell) (lo, hi float64) {
	if c == ref {
		return 1, 1
	}
	if lo, hi, ok := ratioInterval(ref.Sample, c.Sample, t.Assumption, t.Alpha, func() float64 { return t.compare(c, ref).P }); ok {
		return lo, hi
	}
	lo = ratio(c.Summary.Lo, ref.Summary.Hi)
	hi = ratio(c.Summary.Hi, ref.Summary.Lo)
	if math.IsNaN(lo) || lo < 0 {
		lo = 0
	}
	if math.IsNaN(hi) {
		hi = math.Inf(1)
	}
	return lo, hi
}

// compare tests cell c against cell ref: the cell's own comparison when
// ref is its baseline, else the table's test, remembered for the pair.
func (t *Table) compare(c, ref *Cell) benchmath.Comparison {
	if c.Baseline == ref {
		return c.Comparison
	}
	key := [2]*Cell{c, ref}
	if cmp, ok := t.compared.Load(key); ok {
		return cmp.(benchmath.Comparison)
	}
	cmp := t.Assumption.Compare(ref.Sample, c.Sample)
	t.compared.Store(key, cmp)
	return cmp
}

// ratio returns a/b, with 0/0 = 1 and x/0 = +Inf.
func ratio(a, b float64) float64 {
	switch {
	case a == b:
		return 1
	case b == 0:
		return math.Inf(1)
	}
	return a / b
}
