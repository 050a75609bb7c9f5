package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/concbench/concbench/report"
)

func reportFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	out := fs.String("o", "out", "directory for REPORT.md and the PNG charts")
	return func(_ context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) == 0 {
			return usagef("report: no benchmark files given (usage: concbench report [-o DIR] FILE...)")
		}
		res, err := report.Generate(report.Options{Files: args, OutDir: *out, Warnings: stderr})
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		switch len(res.Charts) {
		case 0:
			fmt.Fprintf(stdout, "wrote %s (no chart applies to these benchmarks)\n", res.Report)
		case 1:
			fmt.Fprintf(stdout, "wrote %s and 1 chart\n", res.Report)
		default:
			fmt.Fprintf(stdout, "wrote %s and %d charts\n", res.Report, len(res.Charts))
		}
		return nil
	}
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
	threshold := thresholdFlag(report.DefaultThreshold)
	fs.Var(&threshold, "threshold", "slowdown that fails the comparison when significant, as 5% or 0.05")
	out := fs.String("o", "out", "directory for compare.png")
	return func(_ context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) != 2 {
			return usagef("compare: want two benchmark files, OLD and NEW, got %d (usage: concbench compare [-threshold 5%%] [-o DIR] OLD NEW)", len(args))
		}
		regs, err := report.CompareRegressions(report.CompareOptions{
			Old: args[0], New: args[1], Threshold: float64(threshold), OutDir: *out, Warnings: stderr,
		}, stdout)
		if err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		if len(regs) > 0 {
			worst := regs[0]
			for _, r := range regs {
				if r.Change > worst.Change {
					worst = r
				}
			}
			return &exitError{code: 1, msg: fmt.Sprintf("compare: %d benchmark(s) significantly slower by more than %s; worst %s: %+.1f%% (p=%.3f)",
				len(regs), threshold.String(), worst.Name, 100*worst.Change, worst.P)}
		}
		return nil
	}
}
