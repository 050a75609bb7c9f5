package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/concbench/concbench/impl/apisim"
	"github.com/concbench/concbench/impl/cpubound"
	"github.com/concbench/concbench/impl/fanout"
	"github.com/concbench/concbench/impl/iobound"
	"github.com/concbench/concbench/internal/text"
)

// runOptions are the flags of concbench run.
type runOptions struct {
	api, strategy, cpuStrategy, out, transport string
	iterations, requests, workers, attempts    int
	params                                     apisim.Params
	timeout                                    time.Duration
	sim                                        simFlags
}

func runFlags(fs *flag.FlagSet) func(context.Context, []string, io.Writer, io.Writer) error {
	o := &runOptions{params: apisim.DefaultParams}
	fs.StringVar(&o.api, "api", "mock", "the API: mock (simulated in process), local (simulated, served on loopback), live ($CONCBENCH_API_URL) or a base URL")
	fs.StringVar(&o.strategy, "strategy", "pool", "IO strategy ("+strings.Join(iobound.Strategies.Names(), ", ")+"), or all; a label such as pool/workers=64 sets its workers too")
	fs.IntVar(&o.workers, "workers", 0, "workers of the "+strings.Join(withWorkers(iobound.Strategies), ", ")+" strategies (0: each one's own, "+strconv.Itoa(iobound.DefaultWorkers)+")")
	fs.IntVar(&o.iterations, "iterations", iobound.DefaultConfig.Iterations, "iterations of the IO task, one result file each")
	fs.IntVar(&o.requests, "requests", iobound.DefaultConfig.Requests, "requests per iteration")
	fs.IntVar(&o.params.Min, "min", o.params.Min, "shortest string to ask the API for")
	fs.IntVar(&o.params.Max, "max", o.params.Max, "longest string to ask the API for")
	fs.IntVar(&o.params.Count, "count", o.params.Count, "strings per request")
	fs.StringVar(&o.out, "out", "out", "directory for the result files results.<i>.json")
	fs.StringVar(&o.transport, "transport", string(iobound.TransportTuned), "HTTP transport for local and live APIs: tuned (an idle connection per worker) or default (Go's, two idle connections per host)")
	fs.DurationVar(&o.timeout, "timeout", iobound.DefaultRetryPolicy.Timeout, "timeout of each HTTP attempt")
	fs.IntVar(&o.attempts, "attempts", iobound.DefaultRetryPolicy.MaxAttempts, "attempts per request before giving up (429s are counted apart)")
	fs.StringVar(&o.cpuStrategy, "cpu-strategy", "pool", "CPU strategy for the Mersenne checks ("+strings.Join(cpubound.Strategies.Names(), ", ")+"); a label such as pool/workers=4/order=desc sets it up")
	o.sim.register(fs)
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("run: unexpected argument %q (see concbench help run)", args[0])
		}
		return o.run(ctx, fs, stdout, stderr)
	}
}

// withWorkers names the strategies of r that have a worker count.
func withWorkers[S fanout.Named](r fanout.Registry[S]) []string {
	var names []string
	for _, s := range r {
		if _, ok := fanout.Workers(s); ok && !slices.Contains(names, s.Name()) {
			names = append(names, s.Name())
		}
	}
	return names
}

// ioStrategies returns the strategies -strategy and -workers name.
func (o *runOptions) ioStrategies() ([]iobound.Strategy, error) {
	var ss []iobound.Strategy
	if o.strategy == "all" {
		ss = slices.Clone(iobound.Strategies)
	} else {
		s, err := iobound.Strategies.Lookup(o.strategy)
		if err != nil {
			return nil, usagef("run: -strategy: %v, or all", err)
		}
		ss = []iobound.Strategy{s}
	}
	if o.workers < 0 || o.workers > fanout.MaxWorkers {
		return nil, usagef("run: -workers must be in [0, %d], got %d", fanout.MaxWorkers, o.workers)
	}
	if o.workers > 0 {
		for i, s := range ss {
			ss[i], _ = fanout.WithWorkers(s, o.workers) // unchanged if s has no workers
		}
	}
	return ss, nil
}

// checkedCPUStrategy returns the strategy -cpu-strategy names, checked
// (without running it) against the checker of the seed workload that run
// gives it.
func (o *runOptions) checkedCPUStrategy() (cpubound.Strategy, error) {
	s, err := cpubound.Strategies.Lookup(o.cpuStrategy)
	if err != nil {
		return nil, usagef("run: -cpu-strategy: %v", err)
	}
	if err := cpubound.Supports(s, cpubound.SeedChecker); err != nil {
		return nil, usagef("run: -cpu-strategy %s: %v", o.cpuStrategy, err)
	}
	return s, nil
}

func (o *runOptions) config() (iobound.Config, error) {
	cfg := iobound.DefaultConfig
	cfg.Iterations, cfg.Requests, cfg.Params, cfg.OutDir = o.iterations, o.requests, o.params, o.out
	cfg.Policy.Timeout, cfg.Policy.MaxAttempts = o.timeout, o.attempts
	if err := cfg.Validate(); err != nil {
		return cfg, usagef("run: %v", err)
	}
	return cfg, nil
}

func (o *runOptions) run(ctx context.Context, fs *flag.FlagSet, stdout, stderr io.Writer) error {
	strategies, err := o.ioStrategies()
	if err != nil {
		return err
	}
	cpuS, err := o.checkedCPUStrategy()
	if err != nil {
		return err
	}
	cfg, err := o.config()
	if err != nil {
		return err
	}
	kind, err := iobound.ParseTransport(o.transport)
	if err != nil {
		return usagef("run: -transport: %v", err)
	}
	env, err := openAPI(o.api, &o.sim, fs, kind, cfg.Total())
	if err != nil {
		return err
	}
	defer env.close()

	// The whole command's files are staged: the IO task of every strategy
	// and the CPU task after them must succeed, with no signal, before the
	// result files replace an earlier run's in -out, all at once.
	st, err := newRunStage(o.out)
	if err != nil {
		return err
	}
	defer st.discard()
	cfg.OutDir = st.dir

	fmt.Fprintf(stdout, "IO task: %s × %s (min=%d max=%d count=%d) to %s\n",
		text.Count(cfg.Iterations, "iteration"), text.Count(cfg.Requests, "request"), cfg.Params.Min, cfg.Params.Max, cfg.Params.Count, env.describe)
	var final *iobound.Summary
	if len(strategies) == 1 {
		if final, err = runOne(ctx, env, strategies[0], cfg, stderr); err != nil {
			return env.failed(err)
		}
		printIterations(stdout, final, cfg, o.out)
	} else {
		if final, err = runAll(ctx, env, strategies, cfg, o.out, stdout, stderr); err != nil {
			return env.failed(err)
		}
	}
	fmt.Fprintf(stdout, "most common letter: %q (%d)\n", final.Letter, final.Count)
	if err := runCPU(ctx, stdout, cpuS, final.Counts); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return st.publish(final.Files, cfg.Iterations)
}

// A runStage holds the result files of one run command in a hidden
// directory of -out until the whole command has succeeded.
type runStage struct {
	out, dir string
	created  bool // -out did not exist before
	done     bool
}

func newRunStage(out string) (*runStage, error) {
	_, err := os.Stat(out)
	created := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("run: output directory: %w", err)
	}
	dir, err := os.MkdirTemp(out, ".concbench-run-")
	if err != nil {
		return nil, fmt.Errorf("run: output directory: %w", err)
	}
	return &runStage{out: out, dir: dir, created: created}, nil
}

// publish puts the staged files into -out, all or none, and takes away
// the result files of an earlier run beyond this run's iterations
// (results.5.json after a run of 3), so that -out holds one run's files.
func (st *runStage) publish(staged []string, iterations int) error {
	var moves [][2]string
	for _, p := range staged {
		moves = append(moves, [2]string{p, shownPath(st.out, p)})
	}
	var stale []string
	if entries, err := os.ReadDir(st.out); err == nil {
		for _, e := range entries {
			var i int
			if n, err := fmt.Sscanf(e.Name(), "results.%d.json", &i); n == 1 && err == nil && i >= iterations && e.Name() == iobound.FileName(i) && e.Type().IsRegular() {
				stale = append(stale, filepath.Join(st.out, e.Name()))
			}
		}
	}
	if err := iobound.ReplaceAll(st.dir, moves, stale); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	st.done = true
	return nil
}

// discard removes the staging directory, and -out when this run made it
// and failed (it is empty then).
func (st *runStage) discard() {
	os.RemoveAll(st.dir)
	if st.created && !st.done {
		os.Remove(st.out)
	}
}

// shownPath is where a staged result file goes in -out.
func shownPath(out, staged string) string { return filepath.Join(out, filepath.Base(staged)) }

// runOne runs one IO strategy against a fresh API, with progress on a
// terminal.
func runOne(ctx context.Context, env *apiEnv, s iobound.Strategy, cfg iobound.Config, stderr io.Writer) (*iobound.Summary, error) {
	env.reset()
	bar := newProgress(stderr, cfg.Total(), strings.TrimPrefix(fanout.Label(s), "strategy="))
	defer bar.done()
	cfg.OnRequest = bar.add
	return iobound.Run(ctx, s, env.target, cfg)
}

func printIterations(w io.Writer, sum *iobound.Summary, cfg iobound.Config, out string) {
	for i, it := range sum.Iterations {
		fmt.Fprintf(w, "iteration %d: took %v (started at +%v, file written at +%v)\n",
			i, round(it.Took()), round(it.Start), round(it.Done))
	}
	hedges := ""
	if sum.Hedges > 0 {
		hedges = fmt.Sprintf(", %d hedged", sum.Hedges)
	}
	fmt.Fprintf(w, "IO task: %s: %d requests in %v (%.0f req/s), %d retries, %d throttled%s; files %s … %s\n",
		sum.Strategy, cfg.Total(), round(sum.Elapsed), float64(cfg.Total())/sum.Elapsed.Seconds(),
		sum.Retries, sum.Throttled, hedges, shownPath(out, sum.Files[0]), shownPath(out, sum.Files[len(sum.Files)-1]))
}

// runAll runs every strategy in turn, prints a table, and checks that every
// strategy wrote the same files as the first (sequential), when the API is
// deterministic.
func runAll(ctx context.Context, env *apiEnv, strategies []iobound.Strategy, cfg iobound.Config, out string, stdout, stderr io.Writer) (*iobound.Summary, error) {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "strategy              \t\ttime\tspeedup\treq/s\tretries\tthrottled\t")
	var base time.Duration
	var first map[string][]byte
	var last *iobound.Summary
	for _, s := range strategies {
		sum, err := runOne(ctx, env, s, cfg, stderr)
		if err != nil {
			tw.Flush() // the rows of the strategies that finished
			return nil, err
		}
		if base == 0 {
			base = sum.Elapsed
		}
		fmt.Fprintf(tw, "%-22s\t\t%v\t%.1f×\t%.0f\t%d\t%d\t\n", strings.TrimPrefix(fanout.Label(s), "strategy="), round(sum.Elapsed),
			base.Seconds()/sum.Elapsed.Seconds(), float64(cfg.Total())/sum.Elapsed.Seconds(), sum.Retries, sum.Throttled)
		if env.deterministic {
			files, err := readAll(sum.Files)
			if err != nil {
				return nil, err
			}
			if first == nil {
				first = files
			} else if !sameBytes(first, files) {
				return nil, fmt.Errorf("strategy %s wrote files that differ from %s's", s.Name(), strategies[0].Name())
			}
		}
		last = sum
	}
	tw.Flush()
	if env.deterministic {
		fmt.Fprintf(stdout, "all %d strategies wrote byte-identical files %s … %s\n", len(strategies), shownPath(out, last.Files[0]), shownPath(out, last.Files[len(last.Files)-1]))
	}
	return last, nil
}

func readAll(paths []string) (map[string][]byte, error) {
	m := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		m[p] = b
	}
	return m, nil
}

func sameBytes(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// runCPU checks, for each letter, whether 2^count − 1 is prime.
func runCPU(ctx context.Context, stdout io.Writer, s cpubound.Strategy, counts map[string]int) error {
	w, err := cpubound.Seed(counts)
	if err != nil {
		return err
	}
	start := time.Now()
	results, err := s.Run(ctx, w)
	if err != nil {
		return fmt.Errorf("CPU task: %w", err)
	}
	took := time.Since(start)
	primes := 0
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  letter\tn\t2^n − 1\tprime")
	for _, r := range results {
		if r.Prime {
			primes++
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\n", r.Letter, r.Exponent, cpubound.Shorten(r.P, 24), yesNo(r.Prime))
	}
	fmt.Fprintf(stdout, "CPU task: is 2^n − 1 prime, n = each letter's count? %d exponents, %s, %s: %v\n",
		len(results), w.Checker.Name(), strings.TrimPrefix(fanout.Label(s), "strategy="), round(took))
	tw.Flush()
	fmt.Fprintf(stdout, "%d of %d are Mersenne primes\n", primes, len(results))
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// round shortens a duration for display: three significant digits or so.
func round(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

var errNoLiveURL = errors.New("-api live: $CONCBENCH_API_URL is not set")
