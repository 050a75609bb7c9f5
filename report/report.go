// Package report turns Go benchmark output into statistics, charts and a
// REPORT.md, and compares two runs: the stages parse → stats → chart →
// markdown tied together for the concbench command.
//
// Generate writes OutDir/REPORT.md and the charts that have data
// (io-speedup.png, cpu-speedup.png, io-scaling.png, cpu-scaling.png, and
// compare.png when given two or more files; with three or more, a Changes
// section and trend.png from package trend) from benchmark files. Every
// benchmark gets a visible table: those that a group compares with a
// reference (strategy=sequential, check=trial, reduce=mod) in their
// task's section, the others — plain benchmarks such as BenchmarkFoo-8 —
// in a table of their medians; a file of plain benchmarks only gets a
// report and no charts, or only compare.png. Compare prints a
// benchstat-style delta table of two files, draws compare.png, and
// reports whether any benchmark got significantly slower than a
// threshold: the decision behind "concbench compare"'s exit code.
//
// The statistics are benchstat's (see package stats); a test checks them
// against "go tool benchstat" on the same files.
package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/report/internal/atomicfile"
	"github.com/concbench/concbench/report/markdown"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/stats"
	"github.com/concbench/concbench/report/trend"
)

// Options configures Generate.
type Options struct {
	// Files are the inputs, as benchstat takes them: paths, "-" for
	// standard input, "label=path" to name a file's column.
	Files []string

	// Stdin is read for "-"; nil means no standard input.
	Stdin io.Reader

	// OutDir receives REPORT.md and the charts; it is created if needed.
	OutDir string

	// Spec is the grouping and statistics: benchstat's flags. The zero
	// Spec means DefaultSpec: benchstat's default, ignoring the keys
	// concbench bench writes.
	Spec model.Spec

	// Ref is the label of the column the charts compare the others with;
	// "" is the first column, benchstat's base.
	Ref string

	// X is the numeric name key the line charts put on their x axis
	// ("/size", "/workers", "/gomaxprocs" for the -cpu suffix); "" picks
	// one when a table's rows vary in exactly one numeric key.
	X string

	// Warnings receives non-fatal problems, one per line ("file:line:
	// …" for a malformed line); nil discards them. They are also listed
	// at the end of REPORT.md.
	Warnings io.Writer

	// History, if not nil, orders the runs of the Changes section by a
	// repository's first-parent history (trend.Order).
	History trend.History
}

// A Result lists what Generate wrote.
type Result struct {
	Report   string   // the path of REPORT.md
	Charts   []string // the paths of the charts, in the order of the report
	Warnings []string // the warnings, as written to Options.Warnings

	// Tables is the model of the inputs under Options.Spec, for the
	// caller to print in another format.
	Tables *model.Tables
}

// ReportFile is the name of the report in OutDir.
const ReportFile = "REPORT.md"

// Generate reads opts.Files and writes OutDir/REPORT.md and the charts.
// Its errors are one line: a missing, empty, binary or benchmark-less
// input, a bad Spec, no result left by the filter, or a group of
// strategies without its sequential baseline.
func Generate(opts Options) (*Result, error) {
	if opts.OutDir == "" {
		return nil, errors.New("no output directory given")
	}
	in, err := Load(opts.Files, opts.Stdin, opts.Spec)
	if err != nil {
		return nil, err
	}
	a, err := analyze(in.suite, in.suiteTables)
	if err != nil {
		return nil, err
	}
	a.warnings = append(in.warnings(), a.warnings...)
	g := newGeneric(in, opts, a.covers)
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating output directory: %w", unwrapPath(err))
	}
	// The charts are drawn while the trend of three or more runs is
	// analysed: both are CPU-bound, and together they keep every core busy.
	charts := append(a.charts(), g.charts()...)
	cw := newChartWriter(opts.OutDir)
	queued := make(chan struct{})
	go func() {
		defer close(queued)
		cw.draw(charts)
	}()
	changes, changeCharts := trendSection(opts, in, &a.warnings)
	<-queued
	cw.draw(changeCharts)
	if err := cw.wait(); err != nil {
		return nil, err
	}
	charts = append(charts, changeCharts...)
	res := &Result{Report: filepath.Join(opts.OutDir, ReportFile), Warnings: a.warnings, Tables: in.Tables}
	for _, c := range charts {
		res.Charts = append(res.Charts, filepath.Join(opts.OutDir, c.file))
	}
	doc := a.markdown()
	if n := placementNote(in.Info.Inputs); n != "" {
		doc.Notes = append(doc.Notes, n)
	}
	doc.Changes = changes
	doc.Generic = g.markdown(len(doc.Tasks) > 0)
	doc.Machine, doc.Config, doc.Varying = in.machine()
	doc.Runs, doc.Results, doc.Benchmarks, doc.TableCount = in.counts()
	if err := writeFile(res.Report, func(w io.Writer) error { return markdown.Write(w, doc) }); err != nil {
		return nil, fmt.Errorf("writing %s: %w", res.Report, err)
	}
	if opts.Warnings != nil {
		for _, w := range a.warnings {
			fmt.Fprintln(opts.Warnings, w)
		}
	}
	return res, nil
}

// A chartWriter renders charts into a directory, as many at a time as
// there are processors.
type chartWriter struct {
	dir string
	eg  errgroup.Group
}

func newChartWriter(dir string) *chartWriter {
	w := &chartWriter{dir: dir}
	w.eg.SetLimit(runtime.GOMAXPROCS(0))
	return w
}

// draw starts rendering charts; it blocks only while every worker is busy.
func (w *chartWriter) draw(charts []namedChart) {
	for _, c := range charts {
		w.eg.Go(func() error {
			path := filepath.Join(w.dir, c.file)
			if err := writeFile(path, c.draw); err != nil {
				return fmt.Errorf("writing %s: %w", path, err)
			}
			return nil
		})
	}
}

// wait waits for every chart and returns the first error.
func (w *chartWriter) wait() error { return w.eg.Wait() }

// writeFile writes a file atomically (see package atomicfile).
func writeFile(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, write)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// statsOptions are the statistics of the suite's sections: benchstat's
// defaults.
var statsOptions = stats.DefaultOptions
