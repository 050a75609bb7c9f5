package model

import (
	"fmt"

	"golang.org/x/perf/benchproc"
)

// A Spec says how results are filtered and grouped into tables, rows and
// columns, and which statistics are computed: benchstat's flags of the same
// names, with the same syntax (golang.org/x/perf/benchproc/syntax) and the
// same defaults (DefaultSpec).
type Spec struct {
	// Table, Row and Col are benchproc projections: results are split into
	// tables by distinct values of Table (to which the unit is always
	// added), into rows by Row and into columns by Col.
	Table, Row, Col string

	// Filter is a benchfilter query: only the results (and units) it
	// matches are used. "" or "*" keeps everything.
	Filter string

	// Ignore lists keys left out of every grouping (and of .config).
	Ignore string

	// Alpha is the significance level of the comparisons: a difference
	// is significant when p < Alpha.
	Alpha float64

	// Confidence is the confidence level of the intervals, e.g. 0.95.
	Confidence float64
}

// DefaultSpec is benchstat's default: a table per file configuration (so
// packages and changed configuration lines are never pooled) and unit, a
// row per full benchmark name, a column per input file, α = 0.05 and 95%
// intervals.
var DefaultSpec = Spec{Table: ".config", Row: ".fullname", Col: ".file", Filter: "*", Alpha: 0.05, Confidence: 0.95}

// Validate reports the first problem of s as an error naming its flag.
func (s Spec) Validate() error {
	_, err := s.compile()
	return err
}

// compiled is a Spec parsed into benchproc's filter and projections.
type compiled struct {
	filter                         *benchproc.Filter
	tableBy, rowBy, colBy, residue *benchproc.Projection
	unitField                      *benchproc.Field
}

// compile parses s exactly as benchstat parses its flags: the filter
// first, then -table (with the unit), -row, -col and -ignore through one
// ProjectionParser, whose residue then holds every other key.
func (s Spec) compile() (*compiled, error) {
	if !(s.Alpha >= 0 && s.Alpha <= 1) {
		return nil, fmt.Errorf("-alpha %v: want a level in [0, 1]", s.Alpha)
	}
	if !(s.Confidence >= 0 && s.Confidence <= 1) {
		return nil, fmt.Errorf("-confidence %v: want a level in [0, 1]", s.Confidence)
	}
	filter := s.Filter
	if filter == "" {
		filter = "*"
	}
	c := &compiled{}
	var err error
	if c.filter, err = benchproc.NewFilter(filter); err != nil {
		return nil, fmt.Errorf("-filter: %v", err)
	}
	var p benchproc.ProjectionParser
	if c.tableBy, c.unitField, err = p.ParseWithUnit(s.Table, c.filter); err != nil {
		return nil, fmt.Errorf("-table: %v", err)
	}
	if c.rowBy, err = p.Parse(s.Row, c.filter); err != nil {
		return nil, fmt.Errorf("-row: %v", err)
	}
	if c.colBy, err = p.Parse(s.Col, c.filter); err != nil {
		return nil, fmt.Errorf("-col: %v", err)
	}
	if _, err = p.Parse(s.Ignore, c.filter); err != nil {
		return nil, fmt.Errorf("-ignore: %v", err)
	}
	c.residue = p.Residue()
	return c, nil
}
