// Command hiccup measures how steady this machine is for benchmarks: how
// often, how long and how hard it runs slow, on which CPUs, and whether a
// short probe next to a benchmark sample sees it. It is the measurement
// behind the runner's machine probe (runner.MachineProbe) and README's
// "How steady the numbers are". Run it on an otherwise idle machine; it
// keeps every CPU busy.
//
//	go run ./bench/hiccup [-alone 60s] [-o FILE] [SECONDS]
//	go run ./bench/hiccup -analyze FILE
//	go run ./bench/hiccup -pingpong [SECONDS]
//
// By default it records for SECONDS (600): a thread pinned to each CPU
// (on linux) runs units of fixed work of three kinds in turn, about 2 ms
// each (package runner/machine: integer arithmetic, math/big squaring
// modulo 2^4423 − 1, a random walk over 16 MiB), and records each unit's
// start and time; /proc/stat's steal is sampled every 100 ms. Phases of
// -alone length alternate: every CPU working, then one CPU working alone
// (sequential code: the others idle), each CPU in turn; -alone 0 keeps
// every CPU working. Then it prints, as markdown tables: the steal; how
// often windows of 50 ms to 1 s are slow on one CPU, any, every one at
// once, and alone; how long slow spells last; how noisy each kind of work
// is; how often a probe of 20–250 ms flags with nothing known to be wrong
// (the table runner.DefaultProbeTime and DefaultProbeBound are chosen
// from); and whether a probe before (or before and after) a sample of
// 250 ms to 4 s catches the slow samples. -o keeps the raw recording, and
// -analyze FILE prints the tables of a recording kept.
//
// With -pingpong two threads hand a token back and forth through one
// atomic word: the round trip between two CPUs, the cost of every handoff
// between goroutines on different CPUs. It prints the median round trip of
// each second, then its percentiles. On a VM it shows where the host
// places the vCPUs, which can change while a benchmark runs.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/concbench/concbench/runner/machine"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hiccup:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: hiccup [-alone 60s] [-o FILE] [SECONDS] | hiccup -analyze FILE | hiccup -pingpong [SECONDS]")

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hiccup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pingpong := fs.Bool("pingpong", false, "measure the round trip between two CPUs instead")
	alone := fs.Duration("alone", time.Minute, "length of the phases, every other one with one CPU working alone; 0: every CPU always")
	out := fs.String("o", "", "write the raw recording to this file")
	analyzeFile := fs.String("analyze", "", "print the tables of a raw recording instead of recording")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	secs := 600
	if *pingpong {
		secs = 60
	}
	switch n, err := strconv.Atoi(fs.Arg(0)); {
	case fs.NArg() > 1 || (*analyzeFile != "" && fs.NArg() > 0) || *alone < 0:
		return errUsage
	case fs.NArg() == 1 && (err != nil || n < 2):
		return fmt.Errorf("%q: want a number of seconds, 2 or more: %w", fs.Arg(0), errUsage)
	case fs.NArg() == 1:
		secs = n
	}
	d := time.Duration(secs) * time.Second
	switch {
	case *pingpong:
		roundTrips(stdout, d)
		return nil
	case *analyzeFile != "":
		f, err := os.Open(*analyzeFile)
		if err != nil {
			return err
		}
		defer f.Close()
		r, err := read(f, *analyzeFile)
		if err != nil {
			return err
		}
		analyze(r).report(stdout)
		return nil
	}
	fmt.Fprintf(stderr, "hiccup: recording for %v on CPUs %v; keep the machine otherwise idle\n", d, machine.CPUs())
	r := record(d, *alone)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		werr := r.write(f)
		if err := f.Close(); werr == nil {
			werr = err
		}
		if werr != nil {
			return fmt.Errorf("writing %s: %v", *out, werr)
		}
	}
	analyze(r).report(stdout)
	return nil
}

// roundTrips hands a token between two threads for d (see
// machine.RoundTrips, the probe concbench bench runs before each round)
// and prints the median round trip of each second and the percentiles of
// 100 ms windows.
func roundTrips(w io.Writer, d time.Duration) {
	var windows []float64 // ns per round trip in each 100 ms window
	for _, rt := range machine.RoundTrips(d, 100*time.Millisecond) {
		windows = append(windows, float64(rt.Nanoseconds()))
	}
	fmt.Fprintln(w, "median round trip of each second, ns:")
	for i := 0; i+10 <= len(windows); i += 10 {
		fmt.Fprintf(w, "%4.0f", slices.Sorted(slices.Values(windows[i : i+10]))[5])
		if (i/10+1)%20 == 0 {
			fmt.Fprintln(w)
		}
	}
	s := slices.Sorted(slices.Values(windows))
	q := func(p float64) float64 { return s[int(p*float64(len(s)-1))] }
	fmt.Fprintf(w, "\nround trip per 100 ms window, ns: p5 %.0f, p25 %.0f, median %.0f, p75 %.0f, p95 %.0f\n", q(0.05), q(0.25), q(0.5), q(0.75), q(0.95))
}
