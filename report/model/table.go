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

	"github.com/concbench/concbench/report/parse"
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
	Common []parse.Config

	// Warnings are problems of the grouping that benchstat passes over
	// in silence: a key of -table, -row or -col that no result has (a
	// typo such as "-col /stratgy" makes one unnamed column), with the
	// keys the results do have. The numbers are benchstat's regardless.
	// The last may be a note on time samples split by their op count
	// (singleOpNote).
	Warnings []string
}

// Key is a benchproc key: a table's, a row's or a column's.
type Key = benchproc.Key

// A Table is a grid of cells of one unit: a row per Row key, a column per
// Col key; every later column is compared with the first (benchstat's
// base). Not every (row, column) pair need have a cell.
type Table struct {
	// Key is the table key; it ends with the ".unit" field.
	Key benchproc.Key

	// Own is the part of the table key that not every result shares
	// (a package, a cpu, a note): what sets this table apart.
	Own []parse.Config

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

	// Measured holds the cell's values in the order they were read, each
	// with the round it was measured in (see parse.ScanRounds), which the
	// sorted Sample has lost: what a comparison of the pairs measured in
	// one round needs. It is nil when no value has a round (the input has
	// no round markers).
	Measured []Measurement
}

// A Measurement is one value of a cell and the round it was measured in;
// Round is 0 for a value outside the runner's rounds.
type Measurement struct {
	Value float64
	Round int
}

// InRound returns the cell's values measured in round r, in the order
// read; none when the cell has no rounds.
func (c *Cell) InRound(r int) []float64 {
	var out []float64
	for _, m := range c.Measured {
		if m.Round == r {
			out = append(out, m.Value)
		}
	}
	return out
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

// Title returns the table's own configuration as one line, pkg first
// ("pkg: x, note: y"), and its unit: "pkg: encoding/pem · sec/op".
func (t *Table) Title() string {
	parts := make([]string, 0, len(t.Own)+1)
	for _, c := range t.Own {
		if c.Key == "pkg" { // the key readers know a table by, first
			parts = append([]string{c.Key + ": " + c.Value}, parts...)
			continue
		}
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
// any rate (…/s) higher and any other per-operation cost (…/op) lower,
// then a latency or a peak lower: a unit whose numerator has the word
// "latency" or "peak" (words split at "-" as benchunit splits them), as
// the Go performance dashboard names its costs (p99-latency-ns, tidied to
// p99-latency-sec; peak-RSS-bytes) and fanout.Benchmark its per-piece
// units (peak-goroutines), so that they keep their direction in an input
// without their "Unit … better=lower" lines.
func Better(units benchfmt.UnitMetadataMap, unit string) int {
	if b := units.GetBetter(unit); b != 0 || units.Get(unit, "better") != nil {
		return b
	}
	switch {
	case strings.HasSuffix(unit, "/s"):
		return 1
	case strings.HasSuffix(unit, "/op"):
		return -1
	case costWord(unit):
		return -1
	}
	return 0
}

// costWord reports whether the numerator of unit has the word "latency"
// or "peak".
func costWord(unit string) bool {
	num, _, _ := strings.Cut(unit, "/")
	for _, w := range strings.FieldsFunc(num, func(r rune) bool { return r == '-' || r == '*' || r == ' ' }) {
		if w == "latency" || w == "peak" {
			return true
		}
	}
	return false
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
