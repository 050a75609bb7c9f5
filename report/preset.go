package report

import (
	"io"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/report/model"
)

// A Preset adds a suite's own sections to the report of its output, on
// top of the engine's tables and charts: the last stage of the pipeline.
// The engine never depends on one; package report/suite is concbench's.
//
// During its one pass over the inputs, the engine asks Claims about every
// result the Spec's filter keeps and groups the claimed ones also under
// the preset's Spec (Input.Claimed); then it calls Part once, and places
// what it returns in REPORT.md.
type Preset interface {
	// Claims reports whether res is the preset's: from its
	// configuration lines, never from its name alone (a user's
	// benchmarks may use any name key). res is reused after Claims
	// returns.
	Claims(res *benchfmt.Result) bool

	// Spec is the grouping of the claimed results that Part reads.
	Spec() model.Spec

	// Part returns what the preset adds to the report of in, which has
	// claimed results; nil adds nothing. Input the preset cannot use is
	// a warning of the Part, never a failed report.
	Part(in *Input) *Part
}

// A Part is what a Preset adds to REPORT.md, each piece in its place.
type Part struct {
	// Notes are caveats shown first, one paragraph each, as plain text.
	Notes []string

	// Summary is markdown shown under "## Summary", before everything
	// else: the findings in a few lines.
	Summary string

	// Body is markdown shown after the machine and its configuration:
	// the preset's sections, each under its own "## " heading.
	Body string

	// Charts are the charts Body shows, drawn by the engine into the
	// output directory with the others.
	Charts []Chart

	// Method lists markdown items added to "## Method".
	Method []string

	// Warnings are listed with the engine's, one line each, plain text.
	Warnings []string

	// Covers reports whether Body's charts already show the benchmark of
	// a row label of the Spec's tables: its table's charts leave it out.
	// nil covers nothing.
	Covers func(label string) bool
}

// A Chart is a chart of the report and the name of its file.
type Chart struct {
	File string                // the file in the output directory: "io-speedup.png"
	Draw func(io.Writer) error // writes the PNG
}
