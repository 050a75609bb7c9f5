// Package report is the engine of concbench's report: it turns any Go
// benchmark output into REPORT.md and charts, and compares runs. It knows
// no suite. Its pipeline, one package per stage:
//
//   - parse reads the inputs (files, standard input, "go test -json"), as
//     benchstat does, in one pass;
//   - model groups the results into benchstat's tables (-table, -row,
//     -col, -filter, -ignore) with benchmath's statistics, the numbers of
//     "go tool benchstat" on the same flags (a test checks them);
//   - view prints those tables (text, markdown, csv, json), and chart
//     draws them (a ratio chart per table, a line chart along a numeric
//     key); gate decides a comparison of two runs, and trend follows
//     three or more (change points, with changepoint);
//   - a Preset, such as package report/suite, adds sections of its own
//     to the output it claims.
//
// Generate runs the whole pipeline and writes OutDir/REPORT.md with the
// charts that have data: what the inputs are and share, the preset's
// sections, with three or more runs a Changes section and trend.png
// (package trend), and every table of the model with its charts. Compare
// prints a benchstat-style delta table of two files, draws compare.png,
// and decides with the gate whether any benchmark got significantly
// slower than a threshold: "concbench compare"'s exit code. Calibrate
// measures the gate on an A/A recording.
package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/concbench/concbench/internal/atomicfile"
	"github.com/concbench/concbench/report/model"
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

	// Preset adds its sections to the output it claims; nil gives the
	// engine's report only.
	Preset Preset

	// History, if not nil, orders the runs of the Changes section by a
	// repository's first-parent history (trend.Order).
	History trend.History

	// Context, if not nil, stops the report when done: reading stops, no
	// chart is drawn after, and nothing of OutDir is replaced.
	Context context.Context
}

// context returns opts.Context, or context.Background() when nil.
func (opts Options) context() context.Context { return orBackground(opts.Context) }

// orBackground returns ctx, or context.Background() when ctx is nil: the
// Context of Options and CompareOptions may be left out.
func orBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
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
// input, a bad Spec, no result left by the filter, a file it could not
// write, or opts.Context's cause. Every file is written beside its place
// and put there only once the whole report is written: after an error,
// OutDir holds the report it held before, whole.
func Generate(opts Options) (*Result, error) {
	if opts.OutDir == "" {
		return nil, errors.New("no output directory given")
	}
	in, err := Load(opts)
	if err != nil {
		return nil, err
	}
	part := &Part{}
	if opts.Preset != nil && in.Claimed != nil {
		if p := opts.Preset.Part(in); p != nil {
			part = p
		}
	}
	warnings := append(in.warnings(), part.Warnings...)
	g := newGeneric(in, opts, part.Covers)
	warnings = append(warnings, g.flagWarnings()...)
	warnings = append(warnings, g.disjointWarnings()...)
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating output directory: %w", unwrapPath(err))
	}
	// The charts are drawn (one at a time, each encoded while the next is
	// drawn) while the trend of three or more runs is analysed and the
	// markdown is written: all are CPU-bound, and together they keep the
	// cores busy.
	charts := append(slices.Clone(part.Charts), g.charts()...)
	ctx := opts.context()
	batch := &atomicfile.Batch{}
	defer batch.Abort()
	cw := newChartWriter(ctx, opts.OutDir, batch)
	cw.draw(charts)
	changes, changeCharts := trendSection(opts, in, &warnings)
	cw.draw(changeCharts)
	doc := &document{Part: part, Changes: changes, Tables: g.markdown(part.Body != ""), Warnings: warnings, RatioCharts: g.ratioCharts > 0}
	if err := cw.wait(); err != nil {
		return nil, err
	}
	charts = append(charts, changeCharts...)
	res := &Result{Report: filepath.Join(opts.OutDir, ReportFile), Warnings: warnings, Tables: in.Tables}
	for _, c := range charts {
		res.Charts = append(res.Charts, filepath.Join(opts.OutDir, c.File))
	}
	for _, n := range []string{placementNote(in.Info.Inputs), remeasuredNote(in.Info.Inputs), unsteadyNote(in.Info.Inputs)} {
		if n != "" {
			doc.Notes = append(doc.Notes, n)
		}
	}
	doc.Machine, doc.Config, doc.Varying = in.machine()
	doc.Runs, doc.Results, doc.Benchmarks, doc.TableCount = in.counts()
	if err := batch.Write(res.Report, doc.write); err != nil {
		return nil, fmt.Errorf("writing %s: %w", res.Report, unwrapPath(err))
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	if err := atomicfile.CheckOwn(opts.OutDir); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	if err := batch.Commit(); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	if err := ownDir(opts.OutDir, res); err != nil {
		return nil, err
	}
	if opts.Warnings != nil {
		for _, w := range warnings {
			fmt.Fprintln(opts.Warnings, w)
		}
	}
	return res, nil
}

// A chartWriter renders charts into a directory, as many at a time as
// there are processors (package chart draws one at a time and encodes
// the others meanwhile), in goroutines of its own: its caller goes on with
// the trend and the markdown.
type chartWriter struct {
	dir     string
	batches chan []Chart
	queued  chan struct{}
	eg      errgroup.Group
}

// newChartWriter returns a chartWriter that writes into batch, and draws
// no chart once ctx is done.
func newChartWriter(ctx context.Context, dir string, batch *atomicfile.Batch) *chartWriter {
	w := &chartWriter{dir: dir, batches: make(chan []Chart, 2), queued: make(chan struct{})}
	w.eg.SetLimit(runtime.GOMAXPROCS(0))
	go func() {
		defer close(w.queued)
		for charts := range w.batches {
			for _, c := range charts {
				w.eg.Go(func() error {
					if ctx.Err() != nil {
						return context.Cause(ctx)
					}
					path := filepath.Join(w.dir, c.File)
					if err := batch.Write(path, c.Draw); err != nil {
						return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
					}
					return nil
				})
			}
		}
	}()
	return w
}

// draw queues charts to be drawn after those queued before. It blocks only
// while the queue's two places hold batches not yet taken.
func (w *chartWriter) draw(charts []Chart) { w.batches <- charts }

// wait waits for every chart and returns the first error.
func (w *chartWriter) wait() error {
	close(w.batches)
	<-w.queued
	return w.eg.Wait()
}

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
