package report

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/report/gate"
	"github.com/concbench/concbench/report/model"
	"github.com/concbench/concbench/report/parse"
)

// CalibrateOptions configures Calibrate.
type CalibrateOptions struct {
	// A and B are the two sides of an A/A recording: the same code
	// measured twice, interleaved, round by round (see AAFromFiles).
	A, B string

	// Filter is a benchfilter query ("" keeps everything), as benchstat's
	// -filter.
	Filter string

	// Units are the units calibrated; empty: DefaultUnits.
	Units []string

	// Method is the gate's; its Threshold is the one whose false-alarm
	// rate is reported.
	Method gate.Method

	// N is the number of rounds per side of each trial (see gate.AA.Split);
	// 0 is DefaultCalibrateRounds.
	N int

	// Trials is the number of resampled A/A comparisons; Seed fixes them.
	Trials int
	Seed   uint64

	// Warnings receives non-fatal problems, one per line.
	Warnings io.Writer
}

// AAFromFiles reads an A/A recording into the gate's AA: per benchmark and
// unit, each side's values round by round. The rounds are the runner's
// (concbench bench -aa ends each round with a marker naming its pass, and
// a round of A pairs with the round of B measured in the same pass, or of
// the same number in files whose markers name none); in files without
// markers, the i-th value of a benchmark on a side is taken as its value
// of round i (one per round, as testdata/aa records them). Benchmarks in
// only one of the files are left out with a warning.
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
	// sides[s][k][r]: side s's values of benchmark k in round r.
	sides := [2]map[key]map[int][]float64{{}, {}}
	unmarked := [2]map[key]int{{}, {}} // values read without a round, per key
	srcs := parse.Sources([]string{a, b})
	info, err := parse.ScanRounds(srcs, nil, func(res *benchfmt.Result, round int) {
		if ok, _ := f.Apply(res); !ok {
			return
		}
		s := 1
		if res.GetConfig(".file") == srcs[0].Label {
			s = 0
		}
		for _, v := range res.Values {
			if !slices.Contains(units, v.Unit) {
				continue
			}
			k := key{strings.TrimPrefix(string(res.Name.Full()), "Benchmark"), v.Unit}
			if _, ok := sides[0][k]; !ok && s == 0 {
				order = append(order, k)
			}
			if sides[s][k] == nil {
				sides[s][k] = make(map[int][]float64)
			}
			r := round
			if r == 0 {
				unmarked[s][k]++
				r = unmarked[s][k]
			}
			sides[s][k][r] = append(sides[s][k][r], v.Value)
		}
	})
	if err != nil {
		return nil, err
	}
	pairs := aaRounds(info, sides[0], sides[1])
	if len(pairs) == 0 {
		return nil, fmt.Errorf("%s and %s share no round: they were not measured in one run of concbench bench -aa", a, b)
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
		s := gate.Series{Name: k.name, Unit: k.unit, Better: gate.Better(model.Better(info.Units, k.unit))}
		for _, p := range pairs {
			s.A, s.B = append(s.A, sides[0][k][p[0]]), append(s.B, vb[p[1]])
		}
		aa.Series = append(aa.Series, s)
	}
	if len(aa.Series) == 0 {
		return nil, fmt.Errorf("%s and %s have no benchmark in common in %s", a, b, strings.Join(units, ", "))
	}
	return aa, nil
}

// aaRounds returns the rounds of an A/A recording that pair, as (A's
// round, B's round), in A's order: those measured in the same pass of the
// runner (contract.Pass), or, when the markers name no pass, those of the
// same number.
func aaRounds[K comparable](info *parse.Info, a, b map[K]map[int][]float64) [][2]int {
	roundsOf := func(side map[K]map[int][]float64) []int {
		var rs []int
		for _, byRound := range side {
			for r := range byRound {
				if !slices.Contains(rs, r) {
					rs = append(rs, r)
				}
			}
		}
		slices.Sort(rs)
		return rs
	}
	passA, passB := roundPasses(info.Inputs[0].Notes), roundPasses(info.Inputs[1].Notes)
	roundB := make(map[contract.Pass]int)
	for r, p := range passB {
		roundB[p] = r
	}
	inB := roundsOf(b)
	var out [][2]int
	for _, r := range roundsOf(a) {
		p, known := passA[r]
		switch rb, ok := roundB[p]; {
		case known && ok:
			out = append(out, [2]int{r, rb})
		case !known && slices.Contains(inB, r) && passB[r] == (contract.Pass{}):
			out = append(out, [2]int{r, r})
		}
	}
	return out
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
	if r := aa.Rounds(); n > r {
		return nil, fmt.Errorf("%w: -n %d, but the recording has %d rounds of both sides", ErrRounds, n, r)
	}
	if n == 0 {
		n = DefaultCalibrateRounds
		for _, s := range aa.Series {
			n = min(n, max(len(s.A)-1, 1))
		}
	}
	if out := aa.LeaveOutIncomplete(n); len(out) > 0 && opts.Warnings != nil {
		fmt.Fprintf(opts.Warnings, "left out, without a value on a side in %d or more rounds (a trial of %d a side could draw none): %s\n", n, n, strings.Join(out, ", "))
	}
	incomplete := aa.Incomplete()
	if incomplete > 0 && opts.Warnings != nil {
		fmt.Fprintf(opts.Warnings, "%d of %d series (a benchmark in a unit) lack a value in some rounds of a side (runs the runner dropped, or a benchmark missing from a round): their trials use the rounds they have\n", incomplete, len(aa.Series))
	}
	cal, err := gate.Calibrate(aa, n, opts.Method, opts.Trials, opts.Seed)
	if err != nil {
		return nil, err
	}
	if cal.Undecided == 1 {
		// No trial decided: false alarms of 0% and a threshold of 0% would
		// read as a calibrated gate.
		gaps := ""
		if incomplete > 0 {
			gaps = fmt.Sprintf(", or %d series lack values in too many rounds (runs the runner dropped: see the warning above)", incomplete)
		}
		return nil, fmt.Errorf("no trial could decide: %d rounds a side are too few samples for any p-value to pass Holm's level over %d benchmarks%s; record more rounds (make calibrate records 12 a side)", n, len(aa.Series), gaps)
	}
	if cal.Candidates, err = aa.Candidates(n, opts.Method, opts.Trials, opts.Seed); err != nil {
		return nil, err
	}
	cal.Choice, cal.Why = gate.Choose(cal.Candidates, opts.Method.Alpha)
	return cal, nil
}

// DefaultCalibrateRounds is the rounds a side of Calibrate's trials when
// CalibrateOptions.N is 0: make compare's count, or all the recording's
// rounds but one when it has fewer.
const DefaultCalibrateRounds = 10
