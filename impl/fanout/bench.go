package fanout

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

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
	Floor time.Duration

	// Rate and Burst pace a RateLimit strategy that has no rate of its
	// own. A RateLimit with no rate from either is left out: without one
	// it is Pool.
	Rate  float64
	Burst int

	// Config holds more configuration lines to print before the results:
	// whatever describes the job ("image-size: 1024x768").
	Config []ConfigLine

	// NoPieceMetrics turns off the per-piece metrics (see Benchmark):
	// recording them costs about 50 ns per piece, which shows in the time
	// of a job whose pieces take well under a microsecond.
	NoPieceMetrics bool

	// Out receives the configuration lines; nil means os.Stdout, where
	// go test writes the results.
	Out io.Writer
}

// Plan returns the strategies Benchmark runs, in order, each with its
// worker count set, so that its label names exactly what it runs. It
// reports an error for a worker count below one, a strategy given twice,
// or a malformed configuration line.
func (o BenchOptions) Plan() ([]Strategy, error) {
	ss := o.Strategies
	if ss == nil {
		ss = Strategies
	}
	if !slices.ContainsFunc(ss, func(s Strategy) bool { return s.Name() == "sequential" }) {
		ss = append([]Strategy{Sequential{}}, ss...)
	}
	for _, w := range o.Workers {
		if w < 1 || w > MaxWorkers {
			return nil, fmt.Errorf("fanout: worker count %d: want 1 to %d", w, MaxWorkers)
		}
	}
	for _, c := range o.Config {
		if !validKey(c.Key) || c.Value == "" {
			return nil, fmt.Errorf("fanout: configuration line %q: want a lower-case key without spaces and a value", c.Key+": "+c.Value)
		}
	}
	var plan []Strategy
	seen := make(map[string]bool)
	for _, s := range ss {
		if rl, ok := s.(RateLimit); ok && !rl.Limited() {
			if rl.Rate, rl.Burst = o.Rate, o.Burst; !rl.Limited() {
				continue
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
//     holds 8, goroutines one per piece, sequential none (see Recorder for
//     how it is sampled).
//
// The per-piece metrics cost about 50 ns per piece (a clock reading and
// runtime.NumGoroutine as each piece returns; nothing allocated in the
// timed loop); BenchOptions.NoPieceMetrics turns them off. A piece's error
// (other than a throttle signal, under Adaptive) fails the sub-benchmark.
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
	if n < 0 {
		b.Fatal(negative(n))
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
			run, rec := piece, (*Recorder)(nil)
			if !opts.NoPieceMetrics {
				rec = NewRecorder(n)
				run = func(ctx context.Context, i int) error {
					err := piece(ctx, i)
					rec.Done(i)
					return err
				}
			}
			for b.Loop() {
				if rec != nil {
					rec.Start()
				}
				if err := s.Run(ctx, n, run); err != nil {
					b.Fatalf("%s: %v", Label(s), err)
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
