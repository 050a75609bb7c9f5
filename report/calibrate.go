package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// CalibrateOptions configures Calibrate.
type CalibrateOptions struct {
	// A and B are the two sides of an A/A recording: the same code
	// measured twice, interleaved, one result per benchmark per round.
	A, B string

	// Filter is a benchfilter query ("" keeps everything), as benchstat's
	// -filter.
	Filter string

	// Units are the units calibrated; empty: DefaultUnits.
	Units []string

	// Method is the gate's; its Threshold is the one whose false-alarm
	// rate is reported.
	Method gate.Method

	// N is the number of samples per side of each trial; 0 takes as many
	// as each side has (the runs are split in two disjoint halves).
	N int

	// Trials is the number of resampled A/A comparisons; Seed fixes them.
	Trials int
	Seed   uint64

	// Warnings receives non-fatal problems, one per line.
	Warnings io.Writer
}

// AAFromFiles reads an A/A recording into the gate's AA: per benchmark and
// unit, side A's values in the order of the rounds, then side B's.
// Benchmarks in only one of the files are left out with a warning.
func AAFromFiles(a, b, filter string, units []string, warn io.Writer) (*gate.AA, error) {
	if filter == "" {
		filter = "*"
	}
	f, err := benchproc.NewFilter(filter)
	if err != nil {
		return nil, fmt.Errorf("%w: -filter: %v", ErrSpec, err)
	}
	units = tidyUnits(units)
	type key struct{ name, unit string }
	var order []key
	sides := [2]map[key][]float64{{}, {}}
	srcs := parse.Sources([]string{a, b})
	side := func(res *benchfmt.Result) int {
		if res.GetConfig(".file") == srcs[0].Label {
			return 0
		}
		return 1
	}
	info, err := parse.Scan(srcs, nil, func(res *benchfmt.Result) {
		if ok, _ := f.Apply(res); !ok {
			return
		}
		s := side(res)
		for _, v := range res.Values {
			if !slices.Contains(units, v.Unit) {
				continue
			}
			k := key{strings.TrimPrefix(string(res.Name.Full()), "Benchmark"), v.Unit}
			if _, ok := sides[0][k]; !ok && s == 0 {
				order = append(order, k)
			}
			sides[s][k] = append(sides[s][k], v.Value)
		}
	})
	if err != nil {
		return nil, err
	}
	aa := &gate.AA{}
	for _, k := range order {
		vb, ok := sides[1][k]
		if !ok {
			if warn != nil {
				fmt.Fprintf(warn, "%s (%s) is only in %s: left out\n", k.name, k.unit, a)
			}
			continue
		}
		if model.Better(info.Units, k.unit) == 0 {
			return nil, fmt.Errorf("unit %s has no known direction: add a line \"Unit %s better=higher\" (or lower) to the input", k.unit, k.unit)
		}
		aa.Series = append(aa.Series, gate.Series{Name: k.name, Unit: k.unit, Better: gate.Better(model.Better(info.Units, k.unit)),
			Runs: append(slices.Clone(sides[0][k]), vb...)})
	}
	if len(aa.Series) == 0 {
		return nil, fmt.Errorf("%s and %s have no benchmark in common in %s", a, b, strings.Join(units, ", "))
	}
	return aa, nil
}

// Calibrate resamples the A/A recording opts.A, opts.B (see gate.Calibrate)
// and returns what it says about the gate.
func Calibrate(opts CalibrateOptions) (*gate.Calibration, error) {
	if err := opts.Method.Validate(); err != nil {
		return nil, err
	}
	if opts.A == "" || opts.B == "" {
		return nil, errors.New("calibrate needs the two files of an A/A recording, A and B")
	}
	aa, err := AAFromFiles(opts.A, opts.B, opts.Filter, opts.Units, opts.Warnings)
	if err != nil {
		return nil, err
	}
	n := opts.N
	if n == 0 {
		n = math.MaxInt
		for _, s := range aa.Series {
			n = min(n, len(s.Runs)/2)
		}
	}
	return gate.Calibrate(aa, n, opts.Method, opts.Trials, opts.Seed)
}
