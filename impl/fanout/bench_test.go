package fanout_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"math"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/concbench/concbench/contract"
	"github.com/concbench/concbench/impl/fanout"
)

// sleepJob is a job with a known latency floor: n pieces that each sleep
// floor, as a call to a service with that latency would. With w workers it
// takes at least ⌈n/w⌉·floor.
func sleepJob() (n int, floor time.Duration, workers []int) {
	if testing.Short() {
		return 8, 2 * time.Millisecond, []int{1, 2, 4, 8}
	}
	return 32, 2 * time.Millisecond, []int{1, 2, 4, 8, 16, 32}
}

// BenchmarkSleepJob is Benchmark on a job with a latency floor, as a user
// would write it: BenchmarkSleepJob/strategy=pool/workers=4 and so on.
// Each pool's speedup over sequential is bounded by n/⌈n/workers⌉.
func BenchmarkSleepJob(b *testing.B) {
	n, floor, workers := sleepJob()
	fanout.Benchmark(b, n, func(ctx context.Context, i int) error {
		select {
		case <-time.After(floor):
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}, fanout.BenchOptions{Workers: workers, Floor: floor, Config: []fanout.ConfigLine{{"job", "sleep"}}})
}

// BenchmarkHashJob is Benchmark on a CPU-bound job: SHA-256 of n blocks.
// No strategy can beat sequential by more than the number of CPUs, and
// singlethread does not beat it at all.
func BenchmarkHashJob(b *testing.B) {
	n, size := 32, 256<<10
	if testing.Short() {
		n, size = 8, 16<<10
	}
	blocks := make([][]byte, n)
	for i := range blocks {
		blocks[i] = bytes.Repeat([]byte{byte(i)}, size)
	}
	sums := make([][sha256.Size]byte, n)
	fanout.Benchmark(b, n, func(ctx context.Context, i int) error {
		sums[i] = sha256.Sum256(blocks[i])
		return nil
	}, fanout.BenchOptions{
		Workers: []int{1, 2, 4, 8},
		Config:  []fanout.ConfigLine{{"job", "sha256"}, {"block-size", strconv.Itoa(size)}},
	})
}

// allocSink keeps BenchmarkAllocJob's allocations on the heap.
var allocSink [][]byte

// BenchmarkAllocJob is a job whose pieces allocate 1 KiB each, once: a run
// of n pieces allocates n times, n KiB (TestAllocsPerRun).
func BenchmarkAllocJob(b *testing.B) {
	const n = 16
	allocSink = make([][]byte, n)
	fanout.Benchmark(b, n, func(_ context.Context, i int) error {
		allocSink[i] = make([]byte, 1024)
		return nil
	}, fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.Sequential{}}})
}

// TestAllocsPerRun: B/op and allocs/op are per run of the job, the
// pieces' own allocations included and nothing of Benchmark's recording:
// a run of sequential, which allocates nothing itself, over 16 pieces of
// one 1 KiB allocation each reports 16 allocs/op and 16 KiB/op.
func TestAllocsPerRun(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run", "^$", "-test.bench", "^BenchmarkAllocJob$", "-test.benchtime", "200x")
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("benchmark: %v\n%s", err, out)
	}
	r := benchfmt.NewReader(bytes.NewReader(out), "allocs.txt")
	found := false
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		found = true
		allocs, _ := res.Value("allocs/op")
		size, _ := res.Value("B/op")
		if allocs != 16 || size != 16*1024 {
			t.Errorf("%s: %g allocs/op, %g B/op; want 16 and %d", res.Name.Full(), allocs, size, 16*1024)
		}
	}
	if !found {
		t.Fatalf("no result in\n%s", out)
	}
}

// BenchmarkPieceMetrics measures what the per-piece metrics cost: the same
// jobs with them (metrics=on) and without (metrics=off, NoPieceMetrics),
// compared by
//
//	go test -run '^$' -bench '^BenchmarkPieceMetrics$' -count 10 ./impl/fanout > overhead.txt
//	go tool benchstat -col /metrics overhead.txt
//
// The jobs are 64 pieces of nothing (the cost itself, per piece, against
// the strategy's own per-piece cost) and 64 pieces that hash 4 KiB each
// (a few microseconds, a small real piece).
func BenchmarkPieceMetrics(b *testing.B) {
	const n = 64
	block := bytes.Repeat([]byte{1}, 4<<10)
	sums := make([][sha256.Size]byte, n)
	for _, job := range []struct {
		name  string
		piece fanout.Piece
	}{
		{"noop", func(context.Context, int) error { return nil }},
		{"sha256-4KiB", func(_ context.Context, i int) error { sums[i] = sha256.Sum256(block); return nil }},
	} {
		b.Run("job="+job.name, func(b *testing.B) {
			for _, off := range []bool{false, true} {
				b.Run("metrics="+map[bool]string{false: "on", true: "off"}[off], func(b *testing.B) {
					fanout.Benchmark(b, n, job.piece, fanout.BenchOptions{
						Strategies:     []fanout.Strategy{fanout.Sequential{}, fanout.Goroutines{}, fanout.Pool{}},
						NoPieceMetrics: off,
					})
				})
			}
		})
	}
}

// TestBenchmarkOutput runs BenchmarkSleepJob as go test does, three times
// per strategy, and reads the output as concbench report does (benchfmt):
// it parses cleanly, names every strategy of the plan, carries the job's
// configuration lines, and the pools' times follow the staircase
// ⌈n/workers⌉·floor: never below it (sleep cannot be shorter), and, on the
// best of three runs, within a generous factor of its speedup.
func TestBenchmarkOutput(t *testing.T) {
	n, floor, workers := sleepJob()
	args := []string{"-test.run", "^$", "-test.bench", "^BenchmarkSleepJob$", "-test.benchtime", "1x", "-test.count", "3"}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("benchmark: %v\n%s%s", err, out, stderr.Bytes())
	}

	plan, err := fanout.BenchOptions{Workers: workers}.Plan()
	if err != nil {
		t.Fatal(err)
	}
	best := make(map[string]float64)  // label → fastest sec/op
	peaks := make(map[string]float64) // label → highest peak-goroutines
	samples := make(map[string]int)
	r := benchfmt.NewReader(bytes.NewReader(out), "bench.txt")
	for r.Scan() {
		var res *benchfmt.Result
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Errorf("%v", rec)
			continue
		case *benchfmt.Result:
			res = rec
		default:
			continue
		}
		for key, want := range map[string]string{
			"numcpu": strconv.Itoa(runtime.NumCPU()), contract.JobPieces: strconv.Itoa(n),
			contract.JobFloor: floor.String(), "job": "sleep",
		} {
			if got := res.GetConfig(key); got != want {
				t.Errorf("%s: configuration %s = %q, want %q", res.Name.Full(), key, got, want)
			}
		}
		base, _ := res.Name.Parts()
		if string(base) != "SleepJob" {
			t.Errorf("unexpected benchmark %s", res.Name.Full())
		}
		label := strings.TrimPrefix(string(res.Name.Full()), "SleepJob/")
		label = label[:strings.LastIndexByte(label, '-')] // the GOMAXPROCS suffix
		sec, ok := res.Value("sec/op")
		if !ok {
			t.Errorf("%s: no sec/op", res.Name.Full())
		}
		if _, ok := res.Value("pieces/s"); !ok {
			t.Errorf("%s: no pieces/s", res.Name.Full())
		}
		if v, ok := best[label]; !ok || sec < v {
			best[label] = sec
		}
		samples[label]++
		if p := checkPieceMetrics(t, res, label, sec, n, floor); p > peaks[label] {
			peaks[label] = p
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	for _, u := range contract.PieceUnits {
		if b := r.Units().GetBetter(u); b != -1 {
			t.Errorf("unit %s: benchfmt reads better=%+d, want -1 (lower)", u, b)
		}
	}
	for _, s := range plan {
		if samples[fanout.Label(s)] != 3 {
			t.Errorf("%s: %d results, want 3", fanout.Label(s), samples[fanout.Label(s)])
		}
	}
	if tail := out[bytes.LastIndex(out, []byte("\nBenchmarkSleepJob")):]; !bytes.Contains(tail, []byte("\n"+contract.JobPieces+":\n")) {
		t.Errorf("the job's configuration lines are not unset after its results:\n%s", tail)
	}
	if len(samples) != len(plan) {
		t.Errorf("%d benchmarks, want the %d of the plan", len(samples), len(plan))
	}
	for _, s := range plan {
		checkPeakReached(t, fanout.Label(s), peaks[fanout.Label(s)], n)
	}

	seq := best["strategy=sequential"]
	for _, w := range workers {
		label := "strategy=pool/workers=" + strconv.Itoa(w)
		rounds := (n + w - 1) / w
		if lo := float64(rounds) * floor.Seconds(); best[label] < lo {
			t.Errorf("%s took %.2gs, below the floor of %d × %v", label, best[label], rounds, floor)
		}
		limit := float64(n) / float64(rounds)
		if speedup := seq / best[label]; speedup < limit/4 || speedup > limit*1.5 {
			t.Errorf("%s: speedup %.2f× over sequential, want near the limit %.2f× (within ÷4 … ×1.5)", label, speedup, limit)
		}
	}
}

// checkPieceMetrics checks one result of BenchmarkSleepJob (one run per
// sample, n pieces that each sleep floor): its per-piece metrics are there,
// in order (p50 ≤ p99 ≤ max ≤ the run's time), above the floors the
// strategy's schedule sets (sleep is never shorter), and its peak
// goroutines are at most the strategy's: none added by sequential, one per
// worker for a pool, one per piece for goroutines. It returns the peak.
//
// That the peak also reaches the strategy's is a matter of timing, checked
// on the highest of the samples (checkPeakReached): the peak is read as
// pieces return, and a controller descheduled for a piece's 2 ms (the
// other packages' tests of go test ./... run beside it, under -race) starts
// the last pieces after the first returned and exited, so one run can hold
// 5 of 8 (a CI run did).
func checkPieceMetrics(t *testing.T, res *benchfmt.Result, label string, sec float64, n int, floor time.Duration) float64 {
	t.Helper()
	var v [4]float64
	for i, u := range []string{"p50-latency-sec", "p99-latency-sec", "max-latency-sec", contract.UnitPeakGoroutines} {
		var ok bool
		if v[i], ok = res.Value(u); !ok {
			t.Errorf("%s: no %s", label, u)
			return 0
		}
	}
	p50, p99, maxLat, peak := v[0], v[1], v[2], v[3]
	if !(floor.Seconds() <= p50 && p50 <= p99 && p99 <= maxLat && maxLat <= sec) {
		t.Errorf("%s: p50 %.3gs, p99 %.3gs, max %.3gs, run %.3gs: want %v ≤ p50 ≤ p99 ≤ max ≤ run", label, p50, p99, maxLat, sec, floor)
	}
	lo, hi := peakRange(t, label, n)
	if peak > hi {
		t.Errorf("%s: %g peak goroutines, want at most %g (%g to %g)", label, peak, hi, lo, hi)
	}
	switch {
	case label == "strategy=sequential":
		// Piece i returns after i+1 sleeps: the median after ⌈n/2⌉.
		if lo := float64((n+1)/2) * floor.Seconds(); p50 < lo {
			t.Errorf("%s: p50 %.3gs, below %d sleeps of %v", label, p50, (n+1)/2, floor)
		}
	case strings.HasPrefix(label, "strategy=pool/"), strings.HasPrefix(label, "strategy=errgroup/"):
		w, has := fanout.Workers(mustLookup(t, label))
		if lo := float64((n+w-1)/w) * floor.Seconds(); has && maxLat < lo {
			t.Errorf("%s: max %.3gs, below ⌈%d/%d⌉ sleeps of %v", label, maxLat, n, w, floor)
		}
	}
	return peak
}

// peakRange is the peak goroutines a strategy of BenchmarkSleepJob holds:
// none added by sequential (its pieces run on the caller's), one per worker
// for a pool, one per piece for goroutines, singlethread and adaptive
// (every piece at once). A pool's workers live through the run; errgroup's
// goroutine of a piece gives its place to the next before it exits, so up
// to twice the limit are alive for a moment.
func peakRange(t *testing.T, label string, n int) (lo, hi float64) {
	t.Helper()
	switch {
	case label == "strategy=sequential":
		return 0, 1
	case strings.HasPrefix(label, "strategy=pool/"), strings.HasPrefix(label, "strategy=errgroup/"):
		w, has := fanout.Workers(mustLookup(t, label))
		if !has {
			t.Fatalf("%s: no workers", label)
		}
		if strings.HasPrefix(label, "strategy=errgroup/") {
			return float64(min(w, n) - 1), float64(min(2*w, n) + 1)
		}
		return float64(min(w, n) - 1), float64(min(w, n) + 1)
	default:
		return float64(n - 1), float64(n + 1)
	}
}

// checkPeakReached checks that the highest peak of a strategy's samples
// reached the strategy's (peakRange).
func checkPeakReached(t *testing.T, label string, peak float64, n int) {
	t.Helper()
	if lo, hi := peakRange(t, label, n); peak < lo {
		t.Errorf("%s: the highest peak of its samples is %g goroutines, want %g to %g", label, peak, lo, hi)
	}
}

func mustLookup(t *testing.T, label string) fanout.Strategy {
	t.Helper()
	s, err := fanout.Strategies.Lookup(label)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPlan(t *testing.T) {
	gmp := strconv.Itoa(runtime.GOMAXPROCS(0))
	for _, c := range []struct {
		opts fanout.BenchOptions
		want []string
	}{
		{fanout.BenchOptions{}, []string{"sequential", "goroutines", "pool/workers=" + gmp, "errgroup/workers=" + gmp, "singlethread", "adaptive"}},
		{fanout.BenchOptions{Rate: 100, Workers: []int{1, 8}}, []string{
			"sequential", "goroutines", "pool/workers=1", "pool/workers=8", "errgroup/workers=1", "errgroup/workers=8",
			"ratelimit/workers=1", "ratelimit/workers=8", "singlethread", "adaptive"}},
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.Pool{Workers: 3}, fanout.RateLimit{Rate: 5}}}, []string{"sequential", "pool/workers=3", "ratelimit/workers=" + gmp}},
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.Goroutines{}, fanout.Sequential{}}}, []string{"goroutines", "sequential"}},
	} {
		plan, err := c.opts.Plan()
		if err != nil {
			t.Errorf("%+v: %v", c.opts, err)
			continue
		}
		var got []string
		for _, s := range plan {
			got = append(got, strings.TrimPrefix(fanout.Label(s), "strategy="))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: plan %q, want %q", c.opts, got, c.want)
		}
	}
	for _, bad := range []struct {
		opts fanout.BenchOptions
		want string // in the error
	}{
		{fanout.BenchOptions{Workers: []int{0}}, "worker count 0"},
		{fanout.BenchOptions{Workers: []int{2, 2}}, "twice"},
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.Pool{Workers: 2}, fanout.Pool{Workers: 2}}}, "twice"},
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.Pool{}, nil}}, "Strategies[1] is nil"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"Size", "1"}}}, "lower-case key"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"image size", "1"}}}, "lower-case key"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"size", ""}}}, "lower-case key"},
		// Benchmark's own keys, which a later line would override.
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"pieces", "999"}}}, "config key pieces is written by Benchmark"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"numcpu", "64"}}}, "config key numcpu is written by Benchmark"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"piece-floor", "1s"}}}, "config key piece-floor is written by Benchmark"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"goos", "plan9"}}}, "config key goos is written by go test"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"pkg", "example.com/x"}}}, "config key pkg is written by go test"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"piece-rate", "5"}}}, "config key piece-rate is written by Benchmark"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"piece-burst", "5"}}}, "config key piece-burst is written by Benchmark"},
		// A value that would print a line of its own: a fabricated result.
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"job", "a\nBenchmarkFake 1 1 ns/op"}}}, "control character"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"job", "a\rb"}}}, "control character"},
		{fanout.BenchOptions{Config: []fanout.ConfigLine{{"jo\x00b", "a"}}}, "control character"},
		// A ratelimit asked for that would not run, or not as asked.
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.RateLimit{}}}, "ratelimit has no rate"},
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.RateLimit{Rate: -5}}}, "ratelimit has no rate (-5)"},
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.RateLimit{Rate: math.NaN()}}}, "ratelimit has no rate (NaN)"},
		{fanout.BenchOptions{Strategies: []fanout.Strategy{fanout.RateLimit{Rate: 5, Burst: -1}}}, "burst -1"},
		{fanout.BenchOptions{Rate: -5}, "Rate -5"},
		{fanout.BenchOptions{Rate: math.NaN()}, "Rate NaN"},
		{fanout.BenchOptions{Rate: 100, Burst: -3}, "Burst -3"},
		{fanout.BenchOptions{Floor: -time.Second}, "Floor -1s"},
	} {
		_, err := bad.opts.Plan()
		switch {
		case err == nil:
			t.Errorf("Plan(%+v): no error", bad.opts)
		case !strings.Contains(err.Error(), bad.want) || strings.Contains(err.Error(), "\n"):
			t.Errorf("Plan(%+v) = %q, want one line with %q", bad.opts, err, bad.want)
		}
	}
	// Benchmark's keys are those it writes, none missed.
	var out bytes.Buffer
	runBenchmark(t, 1, fanout.BenchOptions{Floor: time.Millisecond, Rate: 5, Out: &out})
	keys := 0
	for line := range strings.Lines(out.String()) {
		key, value, ok := strings.Cut(strings.TrimSuffix(line, "\n"), ":")
		if !ok || value == "" || strings.HasPrefix(line, "Unit ") {
			continue
		}
		keys++
		opts := fanout.BenchOptions{Config: []fanout.ConfigLine{{key, "x"}}}
		if _, err := opts.Plan(); err == nil || err.Error() != "fanout: config key "+key+" is written by Benchmark" {
			t.Errorf("Config key %s, which Benchmark writes: Plan = %v", key, err)
		}
	}
	if keys < 5 {
		t.Errorf("Benchmark wrote %d configuration lines, want numcpu, pieces, piece-floor, piece-rate and piece-burst:\n%s", keys, out.String())
	}
}

// runBenchmark runs Benchmark once over n pieces that do nothing, in this
// process, at -test.benchtime 1x; it reports whether it succeeded.
func runBenchmark(t *testing.T, n int, opts fanout.BenchOptions) bool {
	t.Helper()
	return runBenchmarkOf(t, n, func(context.Context, int) error { return nil }, opts)
}

// runBenchmarkOf runs Benchmark once over n pieces, in this process, at
// -test.benchtime 1x; it reports whether it succeeded.
func runBenchmarkOf(t *testing.T, n int, piece fanout.Piece, opts fanout.BenchOptions) bool {
	t.Helper()
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	if err := bt.Value.Set("1x"); err != nil { // testing.Benchmark runs for -test.benchtime
		t.Fatal(err)
	}
	defer bt.Value.Set(old)
	res := testing.Benchmark(func(b *testing.B) {
		fanout.Benchmark(b, n, piece, opts)
	})
	return res.N > 0
}

// TestBenchmarkConfigLines: Benchmark prints the job's configuration lines
// before its results and unsets them after, so that a later benchmark does
// not inherit them.
func TestBenchmarkConfigLines(t *testing.T) {
	var out bytes.Buffer
	runBenchmark(t, 3, fanout.BenchOptions{
		Strategies: []fanout.Strategy{fanout.Sequential{}, fanout.RateLimit{Rate: 1e6, Burst: 3}},
		Floor:      time.Microsecond, Config: []fanout.ConfigLine{{"job", "noop"}}, Out: &out,
	})
	want := "numcpu: " + strconv.Itoa(runtime.NumCPU()) + "\npieces: 3\npiece-floor: 1µs\npiece-rate: 1e+06\npiece-burst: 3\njob: noop\n" +
		"Unit p50-latency-ns better=lower\nUnit p99-latency-ns better=lower\nUnit max-latency-ns better=lower\nUnit peak-goroutines better=lower\n" +
		"pieces:\npiece-floor:\npiece-rate:\npiece-burst:\njob:\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}
