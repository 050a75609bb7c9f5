package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"

	"github.com/concbench/concbench/report/changepoint"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/trend"
	"github.com/concbench/concbench/runner"
)

func trendFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	g := newGateFlags(fs, "the gate on the newest run", trend.DefaultUnits, "benchmarks are missing from the newest run")
	minSegment := fs.Int("min-segment", changepoint.DefaultConfig.MinSegment, "fewest runs on each side of a change point")
	seed := fs.Uint64("seed", changepoint.DefaultConfig.Seed, "seed of the permutation tests")
	out := fs.String("o", "out", "directory for TREND.md and trend.png")
	spec := trend.DefaultSpec
	fs.StringVar(&spec.Filter, "filter", spec.Filter, "use only the results this benchfilter query matches, as benchstat's -filter")
	ignore := fs.String("ignore", "", "also ignore variations in these configuration `keys` (comma-separated), besides those concbench bench writes: another harness's per-run stamps, which trend names")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
		if len(args) < 3 {
			return usagef("trend: want three or more benchmark files, oldest first, got %d (two: use concbench compare)", len(args))
		}
		if err := trend.Distinct(args); err != nil {
			return usagef("trend: %v", err)
		}
		if *out == "" {
			return usagef("trend: -o '': want the directory for TREND.md and trend.png")
		}
		method := g.method()
		if err := method.Validate(); err != nil {
			return usagef("trend: %v", err)
		}
		if *ignore != "" {
			own := trend.DefaultSpec
			own.Ignore = *ignore
			if err := own.Validate(); err != nil { // the error names what was typed, not the keys trend adds
				return usagef("trend: %v", err)
			}
			spec.Ignore += "," + *ignore
		}
		if err := spec.Validate(); err != nil {
			return usagef("trend: %v", err)
		}
		if *minSegment < 1 {
			return usagef("trend: -min-segment %d: want 1 or more runs", *minSegment)
		}
		units, err := g.unitList()
		if err != nil {
			return usagef("trend: %v", err)
		}
		// -o is made first: an output directory that cannot be is an error
		// before the analysis is printed, not after.
		_, statErr := os.Stat(*out)
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("trend: creating output directory: %w", err)
		}
		if errors.Is(statErr, iofs.ErrNotExist) {
			defer func() {
				if err != nil {
					os.Remove(*out) // made here and left empty by a failure: removed (a full one stays)
				}
			}()
		}
		res, err := trend.Files(args, trend.FileOptions{
			Options: trend.Options{Method: method, AllowMissing: *g.allowMissing,
				Detect: changepoint.Config{MinSegment: *minSegment, Seed: *seed}},
			Spec: spec, Units: units, Warnings: prefixWriter{stderr, "concbench: trend: "}, History: history(),
		})
		if errors.Is(err, trend.ErrTooFewRuns) || errors.Is(err, trend.ErrStdin) {
			return usagef("trend: %v", err)
		}
		if err != nil {
			return &exitError{code: gate.Undecided.ExitCode(), msg: oneLine("trend: could not decide: " + err.Error())}
		}
		if ctx.Err() != nil { // interrupted: nothing printed or written
			return context.Cause(ctx)
		}
		// The files first: a directory that cannot take them is an error
		// with nothing printed, not a verdict followed by a failure.
		if _, err := res.WriteDir(*out); err != nil {
			return fmt.Errorf("trend: %w", err)
		}
		if err := res.WriteText(stdout); err != nil {
			return err
		}
		line := oneLine(fmt.Sprintf("trend: %s: %s", res.Gate.Decision, res.Gate.Reason))
		if res.Gate.Decision == gate.Pass {
			fmt.Fprintln(stderr, "concbench: "+line)
			return nil
		}
		return &exitError{code: res.Gate.Decision.ExitCode(), msg: line}
	}
}

// history is the first-parent history of the git checkout the command
// runs in, which orders the runs of trend and report's Changes section;
// nil outside a checkout (the files' own lines order them then).
func history() trend.History {
	h, err := runner.OpenHistory(".")
	if err != nil {
		return nil
	}
	return h
}
