package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/concbench/concbench/report"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/suite"
	"github.com/concbench/concbench/report/view"
	"github.com/concbench/concbench/runner"
	"github.com/concbench/concbench/runner/bisect"
	"github.com/concbench/concbench/runner/profdiff"
)

func reportFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	out := fs.String("o", "out", "directory for REPORT.md and the PNG charts (with -format, only when given)")
	spec := specFlags(fs)
	ref := fs.String("ref", "", "the `column` the charts compare the others with (default the first, benchstat's base)")
	x := fs.String("x", "", "the numeric name `key` the line charts put on their x axis, such as /size or /gomaxprocs (default: the one a table varies in)")
	format := fs.String("format", "", "print the tables to standard output in `format`: text, md, csv or json; REPORT.md and the charts only with -o")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) == 0 {
			return usagef("report: no benchmark files given (usage: concbench report [flags] FILE... ; - reads standard input)")
		}
		s := spec()
		if err := s.Validate(); err != nil {
			return usagef("report: %v", err)
		}
		var f view.Format
		if *format != "" {
			var err error
			if f, err = view.ParseFormat(*format); err != nil {
				return usagef("report: %v", err)
			}
		}
		if *out == "" {
			return usagef("report: -o '': want the directory for REPORT.md and the charts (with -format and no -o, the tables alone)")
		}
		limitMemory(args)
		if f != "" && !given(fs, "o") { // the tables alone, as benchstat prints them
			ts, err := report.Tables(ctx, args, os.Stdin, s, stderr)
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
			if err := view.Write(stdout, stderr, ts, f); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			return nil
		}
		res, err := report.Generate(report.Options{Files: args, Stdin: os.Stdin, OutDir: *out, Spec: s, Ref: *ref, X: *x, Warnings: stderr, Preset: suite.Preset, History: history(), Context: ctx})
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		summary := stdout
		if f != "" {
			if err := view.Write(stdout, stderr, res.Tables, f); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			summary = stderr
		}
		line := fmt.Sprintf("wrote %s and %d charts", res.Report, len(res.Charts))
		switch len(res.Charts) {
		case 0:
			line = fmt.Sprintf("wrote %s (no chart applies to these benchmarks)", res.Report)
		case 1:
			line = fmt.Sprintf("wrote %s and 1 chart", res.Report)
		}
		if _, err := fmt.Fprintln(summary, line); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		return nil
	}
}

// given reports whether the flag name was set on the command line.
func given(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// thresholdFlag is a relative change: "5%" or "0.05".
type thresholdFlag float64

func (t *thresholdFlag) String() string {
	return strconv.FormatFloat(float64(*t)*100, 'g', -1, 64) + "%"
}

// Set reads "5%" or "0.05". A bare number of 1 or more is refused rather
// than read as 100% or more: "-threshold 5" almost surely meant 5%, and
// reading it as 500% would silently switch the gate off.
func (t *thresholdFlag) Set(s string) error {
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		return fmt.Errorf("%q is not a percentage (5%%) or a fraction (0.05)", s)
	}
	switch {
	case pct:
		v /= 100
	case v >= 1:
		return fmt.Errorf("%q is ambiguous: write %s%% for a percentage, or a fraction below 1", s, s)
	}
	if !(v >= 0 && v < 100) {
		return fmt.Errorf("%q is out of range", s)
	}
	*t = thresholdFlag(v)
	return nil
}

func compareFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	g := newGateFlags(fs, "the whole comparison", report.DefaultUnits, "benchmarks of OLD are missing from NEW")
	format := fs.String("format", "text", "output: text, md (a pull-request comment) or json (every verdict with its numbers)")
	out := fs.String("o", "out", "directory for compare.png; empty for no chart")
	spec := report.DefaultCompareSpec
	fs.StringVar(&spec.Table, "table", spec.Table, "split results into tables by these keys, as benchstat's -table")
	fs.StringVar(&spec.Row, "row", spec.Row, "split results into rows by these keys, as benchstat's -row")
	fs.StringVar(&spec.Col, "col", spec.Col, "split results into columns by these keys, as benchstat's -col: the first two are OLD and NEW")
	fs.StringVar(&spec.Filter, "filter", spec.Filter, "use only the results this benchfilter query matches, as benchstat's -filter")
	fs.StringVar(&spec.Ignore, "ignore", spec.Ignore, "ignore variations in these keys, as benchstat's -ignore")
	pair := fs.String("pair", gate.DefaultPairing.String(), "the test of a benchmark whose OLD and NEW were measured in the same rounds of one concbench bench run: unpaired (Mann–Whitney U), t, wilcoxon or signflip (of the log ratios of the pairs measured in the same round)")
	calibrate := fs.Bool("calibrate", false, "read OLD and NEW as an A/A recording: print each benchmark's noise, the smallest threshold that holds -alpha, and each -pair test's false alarms and power")
	n := fs.Int("n", 0, "with -calibrate: rounds per side of each resampled comparison (0: 10, or all of the recording's rounds but one when it has fewer)")
	trials := fs.Int("trials", 1000, "with -calibrate: resampled A/A comparisons")
	seed := fs.Uint64("seed", 1, "with -calibrate: the seed of the resampling")
	profile := fs.Bool("profile", false, "for files of concbench bench, run inside their repository: CPU profiles of the slower benchmarks at both commits, the functions whose time grew most (into -o/profiles)")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) != 2 {
			return usagef("compare: want two benchmark files, OLD and NEW, got %d (usage: concbench compare [flags] OLD NEW)", len(args))
		}
		switch {
		case *calibrate && (args[0] == "-" || args[1] == "-"):
			return usagef("compare -calibrate: want the two files of an A/A recording, not standard input")
		case args[0] == "-" && args[1] == "-":
			return usagef("compare: standard input (-) can be OLD or NEW, not both")
		}
		for _, f := range []string{"n", "trials", "seed"} {
			if !*calibrate && given(fs, f) {
				return usagef("compare: -%s is a flag of -calibrate", f)
			}
		}
		write, ok := map[string]func(*gate.Result, io.Writer) error{
			"text": (*gate.Result).WriteText, "md": (*gate.Result).WriteMarkdown, "json": (*gate.Result).WriteJSON,
		}[*format]
		if !ok {
			return usagef("compare: -format %q: want text, md or json", *format)
		}
		method := g.method()
		p, err := gate.ParsePairing(*pair)
		if err != nil {
			return usagef("compare: -pair: %v", err)
		}
		method.Pairing = p
		if err := method.Validate(); err != nil {
			return usagef("compare: %v", err)
		}
		if err := spec.Validate(); err != nil {
			return usagef("compare: %v", err)
		}
		unitList, err := g.unitList()
		if err != nil {
			return usagef("compare: %v", err)
		}
		if *calibrate {
			return runCalibrate(ctx, report.CalibrateOptions{A: args[0], B: args[1], Filter: spec.Filter, Units: unitList,
				Method: method, N: *n, Trials: *trials, Seed: *seed, Warnings: stderr}, stdout)
		}
		res, err := report.Compare(report.CompareOptions{
			Old: args[0], New: args[1], Stdin: os.Stdin, Spec: spec, Units: unitList, Method: method,
			AllowMissing: *g.allowMissing, OutDir: *out, Warnings: stderr, Context: ctx,
		})
		if errors.Is(err, report.ErrSpec) {
			return usagef("compare: %v", err)
		}
		if err != nil {
			return &exitError{code: gate.Undecided.ExitCode(), msg: oneLine("compare: could not decide: " + err.Error())}
		}
		if *profile && *out == "" {
			return usagef("compare: -profile needs -o, the directory for the profiles")
		}
		if err := write(res, stdout); err != nil {
			return err
		}
		if *profile {
			w := stdout
			if *format == "json" {
				w = stderr // keep standard output one JSON document
			}
			if err := compareProfile(ctx, args[0], args[1], method, filepath.Join(*out, "profiles"), *format == "md", w); err != nil {
				return err
			}
		}
		line := oneLine("compare: " + res.Decision.String() + ": " + res.Reason)
		if res.Decision == gate.Pass {
			fmt.Fprintln(stderr, "concbench: "+line)
			return nil
		}
		return &exitError{code: res.Decision.ExitCode(), msg: line}
	}
}

// runCalibrate prints the calibration of an A/A recording.
func runCalibrate(ctx context.Context, opts report.CalibrateOptions, stdout io.Writer) error {
	if opts.Trials < 1 || opts.N < 0 {
		return usagef("compare -calibrate: want -trials ≥ 1 and -n ≥ 0")
	}
	cal, err := report.Calibrate(opts)
	if errors.Is(err, report.ErrSpec) || errors.Is(err, report.ErrRounds) {
		return usagef("compare -calibrate: %v", err)
	}
	if err != nil {
		return &exitError{code: gate.Undecided.ExitCode(), msg: oneLine("compare -calibrate: " + err.Error())}
	}
	if ctx.Err() != nil { // interrupted: the trials ran on, but are not printed
		return context.Cause(ctx)
	}
	return cal.WriteText(stdout)
}

// limitMemory sets a soft memory limit for a report on files (unless
// $GOMEMLIMIT sets one): four times their size, and at least 24 MiB. The
// model of the results stays a fraction of the input's size, but the
// markdown, the trend and the PNG encoders make garbage of their own, and
// without a limit the heap doubles over the live data before each
// collection. On the first ten of golang.org/x/perf's benchseries files
// (4.5 MB) the limit cuts the peak RSS from 46 to 34 MB for about a tenth
// more time; at 20 MiB the collector runs so often that the report takes
// a third longer for 2 MB less. It is soft: above it the runtime collects
// more often (at most half the CPU), it never fails.
func limitMemory(files []string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var size int64
	for _, f := range files {
		_, path, ok := strings.Cut(f, "=")
		if !ok {
			path = f
		}
		if fi, err := os.Stat(path); err == nil {
			size += fi.Size()
		}
	}
	debug.SetMemoryLimit(max(24<<20, 4*size))
}

// compareProfile profiles the benchmarks of NEW that got slower than in
// OLD (else the one that grew most), both files of concbench bench, at
// their two commits, and writes where the time grew (markdown when md).
func compareProfile(ctx context.Context, oldPath, newPath string, m gate.Method, dir string, md bool, w io.Writer) error {
	var hs [2]*runner.Header
	for i, p := range []string{oldPath, newPath} {
		h, err := runner.ReadHeader(p)
		if err != nil {
			return usagef("compare: -profile: %v", err)
		}
		hs[i] = h
	}
	benches, note, err := bisect.SlowerBenches(oldPath, newPath, m)
	if err != nil {
		return fmt.Errorf("compare: -profile: %w", err)
	}
	if note != "" {
		fmt.Fprintln(w, note)
	}
	if len(benches) == 0 {
		return nil
	}
	d, err := profdiff.Take(ctx, profdiff.Config{Base: hs[0].Commit, New: hs[1].Commit, Packages: hs[0].Packages, Args: hs[0].Args, Benches: benches, OutDir: dir})
	if err != nil {
		return fmt.Errorf("compare: -profile: %w", err)
	}
	if md {
		fmt.Fprintln(w)
		return d.WriteMarkdown(w)
	}
	return d.WriteText(w)
}
