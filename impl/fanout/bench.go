package fanout

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/concbench/concbench/contract"
)

// A ConfigLine is a benchfmt configuration line, "key: value". A key
// starts with a lower-case letter and holds no space or upper-case letter.
type ConfigLine struct {
	Key, Value string
}

// BenchOptions say which strategies Benchmark runs and what it prints. The
// zero value runs every strategy of Strategies but ratelimit, those with
// workers at GOMAXPROCS workers.
type BenchOptions struct {
	// Strategies are the strategies to run, in order; nil means
	// Strategies. Sequential, the reference of every speedup, is added in
	// front if missing.
	Strategies []Strategy

	// Workers, if set, is a sweep: every strategy with workers runs once
	// per count, as strategy=pool/workers=1, …/workers=2, and so on.
	// Otherwise each runs once with its own count (zero: GOMAXPROCS when
	// Benchmark is called).
	Workers []int

	// Floor is the least time one piece takes, if the job has one (the
	// latency of the service each piece calls). It is printed as the
	// piece-floor configuration line; it changes nothing in the runs.
	// Negative is an error.
	Floor time.Duration

	// Rate, in pieces started per second, and Burst, in pieces, pace a
	// RateLimit strategy that has no rate of its own. Zero means none; a
	// negative or NaN Rate, or a negative Burst, is an error. The default
	// plan (Strategies nil) leaves RateLimit out without a rate: without
	// one it is Pool. A RateLimit given in Strategies with no rate from
	// either is an error, as is one whose own Rate is negative or NaN.
	Rate  float64
	Burst int

	// Config holds more configuration lines to print before the results:
	// whatever describes the job ("image-size: 1024x768"). A key that
	// Benchmark writes itself (numcpu, pieces, piece-floor, piece-rate,
	// piece-burst) or go test does (goos, goarch, pkg, cpu) is an error,
	// as is a control character (a newline) in a key or a value.
	Config []ConfigLine

	// NoPieceMetrics turns off the per-piece metrics (see Benchmark):
	// recording them costs about 30 ns per piece in sequential code and
	// 30–60 ns under the concurrent strategies, which shows in the time of
	// a job whose pieces take well under a microsecond.
	NoPieceMetrics bool

	// Out receives the configuration lines; nil means os.Stdout, where
	// go test writes the results.
	Out io.Writer
}

// Plan returns the strategies Benchmark runs, in order, each with its
// worker count set, so that its label names exactly what it runs. It
// reports an error for a nil strategy, a worker count below one, a
// strategy given twice, a RateLimit given without a rate, a negative
// Floor, Rate or Burst, or a malformed configuration line (see the fields
// of BenchOptions).
func (o BenchOptions) Plan() ([]Strategy, error) {
	ss := o.Strategies
	if ss == nil {
		ss = Strategies
	}
	if i := slices.Index(ss, nil); i >= 0 {
		return nil, fmt.Errorf("fanout: BenchOptions.Strategies[%d] is nil", i)
	}
	if !slices.ContainsFunc(ss, func(s Strategy) bool { return s.Name() == "sequential" }) {
		ss = append([]Strategy{Sequential{}}, ss...)
	}
	for _, w := range o.Workers {
		if w < 1 || w > MaxWorkers {
			return nil, fmt.Errorf("fanout: worker count %d: want 1 to %d", w, MaxWorkers)
		}
	}
	if err := o.checkNumbers(); err != nil {
		return nil, err
	}
	for _, c := range o.Config {
		if err := checkConfig(c); err != nil {
			return nil, err
		}
	}
	var plan []Strategy
	seen := make(map[string]bool)
	for _, s := range ss {
		if rl, ok := s.(RateLimit); ok {
			if !o.paced(&rl) {
				if o.Strategies == nil {
					continue // the default plan: ratelimit only with a rate
				}
				return nil, fmt.Errorf("fanout: ratelimit has no rate (%g): set RateLimit.Rate or BenchOptions.Rate to pieces per second > 0", rl.Rate)
			}
			if rl.Burst < 0 {
				return nil, fmt.Errorf("fanout: ratelimit burst %d: want ≥ 0 pieces", rl.Burst)
			}
			s = rl
		}
		counts := o.Workers
		if n, ok := Workers(s); !ok {
			counts = []int{0}
		} else if counts == nil {
			counts = []int{n}
		}
		for _, w := range counts {
			if w > 0 {
				s, _ = WithWorkers(s, w)
			}
			l := Label(s)
			if seen[l] {
				return nil, fmt.Errorf("fanout: %s twice in the plan", l)
			}
			seen[l] = true
			plan = append(plan, s)
		}
	}
	return plan, nil
}

// checkNumbers checks Floor, Rate and Burst.
func (o BenchOptions) checkNumbers() error {
	switch {
	case o.Floor < 0:
		return fmt.Errorf("fanout: BenchOptions.Floor %v: want a duration ≥ 0", o.Floor)
	case o.Rate < 0 || math.IsNaN(o.Rate):
		return fmt.Errorf("fanout: BenchOptions.Rate %g: want pieces per second ≥ 0", o.Rate)
	case o.Burst < 0:
		return fmt.Errorf("fanout: BenchOptions.Burst %d: want pieces ≥ 0", o.Burst)
	}
	return nil
}

// paced gives rl the options' Rate and Burst if it has no rate of its
// own, and reports whether it has a rate then. A rate of its own that is
// negative or NaN is none.
func (o BenchOptions) paced(rl *RateLimit) bool {
	if rl.Rate == 0 {
		rl.Rate, rl.Burst = o.Rate, o.Burst
	}
	return rl.Limited()
}

// benchmarkKeys are the configuration keys Benchmark writes itself.
var benchmarkKeys = []string{contract.NumCPU, contract.JobPieces, contract.JobFloor, contract.JobRate, contract.JobBurst}

// testingKeys are the configuration keys go test writes before the
// results: a line of the same key would stand for the machine or the
// package the results came from.
var testingKeys = []string{"goos", "goarch", "pkg", "cpu"}

// checkConfig checks a configuration line of BenchOptions.Config.
func checkConfig(c ConfigLine) error {
	switch {
	case slices.Contains(benchmarkKeys, c.Key):
		return fmt.Errorf("fanout: config key %s is written by Benchmark", c.Key)
	case slices.Contains(testingKeys, c.Key):
		return fmt.Errorf("fanout: config key %s is written by go test", c.Key)
	case strings.ContainsFunc(c.Key+c.Value, unicode.IsControl):
		return fmt.Errorf("fanout: configuration line %q: a control character in a key or value", c.Key+": "+c.Value)
	case !validKey(c.Key) || c.Value == "":
		return fmt.Errorf("fanout: configuration line %q: want a lower-case key without spaces and a value", c.Key+": "+c.Value)
	}
	return nil
}

// validKey reports whether k is a benchfmt configuration key.
func validKey(k string) bool {
	if k == "" || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for _, r := range k {
		if r == ':' || r == ' ' || r == '\t' || r == '\n' || ('A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

// Benchmark measures a job of n pieces under every strategy of the plan
// (see BenchOptions.Plan). Call it from a benchmark of your own:
//
//	func BenchmarkFetch(b *testing.B) {
//		fanout.Benchmark(b, len(urls), func(ctx context.Context, i int) error {
//			return fetch(ctx, urls[i])
//		}, fanout.BenchOptions{Workers: []int{1, 2, 4, 8, 16, 32}, Floor: 20 * time.Millisecond})
//	}
//
// Each strategy is a sub-benchmark named by its label,
// BenchmarkFetch/strategy=pool/workers=8, timing one run of the whole job
// per op. Beside sec/op it reports, per op (one run):
//
//   - pieces/s, the job's throughput;
//   - B/op and allocs/op (b.ReportAllocs): what one run allocates, the
//     pieces' own allocations included;
//   - p50-latency-ns, p99-latency-ns and max-latency-ns: percentiles of a
//     piece's latency, from the start of its run (the job's start) until
//     the piece returns, over every piece of the sample's runs (of its
//     last runs, for a sample of more than 32,768 pieces). That is how long
//     a user of the job waits for one piece: sequential's median is half
//     the job, goroutines' one piece. benchfmt reads them as seconds
//     (p50-latency-sec …);
//   - peak-goroutines: the goroutines a run added at its peak, beyond
//     those alive before the first run, mean over the runs: a pool of 8
//     starts 8, goroutines one per piece, sequential none of its own. The
//     count is the process's, so the goroutines the pieces start count
//     too (an HTTP client's connections add some under every strategy,
//     sequential included), and so do goroutines that have finished their
//     piece but not yet exited: errgroup's, for pieces of microseconds,
//     can be several times its limit. See Recorder for how it is sampled.
//
// The per-piece metrics cost about 30 ns per piece in sequential code and
// 30–60 ns under the concurrent strategies (a clock reading and
// runtime.NumGoroutine as each piece returns; nothing allocated in the
// timed loop); BenchOptions.NoPieceMetrics turns them off. A piece's error
// (other than a throttle signal, under Adaptive) fails the sub-benchmark
// with one line that names the strategy and the piece:
// "strategy=pool/workers=2: piece 42: disk full". A nil piece, a negative
// n or a bad plan (see BenchOptions.Plan) fails the benchmark.
//
// Before the results, Benchmark prints the configuration lines numcpu,
// pieces, piece-floor (if Floor is set), piece-rate and piece-burst (if a
// rate is set) and BenchOptions.Config, and a unit metadata line for each
// per-piece unit saying that lower is better ("Unit p99-latency-ns
// better=lower", for benchstat and concbench report); after them it unsets
// the job's configuration lines, so they apply to its results only. Then
//
//	go test -run '^$' -bench . -count 10 > bench.txt
//	concbench report -o out bench.txt
//
// gives each strategy's speedup over sequential with its interval, and
// its latencies, goroutines and allocations.
func Benchmark(b *testing.B, n int, piece Piece, opts BenchOptions) {
	b.Helper()
	if err := checkRun(n, piece); err != nil {
		b.Fatal(err)
	}
	plan, err := opts.Plan()
	if err != nil {
		b.Fatal(err)
	}
	out := opts.Out
	if out == nil {
		out = os.Stdout
	}
	lines := opts.configLines(n, plan)
	for _, c := range lines {
		fmt.Fprintf(out, "%s: %s\n", c.Key, c.Value)
	}
	if !opts.NoPieceMetrics {
		for _, u := range contract.PieceUnits {
			fmt.Fprintln(out, contract.LowerIsBetterLine(u))
		}
	}
	defer func() {
		for _, c := range lines {
			if c.Key != contract.NumCPU {
				fmt.Fprintf(out, "%s:\n", c.Key) // an empty value unsets the key
			}
		}
	}()
	for _, s := range plan {
		b.Run(Label(s), func(b *testing.B) {
			b.ReportAllocs()
			ctx := b.Context()
			var rec *Recorder
			if !opts.NoPieceMetrics {
				rec = NewRecorder(n)
			}
			run := func(ctx context.Context, i int) error {
				err := piece(ctx, i)
				if rec != nil {
					rec.Done(i)
				}
				if err != nil {
					return &pieceError{i, err}
				}
				return nil
			}
			for b.Loop() {
				if rec != nil {
					rec.Start()
				}
				if err := s.Run(ctx, n, run); err != nil {
					failed(b, Label(s), err)
				}
				if rec != nil {
					rec.End()
				}
			}
			if sec := b.Elapsed().Seconds(); n > 0 && sec > 0 {
				b.ReportMetric(float64(n)*float64(b.N)/sec, "pieces/s")
			}
			if rec != nil {
				rec.Report(b)
			}
		})
	}
}

// A pieceError is the error piece i returned, named by its index in
// Benchmark's message. Adaptive still finds a throttle signal through it
// (errors.As).
type pieceError struct {
	i   int
	err error
}

func (e *pieceError) Error() string { return fmt.Sprintf("piece %d: %v", e.i, e.err) }
func (e *pieceError) Unwrap() error { return e.err }

// failed fails the sub-benchmark b of the strategy labelled label, whose
// run returned err: "strategy=pool/workers=2: piece 42: disk full". It
// writes the message through b.Output, which adds no file:line: the line
// that called Fatalf would be this file's, and a sub-benchmark cannot name
// the line of the benchmark that called Benchmark (go test would print the
// testing package's).
func failed(b *testing.B, label string, err error) {
	b.Helper()
	fmt.Fprintf(b.Output(), "%s: %v\n", label, err)
	b.FailNow()
}

// configLines returns the configuration lines of a job of n pieces run
// under plan.
func (o BenchOptions) configLines(n int, plan []Strategy) []ConfigLine {
	lines := []ConfigLine{
		{contract.NumCPU, strconv.Itoa(runtime.NumCPU())},
		{contract.JobPieces, strconv.Itoa(n)},
	}
	if o.Floor > 0 {
		lines = append(lines, ConfigLine{contract.JobFloor, o.Floor.String()})
	}
	for _, s := range plan {
		if rl, ok := s.(RateLimit); ok && rl.Limited() {
			lines = append(lines,
				ConfigLine{contract.JobRate, strconv.FormatFloat(rl.Rate, 'g', -1, 64)},
				ConfigLine{contract.JobBurst, strconv.Itoa(max(rl.Burst, 1))})
			break
		}
	}
	return append(lines, o.Config...)
}
