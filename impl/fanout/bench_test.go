package fanout_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
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
	best := make(map[string]float64) // label → fastest sec/op
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
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
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

func TestPlan(t *testing.T) {
	gmp := strconv.Itoa(runtime.GOMAXPROCS(0))
	for _, c := range []struct {
		opts fanout.BenchOptions
		want []string
	}{
		{fanout.BenchOptions{}, []string{"sequential", "goroutines", "pool/workers=" + gmp, "errgroup/workers=" + gmp, "singlethread"}},
		{fanout.BenchOptions{Rate: 100, Workers: []int{1, 8}}, []string{
			"sequential", "goroutines", "pool/workers=1", "pool/workers=8", "errgroup/workers=1", "errgroup/workers=8",
			"ratelimit/workers=1", "ratelimit/workers=8", "singlethread"}},
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
	for _, bad := range []fanout.BenchOptions{
		{Workers: []int{0}},
		{Workers: []int{2, 2}},
		{Strategies: []fanout.Strategy{fanout.Pool{Workers: 2}, fanout.Pool{Workers: 2}}},
		{Config: []fanout.ConfigLine{{"Size", "1"}}},
		{Config: []fanout.ConfigLine{{"image size", "1"}}},
		{Config: []fanout.ConfigLine{{"size", ""}}},
	} {
		if _, err := bad.Plan(); err == nil {
			t.Errorf("Plan(%+v): no error", bad)
		}
	}
}

// TestBenchmarkConfigLines: Benchmark prints the job's configuration lines
// before its results and unsets them after, so that a later benchmark does
// not inherit them.
func TestBenchmarkConfigLines(t *testing.T) {
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	if err := bt.Value.Set("1x"); err != nil { // testing.Benchmark runs for -test.benchtime
		t.Fatal(err)
	}
	defer bt.Value.Set(old)
	var out bytes.Buffer
	testing.Benchmark(func(b *testing.B) {
		fanout.Benchmark(b, 3, func(context.Context, int) error { return nil }, fanout.BenchOptions{
			Strategies: []fanout.Strategy{fanout.Sequential{}, fanout.RateLimit{Rate: 1e6, Burst: 3}},
			Floor:      time.Microsecond, Config: []fanout.ConfigLine{{"job", "noop"}}, Out: &out,
		})
	})
	want := "numcpu: " + strconv.Itoa(runtime.NumCPU()) + "\npieces: 3\npiece-floor: 1µs\npiece-rate: 1e+06\npiece-burst: 3\njob: noop\n" +
		"pieces:\npiece-floor:\npiece-rate:\npiece-burst:\njob:\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}
